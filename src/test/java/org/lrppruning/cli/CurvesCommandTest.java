package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.curves.TinyCurves;
import org.lrppruning.data.DataFiles;
import org.lrppruning.model.ModelIO;

/** {@code curves} on a tiny trained CNN: output, resume, shards, bad input, and a run killed with SIGKILL. */
class CurvesCommandTest {
    @TempDir
    Path dir;

    private Path model;
    private Path train;
    private Path test;

    @BeforeEach
    void files() throws IOException {
        TinyCurves t = TinyCurves.get();
        model = dir.resolve("tiny.npz");
        ModelIO.save(model, t.net);
        train = dir.resolve("train.npy");
        DataFiles.write(train, t.train);
        test = dir.resolve("test.npy");
        DataFiles.write(test, t.test);
    }

    private String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("curves", "--model", model.toString(), "--arch", TinyCurves.ARCH,
                "--data", train.toString(), "--test", test.toString(), "--no-progress", "--out", out.toString()));
        a.addAll(Arrays.asList(more));
        return a.toArray(new String[0]);
    }

    private static List<String> sorted(Path log) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(log));
        l.sort(null);
        return l;
    }

    @Test
    void printsTheMeanAccuracyPerRateAndCriterionAndResumes() throws Exception {
        Path out = dir.resolve("c");
        String[] a = args(out, "-c", "weight,lrp", "--rates", "0,0.5", "-n", "1,2", "--seeds", "0-1", "--finetune", "2",
                "--finetune-n", "1", "--finetune-seeds", "3", "--finetune-batch", "8");
        CliRun r = CliRun.run(a);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Normalisation: --data " + train + " none; --test " + test + " none\n10 curves in ").contains(", 0 already in " + out.resolve("log.txt"))
                .contains("One shot: mean test accuracy (%) over 4 (n, seed) pairs\nrate  removed  weight")
                .contains("Fine-tuned: mean test accuracy (%) over 1 (n, seed) pairs");
        assertThat(Files.readAllLines(out.resolve("log.txt"))).hasSize(20);
        CliRun again = CliRun.run(a);
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("\n0 curves in ").contains(", 10 already in ");
        assertThat(again.err()).contains("Resuming " + out + ": 10 curves already logged.");
        assertThat(Files.readAllLines(out.resolve("log.txt"))).hasSize(20);
    }

    @Test
    void shardFoldersMergeIntoTheUnshardedLog() throws Exception {
        String[] grid = {"-c", "weight,grad", "--rates", "0,0.25,0.5", "-n", "1,2", "--seeds", "0-2"};
        assertThat(CliRun.run(args(dir.resolve("all"), grid)).code()).isZero();
        List<String> shards = new ArrayList<>(List.of("merge", "-o", dir.resolve("merged").toString()));
        for (int i = 0; i < 2; i++) {
            List<String> a = new ArrayList<>(List.of(args(dir.resolve("s" + i), grid)));
            a.addAll(List.of("--shard", i + "/2", "--threads", "1"));
            assertThat(CliRun.run(a.toArray(new String[0])).code()).isZero();
            shards.add(dir.resolve("s" + i).toString());
        }
        CliRun m = CliRun.run(shards.toArray(new String[0]));
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).isEqualTo(dir.resolve("merged") + ": 36 lines (0 duplicate lines dropped)\n");
        assertThat(sorted(dir.resolve("merged/log.txt"))).isEqualTo(sorted(dir.resolve("all/log.txt")));
        assertThat(Files.readString(dir.resolve("merged/setup.txt"))).isEqualTo(Files.readString(dir.resolve("all/setup.txt")));
    }

    /** Exit code 2, one line naming the problem, and the folder as it was. */
    private void refused(Path out, String message, String... more) throws IOException {
        List<String> before = listing(out);
        CliRun r = CliRun.run(args(out, more));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("lrp-pruning: " + message + "\n");
        assertThat(listing(out)).isEqualTo(before);
    }

    private static List<String> listing(Path d) throws IOException {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(d)) {
            return s.filter(Files::isRegularFile).map(p -> {
                try {
                    return d.relativize(p) + " " + Arrays.hashCode(Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    @Test
    void badInputIsOneLineExitTwoAndNothingWritten() throws Exception {
        Path out = dir.resolve("bad");
        refused(out, "unknown criterion 'size' (valid: " + org.lrppruning.criteria.Criteria.names() + ")",
                "-c", "weight,size");
        refused(out, "--rates must be strictly ascending: 0.2 after 0.5", "-c", "weight", "--rates", "0,0.5,0.2");
        refused(out, "--rates: 1 is outside [0, 1)", "-c", "weight", "--rates", "0,1");
        refused(out, "rate 0.95 would remove 13 of 14 units, but each of the 2 prunable layers keeps at least one (at most"
                + " 12); lower --rates", "-c", "weight", "--rates", "0,0.95");
        refused(out, "--finetune-n does not apply without --finetune", "-c", "weight", "--finetune-n", "1");
        assertThat(out).doesNotExist();

        assertThat(CliRun.run(args(out, "-c", "weight", "--rates", "0,0.5", "-n", "1", "--seeds", "0")).code()).isZero();
        refused(out, out.resolve("setup.txt") + " was written for another setup (it has 'rates: 0,0.5', this run"
                + " 'rates: 0,0.25'); give another folder to keep both", "-c", "weight", "--rates", "0,0.25", "-n", "1",
                "--seeds", "0");
        Files.writeString(out.resolve("log.txt"), "my notes\n");
        refused(out, out.resolve("log.txt") + " is not a log of lrp-pruning (line 1 is not a log line); left unchanged",
                "-c", "weight", "--rates", "0,0.5", "-n", "1", "--seeds", "0");
        CliRun r = CliRun.run("curves", "--model", model.toString(), "--arch", TinyCurves.ARCH, "--data", train.toString(),
                "-c", "weight", "--out", dir.resolve("t").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("lrp-pruning: give --test DATA");
    }

    private List<String> killGrid(Path out) {
        List<String> a = new ArrayList<>(List.of(args(out, "-c", "weight,lrp", "-n", "1", "--seeds",
                "0-7", "--finetune", "4", "--finetune-batch", "16", "--finetune-seeds", "0",
                "--threads", "2")));
        return a;
    }

    @Test
    void killNineLosesOnlyTheCurvesInFlightAndTheResumedLogIsTheUninterruptedOne() throws Exception {
        Path out = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(killGrid(out));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.txt").toFile())
                .start();
        Path log = out.resolve("log.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive() && (!Files.exists(log) || Files.readAllLines(log).size() < 20)) {
            Thread.sleep(10);
        }
        assertThat(p.isAlive()).as("the run is still going when it is killed").isTrue();
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<String> afterKill = Files.readAllLines(log);
        assertThat(Files.readString(log)).endsWith("\n");
        assertThat(afterKill.size() % 10).as("whole curves only").isZero();
        int total = (2 * 8 + 2) * 10;
        assertThat(afterKill.size()).isLessThan(total);

        CliRun resumed = CliRun.run(killGrid(out).toArray(new String[0]));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        CliRun fresh = CliRun.run(killGrid(dir.resolve("fresh")).toArray(new String[0]));
        assertThat(fresh.code()).isZero();
        assertThat(sorted(log)).hasSize(total).isEqualTo(sorted(dir.resolve("fresh/log.txt")));
    }
}
