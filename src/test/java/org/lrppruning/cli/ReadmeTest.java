package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelStore;
import org.lrppruning.plot.Colormaps;

/**
 * The examples of the README and of the docs pages print what the pages show. A block marked
 * {@code <!-- readme-test ... -->} is a {@code sh} block of commands ({@code bin/lrp-pruning ...} run in-process,
 * {@code cat FILE}) followed by a plain block of what they print, stdout then stderr per command. Or the
 * {@code sh} block is followed by a {@code java} block: then the commands only prepare files (they must
 * succeed), and the Java code (imports, then statements), compiled against the API and run in a JVM of its own in
 * that folder, prints the plain block on stdout. Each block runs in a fresh folder (relative paths in the commands
 * are below it and printed relative again) with a model cache holding the moon model exactly as
 * {@code bin/lrp-pruning train} makes it (training is deterministic). Lines are compared without trailing blanks;
 * the JVM's incubator warning, which the launcher's JVM prints before the tool starts, is not part of what the
 * tool prints in-process.
 */
class ReadmeTest {
    static final String MARKER = "<!-- readme-test";
    /** The pages whose marked blocks run: the README and every page of docs/. */
    static final Path DOCS = Paths.get("docs");
    static final String JVM_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    /** Options whose value is a path, resolved in the block's folder. */
    static final Set<String> PATH_OPTIONS = Set.of("-l", "--logfile", "-o", "--output", "--out", "--model", "--models");

    @TempDir
    static Path home;
    private static String previousHome;

    /** A marked example: where it is, its commands, its Java code (empty for none) and what they print. */
    record Block(String where, List<String> commands, List<String> java, List<String> output) {
        Block(int line, List<String> commands, List<String> output) {
            this("line " + line, commands, List.of(), output);
        }
    }

