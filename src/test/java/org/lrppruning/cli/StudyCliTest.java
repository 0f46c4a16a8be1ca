package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The reference's workflow flags: -g writes the scripts, -a and analyze read logs. */
class StudyCliTest {
    @TempDir
    Path dir;

    /** Runs the CLI with -g writing below {@code dir}, its scripts calling {@code dir/bin/lrp-pruning}. */
    private CliRun run(String... args) {
        return CliRun.run(cl -> {
            ((RunCommand) cl.getCommand()).workDir = dir;
            ((RunCommand) cl.getCommand()).launcher = launcher();
        }, args);
    }

    private Path launcher() {
        return dir.resolve("bin/lrp-pruning").toAbsolutePath();
    }

    /** The run lines of a script, each starting with the launcher variable. */
    private static List<String> commands(Path script) throws IOException {
        return Files.readAllLines(script).stream().filter(l -> l.startsWith(GenerateScripts.RUN_PREFIX)).toList();
    }

    @Test
    void generateWritesOneScriptPerDatasetAndCriterionCallingOurCliWithTheSameFlags() throws IOException {
        CliRun o = run("-g", "-nt", "0.3");
        assertThat(o.code()).as(o.err()).isZero();
        Path scripts = dir.resolve("scripts-noisytest-0.3");
        assertThat(dir.resolve("output-noisytest-0.3")).isDirectory();
        try (Stream<Path> files = Files.list(scripts)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "circle-grad.sh", "circle-lrp.sh", "circle-taylor.sh", "circle-weight.sh",
                    "moon-grad.sh", "moon-lrp.sh", "moon-taylor.sh", "moon-weight.sh",
                    "mult-grad.sh", "mult-lrp.sh", "mult-taylor.sh", "mult-weight.sh");
        }
        Path moonLrp = scripts.resolve("moon-lrp.sh");
        assertThat(Files.readAllLines(moonLrp).get(0)).isEqualTo("#!/bin/bash");
        assertThat(Files.isExecutable(moonLrp)).isTrue();
        List<String> lines = commands(moonLrp);
        assertThat(lines).hasSize(8 * 50);
        assertThat(Files.readAllLines(moonLrp)).contains("lrp=" + Launcher.shellQuote(launcher().toString()));
        assertThat(lines.get(0)).isEqualTo("\"$lrp\" --rendermode none --colormap Accent --logfile "
                + "./output-noisytest-0.3/log.txt --dataset moon --criterion lrp --numsamples 1 --seed 0 --noisytest 0.3");
        assertThat(lines.get(399)).contains("--numsamples 200 --seed 49 ");
        // every line is a valid call of our CLI
        for (String line : lines) {
            String[] args = line.substring(GenerateScripts.RUN_PREFIX.length() + 1).split(" ");
            RunCommand cmd = new RunCommand();
            new CommandLine(cmd).parseArgs(args);
            assertThat(cmd.noisyTest).isEqualTo(0.3);
        }
        assertThat(o.out()).contains("Done generating experiment scripts.");
    }

    @Test
    void generateWithRankLogWritesTheRankAnalysisScriptsAndWithoutOptionsThePlainOnes() throws IOException {
        CliRun o = run("-g", "-rl");
        assertThat(o.code()).as(o.err()).isZero();
        List<String> rank = commands(dir.resolve("scripts-rankanalysis/mult-weight.sh"));
        assertThat(rank).hasSize(400).allMatch(l -> l.endsWith(" --ranklog") && !l.contains("--noisytest"));
        assertThat(rank.get(0)).contains("--logfile ./output-rankanalysis/log.txt --dataset mult --criterion weight");
        assertThat(dir.resolve("output-rankanalysis")).isDirectory();

        assertThat(run("-g").code()).isZero();
        List<String> plain = commands(dir.resolve("scripts/circle-taylor.sh"));
        assertThat(plain.get(0)).endsWith("--logfile ./output/log.txt --dataset circle --criterion taylor --numsamples 1 --seed 0");
        assertThat(dir.resolve("output")).isDirectory();
    }

    @Test
    void aGeneratedScriptRunsFromAnyDirectoryInTheFolderItWasGeneratedIn() throws IOException, InterruptedException {
        Path calls = dir.resolve("calls.txt");
        Files.createDirectories(launcher().getParent());
        // a stand-in launcher that records where it runs and with what
        Files.writeString(launcher(), "#!/bin/sh\necho \"$PWD $*\" >> " + Launcher.shellQuote(calls.toString()) + "\n");
        assertThat(launcher().toFile().setExecutable(true)).isTrue();
        assertThat(run("-g", "-rl").code()).isZero();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Process p = new ProcessBuilder("bash", dir.resolve("scripts-rankanalysis/circle-grad.sh").toString())
                .directory(elsewhere.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        List<String> lines = Files.readAllLines(calls);
        assertThat(lines).hasSize(400);
        String base = dir.toRealPath().toString();
        assertThat(lines.get(0)).isEqualTo(base + " --rendermode none --colormap Accent --logfile "
                + "./output-rankanalysis/log.txt --dataset circle --criterion grad --numsamples 1 --seed 0 --ranklog");
        assertThat(lines).allMatch(l -> l.startsWith(base + " --rendermode none "));
    }

    @Test
    void scriptsWrittenWithoutAKnownLauncherCallItRelativelyAndSaySo() throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        GenerateScripts.Written w = GenerateScripts.write(dir, false, 0.0, null, new java.io.PrintWriter(out));
        List<String> script = Files.readAllLines(w.scripts().get(0));
        assertThat(String.join("\n", script)).contains("generate them in the project root", "\nlrp=bin/lrp-pruning\n");
        assertThat(out.toString()).contains("generated in the project root");
    }

    @Test
    void theLauncherIsTheLaunchersVariableElseBinBesideTheJarsTargetFolderElseUnknown() throws IOException {
        Path project = dir.resolve("project");
        Path jar = Files.createDirectories(project.resolve("target")).resolve("lrp-pruning.jar");
        Files.writeString(jar, "");
        assertThat(Launcher.locate(null, jar)).isNull();
        Path bin = Files.createDirectories(project.resolve("bin")).resolve("lrp-pruning");
        Files.writeString(bin, "");
        assertThat(Launcher.locate(null, jar)).isEqualTo(bin.toAbsolutePath());
        assertThat(Launcher.locate(null, project.resolve("target/classes"))).isEqualTo(bin.toAbsolutePath());
        Path other = dir.resolve("other-launcher").toAbsolutePath();
        Files.writeString(other, "");
        assertThat(Launcher.locate(other.toString(), jar)).isEqualTo(other);
        assertThat(Launcher.locate("relative/launcher", jar)).as("a relative or missing variable is ignored")
                .isEqualTo(bin.toAbsolutePath());
        assertThat(Launcher.locate(dir.resolve("missing").toAbsolutePath().toString(), null)).isNull();
        assertThat(Launcher.shellQuote("a b'c")).isEqualTo("'a b'\\''c'");
    }

    @Test
    void analyzeFlagAndSubcommandWriteTheFiguresNextToTheLog() throws IOException {
        Path log = dir.resolve("a/log.txt");
        Files.createDirectories(log.getParent());
        Files.writeString(log, org.lrppruning.report.AccuracyAnalysisTestLog.LOG);
        CliRun o = run("-a", "-l", log.toString(), "-r", "png");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(log.resolveSibling("combined.png")).isRegularFile();
        assertThat(log.resolveSibling("moon-train.png")).isRegularFile();
        assertThat(log.resolveSibling("moon-train.svg")).doesNotExist();
        assertThat(log.resolveSibling("summary.csv")).isRegularFile();
        assertThat(o.out()).contains("dataset=moon, stage=post, crit=weight, n=5.0 : train acc = 99.00");
        assertThat(o.out().lines().findFirst()).hasValue(org.lrppruning.report.AccuracyAnalysis.STATISTICS_HEADER);
        assertThat(o.err()).contains("skipped 2 malformed lines: 3, 13");

        CliRun sub = run("analyze", "-l", log.toString());
        assertThat(sub.code()).as(sub.err()).isZero();
        assertThat(log.resolveSibling("moon-test.svg")).isRegularFile();
    }

    @Test
    void analyzeWithRankLogWritesTheRankTablesOfEachDataset() throws IOException {
        Path log = dir.resolve("log.txt");
        StringBuilder sb = new StringBuilder();
        int[][] orders = {{0, 1, 2, 3}, {1, 0, 2, 3}, {3, 2, 1, 0}, {0, 1, 3, 2}};
        int i = 0;
        for (String c : List.of("lrp", "weight")) {
            for (int s = 0; s < 2; s++) {
                int[] o = orders[i++];
                sb.append("dataset:moon-criterion:").append(c).append("-n:2-s:").append(s)
                        .append("-scenario:rankselection-stage:pre [").append(o[0]).append(',').append(o[1]).append(',')
                        .append(o[2]).append(',').append(o[3]).append("]\n");
            }
        }
        Files.writeString(log, sb.toString());
        CliRun o = run("-a", "-rl", "-l", log.toString(), "--threads", "1");
        assertThat(o.code()).as(o.err()).isZero();
        String text = Files.readString(dir.resolve("rank_and_set-moon.txt"));
        assertThat(text).contains("# MOON N=1.0 CASE 1: SELF-COMPARE CRITERIA ACROSS RANDOM SEEDS", "CASE 5");
        // lrp orders of seeds 0 and 1 swap the first two neurons: Spearman 1 - 6*2/(4*15) = 0.8
        assertThat(text).contains("|   lrp    | 0.800+-0.000 |");
        assertThat(o.out()).contains("rank_and_set-moon.txt");
    }

    @Test
    void badAnalysisInputExitsNonZeroWithOneLine() throws IOException {
        CliRun missing = run("analyze", "-l", dir.resolve("missing.txt").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().strip().lines()).hasSize(1);
        assertThat(missing.err()).contains("no log file");

        Path log = dir.resolve("log.txt");
        Files.writeString(log, "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 100.0\n");
        CliRun noRank = run("-a", "-rl", "-l", log.toString());
        assertThat(noRank.code()).isEqualTo(2);
        assertThat(noRank.err()).contains("no rankselection lines");

        CliRun badMode = run("analyze", "-l", log.toString(), "-r", "pdf");
        assertThat(badMode.code()).isEqualTo(2);
        assertThat(badMode.err().strip()).isEqualTo("lrp-pruning: invalid render mode 'pdf' (valid: svg, png, both, none, show)");
    }
}
