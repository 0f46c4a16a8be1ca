package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.experiment.LogLines;
import org.lrppruning.testutil.Nets;

/**
 * Several sweeps on one log at once, as separate processes and as threads of this JVM, some
 * processes killed with SIGKILL at seeded random moments: the log never holds a line twice, and a
 * resumed sweep completes it to exactly the lines of one uninterrupted sweep.
 */
class ConcurrentWritersTest {
    @TempDir
    Path dir;

    /** 2 data sets x 3 criteria x 2 sample counts x 4 seeds = 48 runs, 192 lines. */
    private static final int LINES = 48 * 4;

    private static List<String> sweepArgs(Path models, Path log) {
        return List.of("sweep", "--models", models.toString(), "--datasets", "moon,mult", "--criteria", "weight,lrp,grad",
                "--numsamples", "1,2", "--seeds", "0-3", "--prune-count", "6", "--threads", "1", "--no-progress",
                "-l", log.toString());
    }

    private Process start(Path models, Path log, int i) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(sweepArgs(models, log));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out-" + i + ".txt").toFile())
                .start();
    }

    private static int lineCount(Path log) throws IOException {
        return Files.exists(log) ? (int) Files.readString(log).chars().filter(c -> c == '\n').count() : 0;
    }

    @Test
    void writersSharingALogLogEachRunOnceEvenWhenSomeAreKilled() throws Exception {
        Path models = Nets.modelDir(dir.resolve("models"), 8);
        Path log = dir.resolve("shared/log.txt");
        Random rnd = new Random(20240611);
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            procs.add(start(models, log, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<CliRun>> threads = new ArrayList<>();
        try {
            for (int t = 0; t < 2; t++) {
                threads.add(pool.submit(() -> CliRun.run(sweepArgs(models, log).toArray(new String[0]))));
            }
            // kill processes 0 and 1 once the log has reached a random number of lines
            for (int k = 0; k < 2; k++) {
                int at = LINES / 10 + rnd.nextInt(LINES / 2);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lineCount(log) < at && System.nanoTime() < deadline) {
                    Thread.sleep(rnd.nextInt(5));
                }
                assertThat(procs.get(k).isAlive()).as("process " + k + " still working at line " + at).isTrue();
                procs.get(k).destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
                assertThat(procs.get(k).waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            for (Future<CliRun> f : threads) {
                CliRun r = f.get(120, TimeUnit.SECONDS);
                assertThat(r.code()).as(r.err()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        Process survivor = procs.get(2);
        assertThat(survivor.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(survivor.exitValue()).as(Files.readString(dir.resolve("out-2.txt"))).isZero();

        // no line twice; every line whole, but for a tail that a kill may have torn
        List<String> lines = Files.readAllLines(log);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            LogLines.Shape s = LogLines.shape(lines.get(i));
            boolean last = i == lines.size() - 1 && !Files.readString(log).endsWith("\n");
            assertThat(s).as(lines.get(i)).isIn(last ? List.of(LogLines.Shape.LINE, LogLines.Shape.PREFIX)
                    : List.of(LogLines.Shape.LINE));
            if (s == LogLines.Shape.LINE) {
                assertThat(names.add(LogLines.name(lines.get(i)))).as("logged once: " + lines.get(i)).isTrue();
            }
        }
        assertThat(names).hasSizeGreaterThan(LINES / 2);

        CliRun resumed = CliRun.run(sweepArgs(models, log).toArray(new String[0]));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        Path fresh = dir.resolve("fresh/log.txt");
        assertThat(CliRun.run(sweepArgs(models, fresh).toArray(new String[0])).code()).isZero();
        List<String> got = new ArrayList<>(Files.readAllLines(log));
        List<String> want = new ArrayList<>(Files.readAllLines(fresh));
        got.sort(null);
        want.sort(null);
        assertThat(want).hasSize(LINES);
        assertThat(got).isEqualTo(want);
    }
}