    @BeforeAll
    static void cacheTheMoonModelAsTrainDoes() throws IOException {
        previousHome = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, home.toString());
        ModelStore store = ModelStore.defaultStore();
        store.save(Dataset.MOON, Architecture.PAPER,
                Models.train(Dataset.MOON, Architecture.PAPER, Runtime.getRuntime().availableProcessors(), false).network());
    }

    @AfterAll
    static void restoreHome() {
        if (previousHome == null) {
            System.clearProperty(ModelStore.HOME_PROPERTY);
        } else {
            System.setProperty(ModelStore.HOME_PROPERTY, previousHome);
        }
    }

    static List<String> readme() throws IOException {
        return Files.readAllLines(Paths.get("README.md"));
    }

    /** README.md and the docs pages, in that order. */
    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(Paths.get("README.md")));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The marked blocks of {@code page}, named by the page and line. */
    static List<Block> blocks(Path page) throws IOException {
        return blocks(Files.readAllLines(page)).stream()
                .map(b -> new Block(page + " " + b.where(), b.commands(), b.java(), b.output())).toList();
    }

    /** The marked blocks of {@code lines}: the sh block after each marker, a java block if one follows, then the plain block. */
    static List<Block> blocks(List<String> lines) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(MARKER)) {
                continue;
            }
            int sh = next(lines, i + 1, "```sh");
            List<String> commands = body(lines, sh);
            int after = sh + commands.size() + 2;
            List<String> java = List.of();
            int plain = next(lines, after, "```", "```java");
            if (lines.get(plain).strip().equals("```java")) {
                java = body(lines, plain);
                plain = next(lines, plain + java.size() + 2, "```");
            }
            out.add(new Block("line " + (i + 1), commands, java, body(lines, plain)));
        }
        return out;
    }

    private static int next(List<String> lines, int from, String... fences) {
        for (int i = from; i < lines.size(); i++) {
            if (List.of(fences).contains(lines.get(i).strip())) {
                return i;
            }
            if (!lines.get(i).isBlank()) {
                break;
            }
        }
        throw new AssertionError("line " + (from + 1) + ": expected a " + String.join(" or ", fences)
                + " block after the marker");
    }

    private static List<String> body(List<String> lines, int fence) {
        List<String> body = new ArrayList<>();
        for (int i = fence + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return body;
            }
            body.add(lines.get(i));
        }
        throw new AssertionError("line " + (fence + 1) + ": unclosed block");
    }

    @TestFactory
    Stream<DynamicTest> everyMarkedBlockPrintsWhatItsPageShows() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages()) {
            blocks.addAll(blocks(page));
        }
        // the README's API example, the one run and the dataset command of docs/ at least
        assertThat(blocks(Paths.get("README.md")).size()).as("marked README blocks").isPositive();
        assertThat(blocks.size()).as("marked blocks of README.md and docs/").isGreaterThanOrEqualTo(3);
        assertThat(blocks.stream().filter(b -> !b.java().isEmpty()).count()).as("marked Java examples").isPositive();
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.where() + ": " + b.commands().get(0),
                () -> assertThat(run(b)).as("output of the block at " + b.where())
                        .containsExactlyElementsOf(expected(b))));
    }

    static List<String> expected(Block b) {
        return tidy(b.output().stream().filter(l -> !l.equals(JVM_WARNING)).toList());
    }

    /**
     * Runs the block's commands in a fresh folder; what they print (with that folder's path cut off), or, for a
     * block with Java code, what the code prints.
     */
    static List<String> run(Block b) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory(home, "readme-");
        StringBuilder printed = new StringBuilder();
        for (String command : b.commands()) {
            String[] words = command.strip().split("\\s+");
            if (words[0].equals("bin/lrp-pruning")) {
                String[] args = Arrays.copyOfRange(words, 1, words.length);
                for (int i = 1; i < args.length; i++) {
                    if (PATH_OPTIONS.contains(args[i - 1])) {
                        args[i] = work.resolve(args[i]).toString();
                    }
                }
                CliRun r;
                PrintStream stderr = System.err;
                System.setErr(new PrintStream(OutputStream.nullOutputStream())); // progress bars (train's) stay quiet
                try {
                    r = CliRun.run(cl -> ((RunCommand) cl.getCommand()).workDir = work, args);
                } finally {
                    System.setErr(stderr);
                }
                if (!b.java().isEmpty()) {
                    assertThat(r.code()).as(b.where() + ": " + command + " failed: " + r.err()).isZero();
                }
                printed.append(r.out()).append(r.err());
            } else if (words[0].equals("cat") && words.length == 2) {
                printed.append(Files.readString(work.resolve(words[1])));
            } else {
                fail(b.where() + ": the README test runs bin/lrp-pruning and cat, not: " + command);
            }
        }
        if (!b.java().isEmpty()) {
            return tidy(JavaExample.run(b.java(), work).lines().toList());
        }
        return tidy(printed.toString().replace(work + File.separator, "").lines().toList());
    }

    /** Lines without trailing blanks and without trailing empty lines. */
    static List<String> tidy(List<String> lines) {
        List<String> out = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    @Test
    void theBlockParserFindsCommandsAndOutputAfterAMarker() {
        List<Block> b = blocks(List.of("text", MARKER + " -->", "```sh", "cat a", "```", "", "```", "x", "y", "```"));
        assertThat(b).containsExactly(new Block(2, List.of("cat a"), List.of("x", "y")));
        List<Block> j = blocks(List.of(MARKER + " -->", "```sh", "cat a", "```", "```java", "int i;", "```", "```", "x", "```"));
        assertThat(j).containsExactly(new Block("line 1", List.of("cat a"), List.of("int i;"), List.of("x")));
    }

    /** Every docs page is linked from the README, and every docs link of the README names a file that exists. */
    @Test
    void theReadmeLinksEveryDocsPageAndOnlyPagesThatExist() throws IOException {
        String readme = String.join("\n", readme());
        Set<String> linked = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\]\\((docs/[^)#\\s]+)").matcher(readme);
        while (m.find()) {
            linked.add(m.group(1));
        }
        for (String link : linked) {
            assertThat(Paths.get(link)).as("README link " + link).exists();
        }
        for (Path page : pages().subList(1, pages().size())) {
            assertThat(linked).as("README links " + page).contains("docs/" + page.getFileName());
        }
    }

    /** The single run's flag table (docs/single-run.md) lists exactly the names each registry accepts. */
    @Test
    void theFlagTableListsExactlyTheRegistriesNames() throws IOException {
        List<String> lines = Files.readAllLines(DOCS.resolve("single-run.md"));
        assertThat(tableNames(lines, "-d, --dataset")).containsExactlyInAnyOrderElementsOf(Dataset.ids());
        assertThat(tableNames(lines, "-c, --criterion")).containsExactlyInAnyOrderElementsOf(Criteria.all());
        assertThat(tableNames(lines, "-cm, --colormap")).containsExactlyInAnyOrderElementsOf(Colormaps.names());
        assertThat(tableNames(lines, "-r, --rendermode")).containsExactlyInAnyOrderElementsOf(RunCommand.RenderMode.ids());
        assertThat(tableNames(lines, "--arch")).containsExactlyInAnyOrderElementsOf(Architecture.toyIds());
    }

    /** The backticked words of the meaning column of the table row of {@code flag}. */
    static Set<String> tableNames(List<String> lines, String flag) {
        String row = lines.stream().filter(l -> l.startsWith("| `" + flag + "`")).findFirst()
                .orElseThrow(() -> new AssertionError("no flag table row for " + flag));
        String meaning = row.split("\\|")[2];
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(meaning);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
