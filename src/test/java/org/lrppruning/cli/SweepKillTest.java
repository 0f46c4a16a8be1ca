package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.testutil.Shared;

/** A sweep killed with SIGKILL in the middle leaves only whole lines, and a resumed sweep completes the log. */
@Tag("shared")
class SweepKillTest {
    @TempDir
    Path dir;

    private String[] sweepArgs(Path log) {
        return new String[] {"sweep", "--models", Shared.file("reference/models").toString(), "--datasets", "moon",
            "--criteria", "weight,lrp,grad", "--numsamples", "1,2", "--seeds", "0-7", "-l", log.toString(),
            "--threads", "2", "--no-progress"};
    }

    @Test
    void killNineLosesOnlyTheRunsInFlightAndResumingCompletesTheLog() throws Exception {
        Path log = dir.resolve("killed/log.txt");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(sweepArgs(log)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()
                && (!Files.exists(log) || Files.readAllLines(log).size() < 20)) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the sweep is still running when it is killed").isTrue();
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<String> afterKill = Files.readAllLines(log);
        assertThat(Files.readString(log)).endsWith("\n");
        assertThat(afterKill).allSatisfy(l -> assertThat(l).matches("dataset:moon-criterion:\\w+-n:\\d+-s:\\d+-scenario:(train|test)-stage:(pre|post) \\d+\\.\\d+"));
        assertThat(afterKill.size() % 4).as("whole runs only").isZero();
        assertThat(afterKill.size()).isLessThan(48 * 4);

        assertThat(CliTest.run(sweepArgs(log)).code()).isZero();
        Path fresh = dir.resolve("fresh/log.txt");
        assertThat(CliTest.run(sweepArgs(fresh)).code()).isZero();
        List<String> resumed = new ArrayList<>(Files.readAllLines(log));
        List<String> expected = new ArrayList<>(Files.readAllLines(fresh));
        resumed.sort(null);
        expected.sort(null);
        assertThat(resumed).hasSize(48 * 4).isEqualTo(expected);
    }
}
