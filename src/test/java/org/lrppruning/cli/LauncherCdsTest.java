package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lrp-pruning's class data sharing: a run without an archive writes one at its exit, the next run of the same
 * subcommand takes it when that run succeeded and starts from it, with the same output and nothing from CDS on
 * stderr; a failed, help or version run leaves no archive. Runs the launcher on a stand-in jar (a main that echoes its
 * arguments, exits with 3 for "fail" and otherwise creates the success marker as {@link Main#markSuccess} does), in a
 * copy of the launcher's layout with no sources, so that it builds nothing.
 */
class LauncherCdsTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void standIn() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("bin/lrp-pruning"), bin.resolve("lrp-pruning"));
        bin.resolve("lrp-pruning").toFile().setExecutable(true);
        Path src = Files.createDirectories(root.resolve("standin"));
        Files.writeString(src.resolve("Echo.java"), "public class Echo { public static void main(String[] a)"
                + " throws Exception { java.util.function.Function<String, String> f = s -> \"echo \" + s;"
                + " System.out.println(f.apply(String.join(\" \", a)));"
                + " if (a.length > 1 && a[1].equals(\"fail\")) System.exit(3);"
                + " String m = System.getProperty(\"" + Main.SUCCESS_MARKER + "\");"
                + " if (m != null) java.nio.file.Files.write(java.nio.file.Path.of(m), new byte[0]); } }");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(),
                src.resolve("Echo.java").toString());
        assertThat(rc).isZero();
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Echo");
        Path jar = Files.createDirectories(root.resolve("target")).resolve("lrp-pruning.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.putNextEntry(new JarEntry("Echo.class"));
            j.write(Files.readAllBytes(src.resolve("Echo.class")));
            j.closeEntry();
        }
        // newer than the launcher and pom the copy does not have: the launcher finds nothing to build
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }

    /** A run: exit code, stdout, stderr, and whether the stand-in's class came from a CDS archive. */
    private record Run(int code, String out, String err, boolean shared) {
    }

    /** Runs the launcher with CDS on (whatever the environment says) and the stand-in's class loading logged. */
    private static Run launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("bin/lrp-pruning").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Path loads = Files.createTempFile(root, "loads", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("LRP_PRUNING_CDS");
        pb.environment().put("LRP_PRUNING_JAVA_OPTS", "-Xlog:class+load=info:file=" + loads);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8),
                Files.readString(loads).contains("Echo source: shared objects file"));
    }

    private static List<String> files(String subcommand) throws IOException {
        Path dir = root.resolve("target/cds");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("cmd-" + subcommand + "-"))
                    .sorted().toList();
        }
    }

    private static boolean archived(String subcommand) throws IOException {
        return files(subcommand).stream().anyMatch(n -> n.endsWith(".jsa"));
    }

    @Test
    void theNextRunTakesASuccessfulRunsArchiveAndStartsFromItWithTheSameOutput() throws Exception {
        Run first = launch("alpha", "x");
        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo("echo alpha x\n");
        assertThat(first.shared()).isFalse();
        assertThat(archived("alpha")).isFalse();
        Run second = launch("alpha", "x");
        assertThat(second.shared()).as("the stand-in's class from the archive").isTrue();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(second.err()).isEqualTo(first.err()).doesNotContain("cds").doesNotContain("shared archive");
        assertThat(files("alpha")).singleElement().satisfies(n -> assertThat(n).endsWith(".jsa"));
        assertThat(launch("alpha", "y").shared()).isTrue();
    }

    @Test
    void aFailedRunKeepsItsExitCodeAndItsArchiveIsDropped() throws Exception {
        Run failed = launch("beta", "fail");
        assertThat(failed.code()).isEqualTo(3);
        assertThat(failed.out()).isEqualTo("echo beta fail\n");
        Run next = launch("beta", "x");
        assertThat(next.code()).isZero();
        assertThat(next.shared()).as("nothing taken from the failed run").isFalse();
        assertThat(launch("beta", "x").shared()).as("the successful run's archive").isTrue();
    }

    @Test
    void aHelpOrVersionRunWritesNoArchiveThatLaterRunsWouldBeStuckWith() throws Exception {
        assertThat(launch("delta", "--help").code()).isZero();
        assertThat(launch("delta", "-V").code()).isZero();
        assertThat(files("delta")).isEmpty();
        assertThat(launch("delta", "x").shared()).isFalse();
        assertThat(launch("delta", "x").shared()).isTrue();
    }

    @Test
    void anArchiveCutShortIsDroppedQuietlyAndNothingCrashes() throws Exception {
        assertThat(launch("epsilon", "x").code()).isZero();
        assertThat(launch("epsilon", "x").shared()).isTrue();
        Path whole = root.resolve("target/cds").resolve(files("epsilon").get(0));
        // as a run killed while writing its archive would leave it: cut short, the run ended, its marker there
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String cut = whole + "." + gone.pid() + ".tmp";
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(Path.of(cut), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(Path.of(cut + ".ok"), new byte[0]);
        Files.delete(whole);
        Run next = launch("epsilon", "x");
        assertThat(next.code()).isZero();
        assertThat(next.out()).isEqualTo("echo epsilon x\n");
        assertThat(next.shared()).isFalse();
        assertThat(files("epsilon")).noneSatisfy(n -> assertThat(n).isEqualTo(Path.of(cut).getFileName().toString()));
        try (Stream<Path> s = Files.list(Path.of("."))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneSatisfy(n -> assertThat(n).startsWith("hs_err"));
        }
        assertThat(launch("epsilon", "x").shared()).isTrue();
    }

    @Test
    void withCdsOffNoArchiveIsWritten() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/lrp-pruning").toString(), "gamma");
        pb.environment().put("LRP_PRUNING_CDS", "0");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out).contains("echo gamma");
        assertThat(files("gamma")).isEmpty();
    }

    @Test
    void aSuccessfulRunCreatesTheMarkerItIsGivenAndNoneWithout(@TempDir Path dir) {
        Path marker = dir.resolve("run.ok");
        Main.markSuccess(marker.toString());
        assertThat(marker).exists().isEmptyFile();
        Main.markSuccess(null);
        Main.markSuccess(dir.resolve("no/such/dir/run.ok").toString()); // left out silently
        assertThat(dir.resolve("no")).doesNotExist();
    }
}
