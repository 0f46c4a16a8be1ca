package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.Npy;
import org.lrppruning.testutil.Shared;
import org.lrppruning.testutil.TestVectors;

/** The command line as a user meets it: output, log lines, exit codes, one-line errors. */
class CliTest {
    @TempDir
    Path dir;

    static CliRun run(String... args) {
        return CliRun.run(args);
    }

    private String model(String dataset) {
        return Shared.file("reference/models/" + dataset + ".npz").toString();
    }

    @Test
    @Tag("shared")
    void aSingleRunPrintsWhatTheReferencePrintsAndAppendsItsFourLogLines() throws IOException {
        Path log = dir.resolve("new-folder/log.txt");
        CliRun o = run("-d", "moon", "-c", "weight", "-n", "1", "-s", "0", "-nt", "0.3", "-l", log.toString(),
                "--model", model("moon"));
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("pre-pruning train accuracy = 100.0%", "post-pruning test accuracy = 89.60000000000001%",
                "Fraction of remaining dense layer filters: 66.66666666666667%", "Done for dataset:moon-criterion:weight-n:2-s:0");
        assertThat(Files.readAllLines(log)).containsExactly(
                "dataset:moon-criterion:weight-n:2-s:0-scenario:train-stage:pre 100.0",
                "dataset:moon-criterion:weight-n:2-s:0-scenario:test-stage:pre 88.2",
                "dataset:moon-criterion:weight-n:2-s:0-scenario:train-stage:post 99.9",
                "dataset:moon-criterion:weight-n:2-s:0-scenario:test-stage:post 89.60000000000001");
    }

    @Test
    @Tag("shared")
    void aRankLogRunLogsThePreLinesAndTheRankingOfAllHiddenNeurons() throws IOException {
        Path log = dir.resolve("log.txt");
        CliRun o = run("-d", "circle", "-c", "lrp", "-n", "2", "-s", "3", "-rl", "-l", log.toString(),
                "--model", model("circle"));
        assertThat(o.code()).as(o.err()).isZero();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("dataset:circle-criterion:lrp-n:4-s:3-scenario:rankselection-stage:pre [");
        String[] idx = lines.get(2).substring(lines.get(2).indexOf('[') + 1, lines.get(2).length() - 1).split(",");
        assertThat(idx).hasSize(3000);
        assertThat(java.util.Arrays.stream(idx).mapToInt(Integer::parseInt).sorted().toArray())
                .isEqualTo(java.util.stream.IntStream.range(0, 3000).toArray());
    }

    @Test
    void invalidValuesExitNonZeroWithOneLineListingTheChoicesAndLeaveTheLogAlone() throws IOException {
        Path log = dir.resolve("log.txt");
        Files.writeString(log, "existing line\n");
        String[][] bad = {
            {"-d", "moons"}, {"-c", "random"}, {"-cm", "viridis"}, {"-n", "0"}, {"-nt", "-0.1"}, {"-r", "pdf"},
            {"--arch", "big"}, {"--model", dir.resolve("missing.npz").toString()}, {"-n", "abc"},
        };
        for (String[] args : bad) {
            String[] full = new String[args.length + 2];
            System.arraycopy(args, 0, full, 0, args.length);
            full[args.length] = "-l";
            full[args.length + 1] = log.toString();
            CliRun o = run(full);
            assertThat(o.code()).as(String.join(" ", args)).isNotZero();
            assertThat(o.err().lines().filter(l -> !l.startsWith("Try ")).count()).as(o.err()).isEqualTo(1);
            assertThat(o.err()).doesNotContain("Exception", "\tat ");
        }
        assertThat(run("-d", "moons", "-l", log.toString()).err()).contains("valid: moon, circle, mult");
        assertThat(run("-cm", "viridis", "-l", log.toString()).err()).contains("Dark2");
        assertThat(Files.readString(log)).isEqualTo("existing line\n");
    }

    @Test
    @Tag("shared")
    void aWrongModelFileNamesTheProblemInOneLine() throws IOException {
        Path notNpz = dir.resolve("model.npz");
        Files.writeString(notNpz, "not a zip");
        CliRun o = run("-d", "moon", "--model", notNpz.toString(), "-l", dir.resolve("log.txt").toString());
        assertThat(o.code()).as("a file of the wrong content is bad input").isEqualTo(2);
        assertThat(o.err()).contains("not an .npz file").hasLineCount(1);
        CliRun wrongClasses = run("-d", "mult", "--model", model("moon"), "-l", dir.resolve("log.txt").toString());
        assertThat(wrongClasses.code()).isNotZero();
        assertThat(wrongClasses.err()).contains("the model has 2 outputs but mult has 4 classes");
    }

    @Test
    void theDatasetCommandWritesCsvAndNpyEqualToTheTestVectors() throws IOException {
        Path csv = dir.resolve("moon.csv");
        assertThat(run("dataset", "-d", "moon", "-n", "10", "-s", "0", "-o", csv.toString()).code()).isZero();
        float[] want = Npy.read(TestVectors.file("moon-n20-s0-X.npy")).asFloats();
        int[] labels = Npy.read(TestVectors.file("moon-n20-s0-y.npy")).asInts();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("x,y,label");
        assertThat(lines).hasSize(21);
        for (int i = 0; i < 20; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertThat(Float.parseFloat(f[0])).isEqualTo(want[2 * i]);
            assertThat(Float.parseFloat(f[1])).isEqualTo(want[2 * i + 1]);
            assertThat(Integer.parseInt(f[2])).isEqualTo(labels[i]);
        }
        Path npy = dir.resolve("noisy.npy");
        assertThat(run("dataset", "-d", "mult", "-s", "7", "--noisytest", "0.3", "-o", npy.toString()).code()).isZero();
        assertThat(Npy.read(dir.resolve("noisy-X.npy")).asFloats())
                .containsExactly(Npy.read(TestVectors.file("mult-noisy0.3-s7-X.npy")).asFloats());
        assertThat(run("dataset", "-d", "moon", "-o", dir.resolve("x.txt").toString()).err()).contains(".csv or .npy");
    }

    @Test
    @Tag("shared")
    void svgFiguresAreWrittenNextToTheLog() {
        Path log = dir.resolve("figs/log.txt");
        CliRun o = run("-d", "moon", "-c", "grad", "-n", "1", "-s", "0", "-r", "svg", "-cm", "Accent",
                "-l", log.toString(), "--model", model("moon"), "--prune-count", "10");
        assertThat(o.code()).as(o.err()).isZero();
        for (String stage : new String[] {"train-stage:pre", "test-stage:pre", "train-stage:post", "test-stage:post"}) {
            String scenario = stage.substring(0, stage.indexOf('-'));
            Path f = dir.resolve("figs/dataset:moon-criterion:grad-n:2-s:0-scenario:" + stage + ".svg");
            assertThat(f).exists();
            assertThat(f).content().contains("<svg", "-pruning " + scenario + " accuracy with grad = ");
        }
    }
}
