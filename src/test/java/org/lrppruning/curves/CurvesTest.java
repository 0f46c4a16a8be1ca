package org.lrppruning.curves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.sweep.Shard;

/** Curves on a tiny trained CNN: what the points hold, and the log discipline of {@link Curves#run}. */
class CurvesTest {
    @TempDir
    Path dir;

    private final TinyCurves tiny = TinyCurves.get();

    private static List<String> sortedLines(Path d) throws Exception {
        List<String> l = new ArrayList<>(Files.readAllLines(d.resolve(CurveLog.LOG)));
        l.sort(null);
        return l;
    }

    @Test
    void rateZeroIsTheUnprunedAccuracyExactlyInBothModes() throws Exception {
        Curves.run(tiny.withFineTune(), dir, 2, Curves.QUIET);
        int unpruned = Accuracy.correct(tiny.net, tiny.test, 1, null);
        List<CurvePoint> pts = CurveLog.read(dir);
        List<CurvePoint> zero = pts.stream().filter(p -> p.rate().equals("0")).toList();
        assertThat(zero).hasSize(4 * 2 * 2 + 4).allSatisfy(p -> {
            assertThat(p.correct()).isEqualTo(unpruned);
            assertThat(p.removed()).isZero();
            assertThat(p.step()).isZero();
            assertThat(p.parameters()).isEqualTo(tiny.net.parameterCount());
            assertThat(p.macs()).isEqualTo(tiny.net.macs());
        });
        assertThat(pts).hasSize((4 * 2 * 2 + 4) * 3);
        assertThat(pts.stream().filter(p -> p.rate().equals("0.5"))).allSatisfy(p -> assertThat(p.removed()).isEqualTo(7));
    }

    /** The toy's (and prune's) pipeline written out: the criterion's ranking on the seed's draw, the lowest removed. */
    private PruningPlan plan(String criterion, int n, long seed, int count) {
        LabeledData refs = References.draw(tiny.train, 3, n, References.Pick.RANDOM, seed, "train");
        int[] order = Criteria.of(criterion).score(tiny.net, refs, 1).ranking();
        return PruningPlan.lowestKeeping(order, tiny.net.unitCounts(), count, 1);
    }

    /** The network with the planned filters' channels set to zero after their BatchNorm (or conv, without one). */
    private Network zeroed(PruningPlan plan) {
        List<Layer> layers = new ArrayList<>(tiny.net.layers());
        int[] pos = tiny.net.prunablePositions();
        for (int h = 0; h < pos.length; h++) {
            if (plan.perLayer()[h].length == 0) {
                continue;
            }
            if (layers.get(pos[h] + 1) instanceof BatchNorm bn) {
                float[] g = bn.gamma().clone();
                float[] b = bn.beta().clone();
                for (int j : plan.perLayer()[h]) {
                    g[j] = 0;
                    b[j] = 0;
                }
                layers.set(pos[h] + 1, new BatchNorm(bn.name(), g, b, bn.mean(), bn.var(), bn.eps()));
            } else {
                Conv2d c = (Conv2d) layers.get(pos[h]);
                float[] w = c.weight().clone();
                float[] b = c.bias().clone();
                int fan = w.length / c.units();
                for (int j : plan.perLayer()[h]) {
                    Arrays.fill(w, j * fan, (j + 1) * fan, 0f);
                    b[j] = 0;
                }
                layers.set(pos[h], c.withParameters(w, b));
            }
        }
        return new Network(tiny.net.inputShape(), layers, tiny.net.units());
    }

