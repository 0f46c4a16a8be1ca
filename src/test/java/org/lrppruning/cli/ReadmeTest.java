package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
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
 * The README's examples print what the README shows. A block marked {@code <!-- readme-test ... -->}
 * is a {@code sh} block of commands ({@code bin/lrp-pruning ...} run in-process, {@code cat FILE})
 * followed by a plain block of what they print, stdout then stderr per command. Each block runs in a
 * fresh folder (relative paths in the commands are below it and printed relative again) with a model
 * cache holding the moon model exactly as {@code bin/lrp-pruning train} makes it (training is
 * deterministic). Lines are compared without trailing blanks; the JVM's incubator warning, which the
 * launcher's JVM prints before the tool starts, is not part of what the tool prints in-process.
 */
class ReadmeTest {
    static final String MARKER = "<!-- readme-test";
    static final String JVM_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";
    /** Options whose value is a path, resolved in the block's folder. */
    static final Set<String> PATH_OPTIONS = Set.of("-l", "--logfile", "-o", "--output", "--out", "--model", "--models");

    @TempDir
    static Path home;
    private static String previousHome;

    record Block(int line, List<String> commands, List<String> output) {}

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

    /** The marked blocks of {@code lines}: the sh block after each marker and the plain block after that. */
    static List<Block> blocks(List<String> lines) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(MARKER)) {
                continue;
            }
            int sh = next(lines, i + 1, "```sh");
            List<String> commands = body(lines, sh);
            int plain = next(lines, sh + commands.size() + 2, "```");
            out.add(new Block(i + 1, commands, body(lines, plain)));
        }
        return out;
    }

    private static int next(List<String> lines, int from, String fence) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(fence)) {
                return i;
            }
            if (!lines.get(i).isBlank()) {
                break;
            }
        }
        throw new AssertionError("README line " + (from + 1) + ": expected a " + fence + " block after the marker");
    }

    private static List<String> body(List<String> lines, int fence) {
        List<String> body = new ArrayList<>();
        for (int i = fence + 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```")) {
                return body;
            }
            body.add(lines.get(i));
        }
        throw new AssertionError("README line " + (fence + 1) + ": unclosed block");
    }

    @TestFactory
    Stream<DynamicTest> everyMarkedReadmeBlockPrintsWhatTheReadmeShows() throws IOException {
        List<Block> blocks = blocks(readme());
        assertThat(blocks).as("marked README blocks").hasSizeGreaterThanOrEqualTo(2);
        return blocks.stream().map(b -> DynamicTest.dynamicTest("README line " + b.line() + ": " + b.commands().get(0),
                () -> assertThat(run(b)).as("output of the README block at line " + b.line())
                        .containsExactlyElementsOf(expected(b))));
    }

    static List<String> expected(Block b) {
        return tidy(b.output().stream().filter(l -> !l.equals(JVM_WARNING)).toList());
    }

    /** Runs the block's commands in a fresh folder; what they print, with that folder's path cut off. */
    static List<String> run(Block b) throws IOException {
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
                CliRun r = CliRun.run(cl -> ((RunCommand) cl.getCommand()).workDir = work, args);
                printed.append(r.out()).append(r.err());
            } else if (words[0].equals("cat") && words.length == 2) {
                printed.append(Files.readString(work.resolve(words[1])));
            } else {
                fail("README line " + b.line() + ": the README test runs bin/lrp-pruning and cat, not: " + command);
            }
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
    }

    /** The README's flag table lists exactly the names each registry accepts. */
    @Test
    void theReadmeFlagTableListsExactlyTheRegistriesNames() throws IOException {
        List<String> lines = readme();
        assertThat(tableNames(lines, "-d, --dataset")).containsExactlyInAnyOrderElementsOf(Dataset.ids());
        assertThat(tableNames(lines, "-c, --criterion")).containsExactlyInAnyOrderElementsOf(Criteria.all());
        assertThat(tableNames(lines, "-cm, --colormap")).containsExactlyInAnyOrderElementsOf(Colormaps.names());
        assertThat(tableNames(lines, "-r, --rendermode")).containsExactlyInAnyOrderElementsOf(RunCommand.RenderMode.ids());
        assertThat(tableNames(lines, "--arch")).containsExactlyInAnyOrderElementsOf(Architecture.toyIds());
    }

    /** The backticked words of the meaning column of the table row of {@code flag}. */
    static Set<String> tableNames(List<String> lines, String flag) {
        String row = lines.stream().filter(l -> l.startsWith("| `" + flag + "`")).findFirst()
                .orElseThrow(() -> new AssertionError("no README table row for " + flag));
        String meaning = row.split("\\|")[2];
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(meaning);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
