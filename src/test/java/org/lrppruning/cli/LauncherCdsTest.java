package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
 * bin/lrp-pruning's class data sharing: the first run of a subcommand writes an archive, later runs start from it,
 * with the same output and nothing from CDS on stderr; a failed run, a help or a version run leave no archive and no
 * temporary file. Runs the launcher on a stand-in jar (a main that echoes its arguments, exit code 3 for "fail"), in a
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
        Files.writeString(src.resolve("Echo.java"), "public class Echo { public static void main(String[] a) {"
                + " java.util.function.Function<String, String> f = s -> \"echo \" + s;"
                + " System.out.println(f.apply(String.join(\" \", a)));"
                + " if (a.length > 1 && a[1].equals(\"fail\")) System.exit(3); } }");
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

    private record Run(int code, String out, String err) {
    }

    private static Run launch(String... args) throws Exception {
        return launchWith(null, args);
    }

    /** Runs the launcher with CDS on and {@code javaOpts} (null: none) as LRP_PRUNING_JAVA_OPTS. */
    private static Run launchWith(String javaOpts, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(root.resolve("bin/lrp-pruning").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("LRP_PRUNING_CDS");
        pb.environment().remove("LRP_PRUNING_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("LRP_PRUNING_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> archives() throws IOException {
        Path dir = root.resolve("target/cds");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theFirstRunOfASubcommandWritesItsArchiveAndLaterRunsUseItWithTheSameOutput() throws Exception {
        Run first = launch("alpha", "x");
        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo("echo alpha x\n");
        assertThat(archives()).anySatisfy(name -> assertThat(name).startsWith("cmd-alpha-").endsWith(".jsa"));
        assertThat(archives()).noneSatisfy(name -> assertThat(name).endsWith(".tmp"));
        Path loads = root.resolve("loads.txt");
        Run second = launchWith("-Xlog:class+load=info:file=" + loads, "alpha", "x");
        assertThat(second).isEqualTo(first);
        assertThat(second.err()).doesNotContain("cds").doesNotContain("shared archive");
        // the stand-in's own class and its lambda came from the archive, not from the jar
        assertThat(Files.readString(loads)).containsPattern("Echo source: shared objects file")
                .containsPattern("Echo\\$\\$Lambda.* source: shared objects file");
    }

    @Test
    void aFailedRunKeepsItsExitCodeAndLeavesNoArchive() throws Exception {
        Run failed = launch("beta", "fail");
        assertThat(failed.code()).isEqualTo(3);
        assertThat(failed.out()).isEqualTo("echo beta fail\n");
        assertThat(archives()).noneSatisfy(name -> assertThat(name).startsWith("cmd-beta-"));
        assertThat(archives()).noneSatisfy(name -> assertThat(name).endsWith(".tmp"));
    }

    @Test
    void aHelpOrVersionRunWritesNoArchiveThatLaterRunsWouldBeStuckWith() throws Exception {
        assertThat(launch("delta", "--help").code()).isZero();
        assertThat(launch("delta", "-V").code()).isZero();
        assertThat(archives()).noneSatisfy(name -> assertThat(name).startsWith("cmd-delta-"));
        assertThat(launch("delta", "x").code()).isZero();
        assertThat(archives()).anySatisfy(name -> assertThat(name).startsWith("cmd-delta-"));
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
        assertThat(archives()).noneSatisfy(name -> assertThat(name).startsWith("cmd-gamma-"));
    }
}
