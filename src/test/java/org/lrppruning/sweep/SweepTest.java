package org.lrppruning.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.RunCache;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Nets;

class SweepTest {
    @TempDir
    Path dir;

    private static final Map<Dataset, Network> NETS = new EnumMap<>(Dataset.class);
    private static final Map<Dataset, Samples> TRAIN = new EnumMap<>(Dataset.class);

    static {
        for (Dataset d : Dataset.values()) {
            NETS.put(d, Nets.paperShaped(d.ordinal(), 9, 8, 7, d.classes(), false));
            TRAIN.put(d, ToyData.training(d));
        }
    }

    private static Grid grid(boolean rankLog) {
        return new Grid(List.of(Dataset.MOON, Dataset.MULT), List.of("weight", "lrp", "grad"), List.of(1, 3),
                Grid.range(0, 2), 0.1, rankLog, 8);
    }

    private static List<String> sorted(Path log) throws IOException {
        List<String> l = new ArrayList<>(Files.readAllLines(log));
        l.sort(null);
        return l;
    }

    /** The lines the runs give one by one, in grid order. */
    private static List<String> oneByOne(Grid g) {
        List<String> lines = new ArrayList<>();
        for (RunConfig r : g.runs()) {
            lines.addAll(Experiment.run(NETS.get(r.dataset()), TRAIN.get(r.dataset()), r, 1, Experiment.QUIET).logLines());
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void gridExpandsDatasetFirstThenCriterionSamplesSeed() {
        Grid g = grid(false);
        assertThat(g.size()).isEqualTo(36);
        List<RunConfig> runs = g.runs();
        assertThat(runs).hasSize(36);
        assertThat(runs.get(0).experimentName()).isEqualTo("dataset:moon-criterion:weight-n:2-s:0");
        assertThat(runs.get(3).experimentName()).isEqualTo("dataset:moon-criterion:weight-n:6-s:0");
        assertThat(runs.get(35).experimentName()).isEqualTo("dataset:mult-criterion:grad-n:12-s:2");
        assertThat(Grid.paper(0.3, false).size()).isEqualTo(4800);
        assertThat(Grid.parseSeeds("0-3,7,9-10")).containsExactly(0L, 1L, 2L, 3L, 7L, 9L, 10L);
        assertThatThrownBy(() -> Grid.parseSeeds("x")).hasMessageContaining("0-49");
    }

    @Test
    void shardsPartitionTheGrid() {
        List<RunConfig> all = grid(false).runs();
        List<RunConfig> joined = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<RunConfig> part = new Shard(i, 5).select(all);
            assertThat(part.size()).isBetween(all.size() / 5, all.size() / 5 + 1);
            joined.addAll(part);
        }
        assertThat(joined).containsExactlyInAnyOrderElementsOf(all);
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
        assertThatThrownBy(() -> Shard.parse("4/4")).hasMessageContaining("0 <= i < N");
    }

    @Test
    void aParallelSweepLogsExactlyTheLinesOfTheRunsOneByOne() throws Exception {
        Grid g = grid(false);
        Path log = dir.resolve("log.txt");
        Sweep.Summary s = Sweep.run(g.runs(), NETS, TRAIN, log, 3, new Sweep.Progress() {});
        assertThat(s.ran()).isEqualTo(36);
        assertThat(sorted(log)).isEqualTo(oneByOne(g));
    }

    @Test
    void anAccuracyGridAndARankGridSharingOneCacheLogWhatTheirRunsGiveOneByOneAndKeepNothing() throws Exception {
        // wide enough hidden layers for the zero-skipping tiles of the fast forward, and every paper criterion
        Map<Dataset, Network> nets = new EnumMap<>(Dataset.class);
        for (Dataset d : Dataset.values()) {
            nets.put(d, Nets.paperShaped(10 + d.ordinal(), 40, 36, 30, d.classes(), false));
        }
        List<String> criteria = List.of("weight", "taylor", "grad", "lrp");
        Grid accuracy = new Grid(List.of(Dataset.CIRCLE, Dataset.MULT), criteria, List.of(1, 4), Grid.range(0, 2), 0.3,
                false, 40);
        Grid rank = new Grid(List.of(Dataset.CIRCLE, Dataset.MULT), criteria, List.of(1, 4), Grid.range(0, 2), 0.0,
                true, 40);
        LogFile accuracyLog = LogFile.open(dir.resolve("log.txt"));
        LogFile rankLog = LogFile.open(dir.resolve("rank.txt"));
        List<RunConfig> pending = new ArrayList<>(Sweep.pending(accuracy.runs(), accuracyLog));
        pending.addAll(Sweep.pending(rank.runs(), rankLog));
        RunCache cache = Sweep.cacheFor(pending);
        cache.expect(pending);
        assertThat(cache.heldScoreSets()).isZero();
        Sweep.run(accuracy.runs(), nets, TRAIN, accuracyLog, 2, new Sweep.Progress() {}, cache);
        assertThat(cache.heldScoreSets()).as("the rank runs' scores wait for them").isEqualTo(2 * 2 * 3);
        Sweep.run(rank.runs(), nets, TRAIN, rankLog, 2, new Sweep.Progress() {}, cache);
        assertThat(cache.heldScoreSets()).as("every expected run took its scores").isZero();

        for (Grid g : List.of(accuracy, rank)) {
            List<String> alone = new ArrayList<>();
            for (RunConfig r : g.runs()) {
                alone.addAll(Experiment.run(nets.get(r.dataset()), TRAIN.get(r.dataset()), r, 1, Experiment.QUIET)
                        .logLines());
            }
            alone.sort(null);
            assertThat(sorted(dir.resolve(g.rankLog() ? "rank.txt" : "log.txt"))).isEqualTo(alone);
        }
    }

    @Test
    void aFreshLogIsTheSameFileForAnyThreadCount() throws Exception {
        Grid g = grid(false);
        Path one = dir.resolve("one.txt");
        Path three = dir.resolve("three.txt");
        Sweep.run(g.runs(), NETS, TRAIN, one, 1, new Sweep.Progress() {});
        Sweep.run(g.runs(), NETS, TRAIN, three, 3, new Sweep.Progress() {});
        assertThat(Files.readAllLines(three)).isEqualTo(Files.readAllLines(one));
        List<String> inRunOrder = new ArrayList<>();
        for (RunConfig r : g.runs()) {
            inRunOrder.addAll(Experiment.run(NETS.get(r.dataset()), TRAIN.get(r.dataset()), r, 1, Experiment.QUIET)
                    .logLines());
        }
        assertThat(Files.readAllLines(one)).isEqualTo(inRunOrder);
    }

    @Test
    void rankSweepsLogThreeLinesPerRun() throws Exception {
        Grid g = grid(true);
        Path log = dir.resolve("rank.txt");
        Sweep.run(g.runs(), NETS, TRAIN, log, 2, new Sweep.Progress() {});
        assertThat(Files.readAllLines(log)).hasSize(3 * 36);
        assertThat(sorted(log)).isEqualTo(oneByOne(g));
    }

    @Test
    void rankRunsWithScoresAlsoLogEveryScoreReadableByTheAnalysis() throws Exception {
        Grid g = new Grid(List.of(Dataset.MOON), List.of("lrp"), List.of(2), Grid.range(0, 1), 0, true, 8, true);
        Path log = dir.resolve("scores.txt");
        Sweep.run(g.runs(), NETS, TRAIN, log, 1, new Sweep.Progress() {});
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(8);
        RunConfig first = g.runs().get(0);
        float[][] scores = Experiment.run(NETS.get(Dataset.MOON), TRAIN.get(Dataset.MOON), first, 1, Experiment.QUIET).scores();
        String line = lines.stream().filter(l -> l.startsWith(first.experimentName() + "-scenario:rankscores")).findFirst()
                .orElseThrow();
        org.lrppruning.analysis.LogRecord rec = org.lrppruning.analysis.LogParser.parseLine(line, 1);
        assertThat(rec.scores()).hasSize(24);
        int k = 0;
        for (float[] layer : scores) {
            for (float v : layer) {
                assertThat((float) rec.scores()[k++]).isEqualTo(v);
            }
        }
    }

    @Test
    void aResumedSweepSkipsCompleteRunsRepairsATornLineAndRedoesIncompleteRuns() throws Exception {
        Grid g = grid(false);
        Path log = dir.resolve("log.txt");
        List<RunConfig> runs = g.runs();
        Sweep.run(runs.subList(0, 10), NETS, TRAIN, log, 2, new Sweep.Progress() {});
        // A crash in the middle of run 11: two of its lines made it, the second one torn.
        List<String> partial = Experiment.run(NETS.get(runs.get(10).dataset()), TRAIN.get(runs.get(10).dataset()),
                runs.get(10), 1, Experiment.QUIET).logLines();
        Files.writeString(log, partial.get(0) + "\n" + partial.get(1).substring(0, 20),
                java.nio.file.StandardOpenOption.APPEND);

        int[] counts = new int[2];
        Sweep.Summary s = Sweep.run(runs, NETS, TRAIN, log, 2, new Sweep.Progress() {
            @Override
            public void start(int toRun, int skipped) {
                counts[0] = toRun;
                counts[1] = skipped;
            }
        });
        assertThat(counts).containsExactly(26, 10);
        assertThat(s.repairedTail()).isEqualTo(partial.get(1).substring(0, 20));
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("dataset:.* \\d+\\.\\d+(e-?\\d+)?"));
        // every line once: the redone run appended only the lines the crash had not written
        assertThat(lines).hasSize(36 * 4);
        assertThat(new java.util.TreeSet<>(lines)).isEqualTo(new java.util.TreeSet<>(oneByOne(g)));
        assertThat(Sweep.run(runs, NETS, TRAIN, log, 2, new Sweep.Progress() {}).ran()).isZero();
    }

