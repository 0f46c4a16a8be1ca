package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.testutil.Nets;

/**
 * Bad inputs as a user (or a hostile script) gives them: sizes that cannot fit, seeds at the ends
 * of NumPy's range, output paths that cannot be written, a study folder full of someone else's
 * files. Each ends before any work in one line "lrp-pruning: ..." that names the limit or the
 * path and the reason, and leaves every file as it was.
 */
class InputsCliTest {
    @TempDir
    static Path shared;
    /** Tiny paper-shaped models (16 neurons per layer), DIR/{dataset}.npz. */
    static Path tiny;
    /** A paper-sized mult model (3 × 1000 neurons), so that run sizes are those of the paper's network. */
    static Path paperMult;

    @TempDir
    Path dir;

    @BeforeAll
    static void models() throws IOException {
        tiny = shared.resolve("tiny");
        for (Dataset d : Dataset.values()) {
            ModelIO.save(tiny.resolve(d.id() + ".npz"), Nets.paperShaped(d.ordinal(), 16, 16, 16, d.classes(), false));
        }
        paperMult = shared.resolve("paper-mult.npz");
        ModelIO.save(paperMult, Architecture.PAPER.initialise(4, 1));
    }

    private static String tinyModel(String dataset) {
        return tiny.resolve(dataset + ".npz").toString();
    }

