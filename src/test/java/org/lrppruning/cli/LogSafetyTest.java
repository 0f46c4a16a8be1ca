package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.io.FileLocks;
import org.lrppruning.testutil.Nets;

/**
 * Issue 11's promise at the command line: a file the tool did not write is never changed, a log
 * never holds a run twice, a failure is one line naming the path and the reason.
 */
class LogSafetyTest {
    @TempDir
    Path dir;

    Path models;

    @BeforeEach
    void smallModels() throws IOException {
        models = Nets.modelDir(dir.resolve("models"), 8);
    }

    /** Every file below {@code root} with its bytes, to compare before and after. */
    private static Map<Path, byte[]> snapshot(Path root) throws IOException {
        Map<Path, byte[]> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static void assertSameFiles(Map<Path, byte[]> before, Map<Path, byte[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((p, b) -> assertThat(after.get(p)).as(p.toString()).isEqualTo(b));
    }

    /** One line on stderr, printable ASCII only (no bytes of the file echoed), naming {@code what}. */
    private static void assertOneLineFailure(CliRun r, String what, String reason) {
        assertThat(r.code()).as(r.err()).isNotZero();
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err().strip()).matches("[ -~]+").contains(what).contains(reason);
    }

    private String[] sweep(Path log, String... more) {
        List<String> a = new ArrayList<>(List.of("sweep", "--models", models.toString(), "--prune-count", "6",
                "--threads", "1", "--no-progress", "-l", log.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void everyCommandRefusesAFileThatIsNotALogWithOneLineAndLeavesItUnchanged() throws IOException {
        byte[] random = new byte[5000];
        new Random(11).nextBytes(random);
        Path b = dir.resolve("b.txt");
        Files.write(b, random);
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my notes\nlast line, no newline");
        Path log = dir.resolve("ok.txt");
        Files.writeString(log, "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 100.0\n");
        for (Path f : List.of(b, notes)) {
            Map<Path, byte[]> before = snapshot(dir);
            // the reproduction
            assertOneLineFailure(CliRun.run("sweep", "--datasets", "moon", "--criteria", "lrp", "--numsamples", "1",
                    "--seeds", "0", "-l", f.toString()), f.toString(), "is not a log of lrp-pruning");
            assertOneLineFailure(CliRun.run(sweep(f, "--datasets", "moon", "--criteria", "lrp", "--numsamples", "1",
                    "--seeds", "0")), f.toString(), "is not a log");
            assertOneLineFailure(CliRun.run("-d", "moon", "-n", "1", "-s", "0", "-l", f.toString()), f.toString(),
                    "is not a log");
            assertOneLineFailure(CliRun.run("merge", log.toString(), "-l", f.toString()), f.toString(), "is not a log");
            assertOneLineFailure(CliRun.run("merge", f.toString(), "-l", dir.resolve("merged.txt").toString()),
                    f.toString(), "is not a log");
            assertSameFiles(before, snapshot(dir));
        }
        Map<Path, byte[]> before = snapshot(dir);
        assertOneLineFailure(CliRun.run("analyze", "-l", b.toString()), b.toString(), "is not a text log");
        assertSameFiles(before, snapshot(dir));
    }

    @Test
    void aLogWhoseLastLineLacksItsNewlineIsResumedNotCut() throws IOException {
        Path log = dir.resolve("log.txt");
        assertThat(CliRun.run(sweep(log, "--datasets", "moon", "--criteria", "lrp", "--numsamples", "1", "--seeds", "0-1"))
                .code()).isZero();
        String whole = Files.readString(log);
        Files.writeString(log, whole.substring(0, whole.length() - 1)); // an editor dropped the final newline
        CliRun r = CliRun.run(sweep(log, "--datasets", "moon", "--criteria", "lrp", "--numsamples", "1", "--seeds", "0-2"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 runs in").contains("2 already in");
        String after = Files.readString(log);
        assertThat(after).startsWith(whole).endsWith("\n");
        assertThat(after.lines()).hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void repeatedGridValuesRunOnce() throws IOException {
        Path log = dir.resolve("log.txt");
        CliRun r = CliRun.run(sweep(log, "--datasets", "moon,moon", "--criteria", "lrp,grad,lrp", "--numsamples", "1,2,1",
                "--seeds", "0,0,1-2,1"));
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(2 * 2 * 3 * 4).doesNotHaveDuplicates();
        assertThat(r.out()).startsWith("12 runs in");
    }

    @Test
    void flagsThatDoNotApplyAreRefusedWithOneLineAndNothingIsWritten() throws IOException {
        Path log = dir.resolve("log.txt");
        Map<Path, byte[]> before = snapshot(dir);
        List<String[]> refused = List.of(
                new String[] {"-g", "-rl", "-nt", "0.3"},
                new String[] {"-g", "-d", "moon"},
                new String[] {"-g", "-a"},
                new String[] {"-a", "-l", log.toString(), "-d", "moon"},
                new String[] {"-a", "-rl", "-l", log.toString(), "-r", "png"},
                new String[] {"analyze", "-rl", "-l", log.toString(), "-r", "png"},
                new String[] {"-d", "moon", "--rankscores", "-l", log.toString()},
                new String[] {"-d", "moon", "-rl", "--prune-count", "5", "-l", log.toString()},
                sweep(log, "--datasets", "moon", "--rankscores"),
                sweep(log, "--datasets", "moon", "-rl"), // sweep() passes --prune-count
                new String[] {"dataset", "-d", "moon", "--train", "-nt", "0.3", "-o", dir.resolve("t.csv").toString()},
                new String[] {"dataset", "-d", "moon", "--train", "-s", "3", "-o", dir.resolve("t.csv").toString()},
                new String[] {"dataset", "-d", "moon", "-nt", "0.3", "-n", "7", "-o", dir.resolve("t.csv").toString()},
                new String[] {"reproduce", "--no-rank", "--rank-seeds", "0", "--out", dir.resolve("study").toString()});
        for (String[] args : refused) {
            CliRun r = CliRun.run(cl -> ((RunCommand) cl.getCommand()).workDir = dir, args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).contains("does not apply");
        }
        assertSameFiles(before, snapshot(dir));
        // without the refused flag a rank sweep runs, even on models smaller than the default prune count
        Path rank = dir.resolve("rank.txt");
        CliRun ok = CliRun.run("sweep", "--models", models.toString(), "-rl", "--datasets", "moon", "--criteria", "lrp",
                "--numsamples", "1", "--seeds", "0", "--threads", "1", "--no-progress", "-l", rank.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readAllLines(rank)).hasSize(3);
    }

    @Test
    void analyzeCountsARepeatedLineOnceWithAWarningAndRefusesConflictingValues() throws IOException {
        Path clean = dir.resolve("clean/log.txt");
        Path dup = dir.resolve("dup/log.txt");
        Files.createDirectories(clean.getParent());
        Files.createDirectories(dup.getParent());
        String log = org.lrppruning.report.AccuracyAnalysisTestLog.LOG;
        List<String> lines = new ArrayList<>(log.lines().toList());
        Files.writeString(clean, log);
        lines.add(lines.get(3)); // a run logged twice by two writers: line 29 repeats line 4
        Files.writeString(dup, String.join("\n", lines) + "\n");
        CliRun a = CliRun.run("analyze", "-l", clean.toString());
        CliRun b = CliRun.run("analyze", "-l", dup.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.err()).contains("counted 1 repeated line once: " + lines.size());
        assertThat(b.out()).isEqualTo(a.out().replace(clean.getParent().toString(), dup.getParent().toString()));
        assertThat(Files.readString(dup.resolveSibling("summary.csv"))).isEqualTo(
                Files.readString(clean.resolveSibling("summary.csv")));

        Path conflict = dir.resolve("conflict/log.txt");
        Files.createDirectories(conflict.getParent());
        lines.set(lines.size() - 1, lines.get(3).replace(" 98.0", " 97.0"));
        Files.writeString(conflict, String.join("\n", lines) + "\n");
        Map<Path, byte[]> before = snapshot(conflict.getParent());
        CliRun c = CliRun.run("analyze", "-l", conflict.toString());
        assertOneLineFailure(c, conflict.toString(), "1 conflicting duplicate(s)");
        assertThat(c.err()).contains("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:post (" + conflict + ":4 vs "
                + conflict + ":" + lines.size() + ")");
        assertSameFiles(before, snapshot(conflict.getParent()));
    }

    @Test
    void everyRegisteredCriterionIsAnalysedPlottedAndReported() throws IOException {
        for (String c : Criteria.all()) {
            Path log = dir.resolve(c + "/log.txt");
            Path rank = dir.resolve(c + "/rank/log.txt");
            Files.createDirectories(rank.getParent());
            StringBuilder acc = new StringBuilder();
            StringBuilder ranks = new StringBuilder();
            for (String crit : List.of("weight", c)) {
                for (int s = 0; s < 2; s++) {
                    String run = "dataset:moon-criterion:" + crit + "-n:2-s:" + s;
                    acc.append(run).append("-scenario:train-stage:pre 100.0\n")
                            .append(run).append("-scenario:test-stage:pre 90.0\n")
                            .append(run).append("-scenario:train-stage:post ").append(90 + s).append(".0\n")
                            .append(run).append("-scenario:test-stage:post ").append(80 + s).append(".5\n");
                    ranks.append(run).append("-scenario:rankselection-stage:pre ").append(s == 0 ? "[0,1,2,3]" : "[1,0,2,3]")
                            .append('\n');
                }
            }
            Files.writeString(log, acc.toString());
            Files.writeString(rank, ranks.toString());
            CliRun a = CliRun.run("analyze", "-l", log.toString());
            assertThat(a.code()).as(c + ": " + a.err()).isZero();
            assertThat(a.err()).as(c).doesNotContain("malformed");
            assertThat(a.out()).contains("crit=" + c + ", n=1.0 : train acc = 90.50");
            assertThat(Files.readString(log.resolveSibling("summary.csv"))).contains(c);
            assertThat(log.resolveSibling("moon-train.svg")).isRegularFile();
            assertThat(Files.readString(log.resolveSibling("moon-train.svg"))).contains(">" + c + "<");
            CliRun r = CliRun.run("analyze", "-rl", "-l", rank.toString(), "--threads", "1");
            assertThat(r.code()).as(c + ": " + r.err()).isZero();
            assertThat(Files.readString(rank.resolveSibling("rank_and_set-moon.txt"))).contains(" " + c + " ");
            String html = org.lrppruning.report.StudyReport.html(new org.lrppruning.report.StudyReport.Data("t",
                    log.getParent().toAbsolutePath(), Map.of(), List.of(), List.of(), List.of(),
                    org.lrppruning.report.AccuracyAnalysis.run(log, List.of(), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                            new java.io.PrintWriter(java.io.Writer.nullWriter())).stats(),
                    List.of(), List.of(), Map.of(), List.of(), List.of()));
            assertThat(html).as(c).contains("<th>" + c + "</th>");
        }
    }

    @Test
    void aSecondReproduceOnOneFolderIsRefusedWithOneLineAndChangesNothing() throws IOException {
        Path study = dir.resolve("study");
        Files.createDirectories(study);
        try (FileLocks.Held held = FileLocks.tryLock(study.resolve(ReproduceCommand.LOCK))) {
            assertThat(held).isNotNull();
            Map<Path, byte[]> before = snapshot(study);
            CliRun r = CliRun.run("reproduce", "--out", study.toString(), "--models", models.toString(), "--datasets",
                    "moon", "--seeds", "0", "--numsamples", "1", "--no-rank", "--prune-count", "6", "--grid-steps", "10",
                    "--threads", "1", "--no-progress");
            assertOneLineFailure(r, study.toString(), "is in use by another reproduce");
            assertSameFiles(before, snapshot(study));
        }
    }
}