    @Test
    void shardLogsMergedEqualOneSweep() throws Exception {
        Grid g = grid(false);
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path p = dir.resolve("shard-" + i + ".txt");
            Sweep.run(new Shard(i, 3).select(g.runs()), NETS, TRAIN, p, 1, new Sweep.Progress() {});
            shards.add(p);
        }
        Path merged = dir.resolve("merged.txt");
        Merge.Summary s = Merge.merge(shards, merged);
        assertThat(s.lines()).isEqualTo(144);
        Path whole = dir.resolve("whole.txt");
        Sweep.run(g.runs(), NETS, TRAIN, whole, 2, new Sweep.Progress() {});
        assertThat(sorted(merged)).isEqualTo(sorted(whole));
        // merging again adds nothing: every line is a duplicate
        assertThat(Merge.merge(shards, merged).duplicates()).isEqualTo(144);
        assertThat(Files.readAllLines(merged)).hasSize(144);
    }

    @Test
    void mergeRejectsConflictingDuplicatesAndWritesNothing() throws IOException {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Files.writeString(a, "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 100.0\n");
        Files.writeString(b, "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 99.5\n");
        Path out = dir.resolve("out.txt");
        assertThatThrownBy(() -> Merge.merge(List.of(a, b), out)).hasMessageContaining("conflicting")
                .hasMessageContaining("train-stage:pre");
        assertThat(out).doesNotExist();
    }
}