    @Test
    void aFilterRemovedPhysicallyGivesTheAccuracyAndLogitsOfItsChannelZeroedAfterBatchNorm() throws Exception {
        Curves.run(tiny.oneShot(), dir, 2, Curves.QUIET);
        int checked = 0;
        for (CurvePoint p : CurveLog.read(dir)) {
            if (p.removed() == 0) {
                continue;
            }
            PruningPlan plan = plan(p.criterion(), p.samplesPerClass(), p.seed(), p.removed());
            Network pruned = Pruner.prune(tiny.net, plan);
            Network zeroed = zeroed(plan);
            assertThat(pruned.parameterCount()).isEqualTo(p.parameters());
            assertThat(Accuracy.correct(zeroed, tiny.test, 1, null)).as(p.toString()).isEqualTo(p.correct());
            float[] a = pruned.logits(tiny.test.x(), tiny.test.size());
            float[] b = zeroed.logits(tiny.test.x(), tiny.test.size());
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5f * Math.max(1, Math.abs(b[i]))));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(4 * 2 * 2 * 2);
    }

    @Test
    void theLogHasTheSameBytesForOneAndTwoThreads() throws Exception {
        Curves.run(tiny.withFineTune(), dir.resolve("t1"), 1, Curves.QUIET);
        Curves.run(tiny.withFineTune(), dir.resolve("t2"), 2, Curves.QUIET);
        assertThat(sortedLines(dir.resolve("t2"))).isEqualTo(sortedLines(dir.resolve("t1")));
        assertThat(Files.readString(dir.resolve("t2/setup.txt"))).isEqualTo(Files.readString(dir.resolve("t1/setup.txt")));
    }

    @Test
    void shardsMergedGiveTheUnshardedLog() throws Exception {
        CurveSpec s = tiny.withFineTune();
        Curves.run(s, dir.resolve("all"), 2, Curves.QUIET);
        List<Path> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(dir.resolve("shard-" + i));
            Curves.run(s, shards.get(i), new Shard(i, 3), 1, Curves.QUIET);
        }
        Curves.merge(shards, dir.resolve("merged"));
        assertThat(sortedLines(dir.resolve("merged"))).isEqualTo(sortedLines(dir.resolve("all")));
        assertThat(CurveLog.read(dir.resolve("merged"))).isEqualTo(CurveLog.read(dir.resolve("all")));
        // merging again adds nothing
        Curves.merge(shards, dir.resolve("merged"));
        assertThat(Files.readAllLines(dir.resolve("merged/log.txt"))).hasSize(sortedLines(dir.resolve("all")).size());
    }

    @Test
    void aRerunSkipsWhatIsLoggedAndCompletesTheLog() throws Exception {
        CurveSpec s = tiny.withFineTune();
        Curves.Summary first = Curves.run(s, dir.resolve("d"), new Shard(1, 2), 2, Curves.QUIET);
        Curves.Summary second = Curves.run(s, dir.resolve("d"), 2, Curves.QUIET);
        assertThat(second.skipped()).isEqualTo(first.ran());
        assertThat(first.ran() + second.ran()).isEqualTo(20);
        assertThat(Curves.run(s, dir.resolve("d"), 2, Curves.QUIET).ran()).isZero();
        Curves.run(s, dir.resolve("fresh"), 2, Curves.QUIET);
        assertThat(sortedLines(dir.resolve("d"))).isEqualTo(sortedLines(dir.resolve("fresh")));
    }

    @Test
    void aFolderOfAnotherSetupIsRefusedUnchanged() throws Exception {
        Path d = dir.resolve("d");
        Curves.run(tiny.oneShot(), d, 2, Curves.QUIET);
        byte[] log = Files.readAllBytes(d.resolve(CurveLog.LOG));
        CurveSpec other = CurveSpec.of(tiny.net, tiny.train, "tiny-train", tiny.test, "tiny-test", List.of("weight"),
                List.of("0", "0.25"), List.of(1, 3), List.of(0L, 1L));
        assertThatThrownBy(() -> Curves.run(other, d, 1, Curves.QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setup.txt was written for another setup").hasMessageContaining("criteria");
        assertThat(Files.readAllBytes(d.resolve(CurveLog.LOG))).isEqualTo(log);
    }

    @Test
    void aFloat64FolderIsNotResumedInFloat32AndTheRefusalSaysHowToResumeIt() throws Exception {
        Path d = dir.resolve("d");
        Curves.run(tiny.oneShot(), d, 2, Curves.QUIET);
        byte[] log = Files.readAllBytes(d.resolve(CurveLog.LOG));
        CurveSpec f32 = tiny.oneShot().withPrecision(org.lrppruning.lrp.Explainer.Precision.FLOAT32);
        assertThatThrownBy(() -> Curves.run(f32, d, 1, Curves.QUIET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'precision: float32'").hasMessageContaining("add --precision float64 to resume it");
        assertThat(Files.readAllBytes(d.resolve(CurveLog.LOG))).isEqualTo(log);
    }

    @Test
    void aTornLastLineIsCutOnResumeAndTheCurveComputedAgain() throws Exception {
        CurveSpec s = tiny.oneShot();
        Curves.run(s, dir.resolve("fresh"), 2, Curves.QUIET);
        Path d = dir.resolve("d");
        Curves.run(s, d, new Shard(0, 2), 2, Curves.QUIET);
        String whole = Files.readString(dir.resolve("fresh/log.txt"));
        String missing = whole.lines().filter(l -> !Files.exists(d) || !contains(d, l)).findFirst().orElseThrow();
        Files.writeString(d.resolve(CurveLog.LOG), missing.substring(0, missing.length() / 2),
                java.nio.file.StandardOpenOption.APPEND); // what a crash in the middle of a write leaves
        Curves.Summary r = Curves.run(s, d, 2, Curves.QUIET);
        assertThat(r.repairedTail()).isEqualTo(missing.substring(0, missing.length() / 2));
        assertThat(sortedLines(d)).isEqualTo(sortedLines(dir.resolve("fresh")));
    }

    private static boolean contains(Path d, String line) {
        try {
            return Files.readAllLines(d.resolve(CurveLog.LOG)).contains(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFolderHoldingOtherFilesIsRefusedUnchanged() throws Exception {
        Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> Curves.run(tiny.oneShot(), foreign, 1, Curves.QUIET))
                .hasMessage(foreign + " holds files but no setup.txt of curves (e.g. notes.txt); give an empty or new folder");
        try (var files = Files.list(foreign)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
        }
    }

    @Test
    void everyProperBeginningOfALineIsTornAndOtherTextForeign() {
        CurvePoint p = new CurvePoint("lrp:epsilon-plus", 5, 3, CurvePoint.Mode.FINETUNE, 2, "0.25", 3, 14, 1234, 56789,
                201, 300);
        String line = CurveLines.format(p);
        assertThat(line).isEqualTo("criterion=lrp:epsilon-plus n=5 seed=3 mode=finetune step=2 rate=0.25 removed=3/14"
                + " parameters=1234 macs=56789 correct=201/300 (67.00%)");
        assertThat(CurveLines.parse(line)).isEqualTo(p);
        assertThat(CurveLines.GRAMMAR.shape(line)).isEqualTo(org.lrppruning.experiment.LogLines.Shape.LINE);
        for (int i = 1; i < line.length(); i++) {
            assertThat(CurveLines.GRAMMAR.shape(line.substring(0, i))).as(line.substring(0, i))
                    .isEqualTo(org.lrppruning.experiment.LogLines.Shape.PREFIX);
        }
        assertThat(CurveLines.GRAMMAR.shape(line + "x")).isEqualTo(org.lrppruning.experiment.LogLines.Shape.FOREIGN);
        assertThat(CurveLines.GRAMMAR.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 99.9"))
                .isEqualTo(org.lrppruning.experiment.LogLines.Shape.FOREIGN);
        assertThat(CurveLines.GRAMMAR.name(line)).isEqualTo(CurveLines.name(p));
    }

    @Test
    void aRateThatWouldEmptyALayerIsRefusedAndTheHighestPossibleKeepsOneUnitPerLayer() throws Exception {
        assertThatThrownBy(() -> CurveSpec.of(tiny.net, tiny.train, "tiny-train", tiny.test, "tiny-test",
                List.of("weight"), List.of("0", "0.95"), List.of(1), List.of(0L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rate 0.95 would remove 13 of 14 units, but each"
                        + " of the 2 prunable layers keeps at least one (at most 12); lower --rates");
        CurveSpec s = CurveSpec.of(tiny.net, tiny.train, "tiny-train", tiny.test, "tiny-test", List.of("weight", "lrp"),
                List.of("0.9"), List.of(1), List.of(0L)).withFineTune(new CurveSpec.FineTune(1, 8, 1e-3f, List.of(1),
                List.of(0L)));
        Curves.run(s, dir, 1, Curves.QUIET);
        assertThat(CurveLog.read(dir)).hasSize(4).allSatisfy(p -> {
            assertThat(p.removed()).isEqualTo(12);
            assertThat(p.step()).isEqualTo(1);
        });
    }

    @Test
    void badGridsAreRefused() {
        assertThatThrownBy(() -> CurveSpec.canonicalRates(List.of("0", "0.5", "0.3")))
                .hasMessage("--rates must be strictly ascending: 0.3 after 0.5");
        assertThatThrownBy(() -> CurveSpec.canonicalRates(List.of("0", "1"))).hasMessage("--rates: 1 is outside [0, 1)");
        assertThatThrownBy(() -> CurveSpec.canonicalRates(List.of("x"))).hasMessage("--rates: 'x' is not a number");
        assertThat(CurveSpec.canonicalRates(List.of("0.0", "0.10", ".5"))).containsExactly("0", "0.1", "0.5");
        assertThatThrownBy(() -> CurveSpec.of(tiny.net, tiny.train, "a", tiny.test, "b", List.of("lrp", "size"),
                List.of("0"), List.of(1), List.of(0L))).hasMessageStartingWith("unknown criterion 'size'");
        assertThatThrownBy(() -> CurveSpec.of(tiny.net, tiny.train, "tiny-train", tiny.test, "b", List.of("lrp"),
                List.of("0"), List.of(1, 200), List.of(0L)))
                .hasMessage("tiny-train: class 0 has 134 samples, fewer than the 200 per class asked for (-n)");
    }
}