    /** Every file below the folder with its bytes. */
    private static Map<Path, String> snapshot(Path root) throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted().toList()) {
                files.put(root.relativize(p), Files.isRegularFile(p)
                        ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1) : "<dir>");
            }
        }
        return files;
    }

    /** A failed call: the exit code, and exactly one line of the form "lrp-pruning: ...". */
    private static String oneLineFailure(CliRun o, int code) {
        assertThat(o.code()).as(o.err()).isEqualTo(code);
        assertThat(o.err().strip().lines().toList()).as(o.err()).hasSize(1);
        assertThat(o.err()).startsWith("lrp-pruning: ").doesNotContain("Exception", "\tat ");
        return o.err().strip();
    }

    @Test
    void sizesThatCannotFitAreRefusedBeforeAnyWorkNamingTheLimit() throws IOException {
        Path log = Files.writeString(dir.resolve("log.txt"),
                "dataset:moon-criterion:weight-n:2-s:0-scenario:train-stage:pre 100.0\n");
        Map<Path, String> before = snapshot(dir);

        CliRun n20000 = CliRun.run("-d", "mult", "-n", "20000", "--model", paperMult.toString(), "-l", log.toString());
        assertThat(oneLineFailure(n20000, 2)).contains("numsamples of mult: 20000 samples per class need about",
                "heap holds (at most", "samples per class; more heap: LRP_PRUNING_JAVA_OPTS=");
        assertThat(n20000.out()).doesNotContain("Running");

        CliRun n1e9 = CliRun.run("-d", "mult", "-n", "1000000000", "--model", paperMult.toString(), "-l", log.toString());
        assertThat(oneLineFailure(n1e9, 2)).contains("numsamples 1000000000 per class of mult",
                "more than a Java array holds (2147483639)");

        CliRun seeds = CliRun.run("sweep", "--datasets", "moon", "--criteria", "weight", "--numsamples", "1",
                "--seeds", "0-9999999999", "--models", tiny.toString(), "-l", log.toString(), "--no-progress");
        assertThat(oneLineFailure(seeds, 2)).contains("between 0 and 4294967295", "9999999999");
        CliRun allSeeds = CliRun.run("sweep", "--datasets", "moon", "--criteria", "weight", "--numsamples", "1",
                "--seeds", "0-4294967295", "--noisytest", "0", "--models", tiny.toString(), "-l", log.toString(),
                "--no-progress");
        assertThat(oneLineFailure(allSeeds, 2)).contains("4294967296 seeds need about", "(at most");

        Path csv = dir.resolve("points.csv");
        assertThat(oneLineFailure(CliRun.run("dataset", "-d", "moon", "-n", "1000000000", "-o", csv.toString()), 2))
                .contains("numsamples 1000000000 per class of moon", "more than a Java array holds");
        assertThat(oneLineFailure(CliRun.run("dataset", "-d", "mult", "-n", "100000000", "-o", csv.toString()), 2))
                .contains("numsamples of mult: 100000000 samples per class need about", "(at most");

        Path study = dir.resolve("study");
        CliRun steps = CliRun.run("reproduce", "--quick", "--models", tiny.toString(), "--out", study.toString(),
                "--prune-count", "16", "--grid-steps", "5000", "--no-progress");
        assertThat(oneLineFailure(steps, 2)).contains("--grid-steps 5000: the qualitative figure's 30 tiles",
                "(at most about ", " steps;");
        assertThat(steps.out()).doesNotContain("[1/6]");

        assertThat(snapshot(dir)).isEqualTo(before);
    }

    @Test
    void theLargestNumpySeedRunsAndASeedOutsideTheRangeIsRefusedWithTheRange() throws IOException {
        Path log = dir.resolve("log.txt");
        CliRun ok = CliRun.run("-d", "moon", "-c", "weight", "-n", "1", "-s", "4294967295", "-nt", "0",
                "--model", tinyModel("moon"), "--prune-count", "8", "-l", log.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readAllLines(log)).hasSize(4)
                .allMatch(l -> l.startsWith("dataset:moon-criterion:weight-n:2-s:4294967295-scenario:"));
        CliRun sweep = CliRun.run("sweep", "--datasets", "circle", "--criteria", "weight", "--numsamples", "1",
                "--seeds", "4294967294-4294967295", "--noisytest", "0", "--models", tiny.toString(),
                "--prune-count", "8", "-l", dir.resolve("sweep.txt").toString(), "--no-progress");
        assertThat(sweep.code()).as(sweep.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("sweep.txt"))).hasSize(8);
        Path csv = dir.resolve("max.csv");
        assertThat(CliRun.run("dataset", "-d", "mult", "-n", "2", "-s", "4294967295", "-o", csv.toString()).code()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(9);

        Map<Path, String> before = snapshot(dir);
        assertThat(oneLineFailure(CliRun.run("-d", "moon", "-s", "4294967296", "--model", tinyModel("moon"),
                "-l", log.toString()), 2)).contains("seed must be between 0 and 4294967295", "was 4294967296");
        assertThat(oneLineFailure(CliRun.run("-d", "moon", "-s", "4294967295", "-nt", "0.3", "--model",
                tinyModel("moon"), "-l", log.toString()), 2)).contains("seed + 1 = 4294967296", "0..4294967295");
        assertThat(oneLineFailure(CliRun.run("dataset", "-d", "moon", "-s", "-1", "-o", csv.toString(), "--force"), 2))
                .contains("between 0 and 4294967295");
        assertThat(snapshot(dir)).isEqualTo(before);
    }

    @Test
    void aFolderHoldingSomeoneElsesFilesIsRefusedUntouched() throws IOException {
        Path theirs = Files.createDirectories(dir.resolve("their-work"));
        Files.writeString(theirs.resolve("report.html"), "<html>my thesis results</html>\n");
        Files.write(theirs.resolve("summary.csv"), new byte[] {1, 2, 3, (byte) 0xff});
        Map<Path, String> before = snapshot(dir);
        CliRun o = CliRun.run("reproduce", "--quick", "--models", tiny.toString(), "--out", theirs.toString(),
                "--prune-count", "16", "--grid-steps", "20", "--no-progress");
        assertThat(oneLineFailure(o, 2)).isEqualTo("lrp-pruning: " + theirs.toAbsolutePath()
                + ": holds files this tool did not write (report.html, summary.csv) and no setup.txt of a study; "
                + "choose a new or empty --out");
        assertThat(snapshot(dir)).isEqualTo(before);
    }

    @Test
    void unusableOutputPathsAreRefusedBeforeAnyWorkWithThePathAndTheReason() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a regular file, not a folder\n");
        Path shard = Files.writeString(dir.resolve("shard.txt"),
                "dataset:moon-criterion:weight-n:2-s:0-scenario:train-stage:pre 100.0\n");
        Path aFolder = Files.createDirectories(dir.resolve("a-folder"));
        Path csvFolder = Files.createDirectories(dir.resolve("a-folder.csv"));
        Files.writeString(csvFolder.resolve("inside"), "not to be replaced");
        String under = blocker.resolve("x").toString();
        String moon = tinyModel("moon");
        Map<String, String[]> calls = new LinkedHashMap<>();
        calls.put("run", new String[] {"-d", "moon", "--model", moon, "-l", under + "/log.txt"});
        calls.put("run -r svg", new String[] {"-d", "moon", "--model", moon, "-r", "svg", "-l", under + "/log.txt"});
        calls.put("run into a folder", new String[] {"-d", "moon", "--model", moon, "-l", aFolder.toString()});
        calls.put("sweep", new String[] {"sweep", "--datasets", "moon", "--criteria", "weight", "--numsamples", "1",
            "--seeds", "0", "--models", tiny.toString(), "-l", under + "/log.txt", "--no-progress"});
        calls.put("train", new String[] {"train", "-d", "moon", "-o", under + "/moon.npz"});
        calls.put("dataset", new String[] {"dataset", "-d", "moon", "-o", under + "/points.csv"});
        calls.put("dataset npy", new String[] {"dataset", "-d", "moon", "-o", under + "/points.npy"});
        calls.put("dataset into a folder", new String[] {"dataset", "-d", "moon", "-o", csvFolder.toString()});
        calls.put("analyze", new String[] {"analyze", "-l", under + "/log.txt"});
        calls.put("merge", new String[] {"merge", "-l", under + "/all.txt", shard.toString()});
        calls.put("reproduce", new String[] {"reproduce", "--quick", "--models", tiny.toString(), "--out", under,
            "--no-progress"});
        Map<Path, String> before = snapshot(dir);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String[]> c : calls.entrySet()) {
            CliRun o = CliRun.run(c.getValue());
            String line = oneLineFailure(o, 2);
            // "lrp-pruning: PATH: reason" with an absolute path below the temporary folder
            assertThat(line).as(c.getKey()).matches("lrp-pruning: /\\S+: \\S.*");
            assertThat(line).as(c.getKey()).containsAnyOf(blocker.toAbsolutePath() + " is not a directory",
                    "is a directory, expected a file");
            assertThat(o.out()).as(c.getKey()).doesNotContain("Running", "[1/6]", "Wrote");
            if (!snapshot(dir).equals(before)) {
                problems.add(c.getKey() + " changed files");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aDatasetThatCannotBeWrittenLeavesNoTemporaryFile() throws IOException {
        Path target = Files.createDirectories(dir.resolve("points.csv"));
        Files.writeString(target.resolve("kept.txt"), "kept");
        Map<Path, String> before = snapshot(dir);
        CliRun o = CliRun.run("dataset", "-d", "moon", "-o", target.toString());
        assertThat(oneLineFailure(o, 2)).isEqualTo("lrp-pruning: " + target.toAbsolutePath()
                + ": is a directory, expected a file");
        assertThat(snapshot(dir)).isEqualTo(before);
    }
}
