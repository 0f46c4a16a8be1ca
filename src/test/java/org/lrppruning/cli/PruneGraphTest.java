package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.criteria.UnitSets;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.prune.Masker;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/**
 * {@code prune} on a residual network built in code (resnet8 over 1×8×8 images, BatchNorms with random statistics):
 * whole channel groups go and none is emptied (--rate caps, --count is refused), the table names groups by their
 * first layer, the written ONNX is the pruned network; {@code --mask} scores every conv on its own and writes the
 * original with those filters' weights zeroed, BatchNorm untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PruneGraphTest {
    Path dir;
    Path model;
    Path data;
    Network net;
    LabeledData samples;

    /** resnet8 (6 channel groups of 16+16+32+32+64+64 = 224 channels, 9 convs of 336 filters) with random BatchNorms. */
    static Network residual(long seed) {
        Network n = Architecture.of("resnet8").initialise(new int[] {1, 8, 8}, 3, seed);
        Random r = new Random(seed);
        for (int i = 0; i < n.layers().size(); i++) {
            if (n.layer(i) instanceof BatchNorm bn) {
                n = n.with(i, Cnns.bn(bn.name(), bn.channels(), r));
            }
        }
        return n;
    }

    @BeforeAll
    void files(@TempDir Path tmp) throws IOException {
        dir = tmp;
        net = residual(3);
        model = dir.resolve("r8.npz");
        ModelIO.save(model, net);
        Random r = new Random(4);
        samples = new LabeledData(Cnns.uniform(r, 12 * 64, 0, 1), new int[] {1, 8, 8}, r.ints(12, 0, 3).toArray());
        data = TinyCnnFiles.write(dir, "d.npy", samples);
    }

    private CliRun prune(Path out, String... more) {
        String[] head = {"prune", "--model", model.toString(), "--arch", "resnet8", "--refs", data.toString(),
            "--out", out.toString(), "--threads", "1"};
        String[] args = Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, args, head.length, more.length);
        return CliRun.run(args);
    }

    @Test
    void aRateRemovesWholeGroupsAndTheOnnxIsThePrunedNetwork() throws IOException {
        Path out = dir.resolve("half.onnx");
        CliRun r = prune(out, "-c", "weight", "--rate", "0.5", "--test", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        UnitScores s = Criteria.of("weight").score(net, samples, 1);
        PruningPlan plan = PruningPlan.lowestKeeping(s.ranking(), net.unitCounts(), 112, 1);
        Network want = Pruner.prune(net, plan);
        assertThat(r.out()).contains("Removing 112 of 224 channels (rate 0.5, global ranking)")
                .containsPattern("# +group \\(first layer\\) +units +removed +kept")
                .containsPattern("5 +layer3\\.0\\.conv2 +64 +" + plan.counts()[5])
                .containsPattern("parameters +" + count(net.parameterCount()) + " +" + count(want.parameterCount()))
                .containsPattern("MACs per sample +" + count(net.macs()) + " +" + count(want.macs()))
                .contains("accuracy --test (12)");
        Network back = OnnxReader.read(out).network();
        assertThat(back.unitCounts()).containsExactly(want.unitCounts());
        assertThat(back.parameterCount()).isEqualTo(want.parameterCount());
        float[] x = samples.x();
        assertThat(back.logits(x, 12)).containsExactly(want.logits(x, 12));
    }

    @Test
    void noGroupIsEmptiedARateIsCappedACountRefused() throws IOException {
        Path out = dir.resolve("most.onnx");
        CliRun r = prune(out, "-c", "lrp", "--rate", "0.99"); // floor(0.99 x 224) = 221 > 224 - 6
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Removing 218 of 224 channels (rate 0.99, global ranking; floor(0.99 x 224) = 221"
                + " capped so that each of the 6 groups keeps one)");
        assertThat(OnnxReader.read(out).network().unitCounts()).containsOnly(1);

        Path per = dir.resolve("per.onnx");
        CliRun p = prune(per, "-c", "grad", "--rate", "0.7", "--scope", "per-layer");
        assertThat(p.code()).as(p.err()).isZero();
        // floor(0.7 x 224) - 6 <= 11 + 11 + 22 + 22 + 44 + 44 = 154 <= floor(0.7 x 224) = 156
        assertThat(p.out()).contains("Removing 154 of 224 channels (rate 0.7, per layer)");
        assertThat(OnnxReader.read(per).network().unitCounts()).containsExactly(5, 5, 10, 10, 20, 20);

        Path bad = dir.resolve("bad.onnx");
        Files.writeString(bad, "old");
        CliRun c = prune(bad, "-c", "weight", "--count", "219", "--force"); // an existing file, so that nothing written shows
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err().strip().lines()).hasSize(1);
        assertThat(c.err()).contains("--count 219 would remove all channels of a group: each of the 6 keeps one,"
                + " remove at most 218");
        assertThat(Files.readString(bad)).isEqualTo("old");
    }

    @Test
    void aPlanThroughANodeThatCannotShrinkIsOneLine() {
        PruningPlan outOfRange = new PruningPlan(new int[][] {{16}, {}, {}, {}, {}, {}});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PruneCommand.removed(net, outOfRange))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel 16 out of range 0..15");
    }

    @Test
    void maskScoresEveryConvOnItsOwnAndZeroesItsFiltersOnly() throws IOException {
        Path out = dir.resolve("masked.onnx");
        CliRun r = prune(out, "-c", "weight", "--rate", "0.3", "--mask", "--test", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        UnitSets sets = UnitSets.filters(net);
        assertThat(sets.names()).containsExactly("conv1", "layer1.0.conv1", "layer1.0.conv2", "layer2.0.conv1",
                "layer2.0.conv2", "layer2.0.downsample.0", "layer3.0.conv1", "layer3.0.conv2", "layer3.0.downsample.0");
        UnitScores s = Criteria.of("weight").score(net, sets, samples, org.lrppruning.criteria.Definitions.of(net), 1);
        // scores per conv: a shortcut's filters by its own weights alone, normalised by its own sum
        Affine down = (Affine) net.layer(net.indexOf("layer2.0.downsample.0"));
        double[] own = new double[down.units()];
        double sum = 0;
        for (int j = 0; j < own.length; j++) {
            for (int i = 0; i < down.fanIn(); i++) {
                own[j] += Math.abs(down.weight()[j * down.fanIn() + i]);
            }
            sum += own[j];
        }
        for (int j = 0; j < own.length; j++) {
            assertThat(s.normalised()[5][j]).isCloseTo(own[j] / sum, org.assertj.core.data.Offset.offset(1e-12));
        }
        PruningPlan plan = PruningPlan.lowestKeeping(s.ranking(), sets.unitCounts(net), 100, 1); // floor(0.3 x 336)
        assertThat(r.out()).contains("Masking 100 of 336 filters (rate 0.3, global ranking)")
                .containsPattern("# +conv +units +masked +kept")
                .containsPattern("5 +layer2\\.0\\.downsample\\.0 +32 +" + plan.counts()[5])
                .containsPattern("parameters +" + count(net.parameterCount()) + " +" + count(net.parameterCount()))
                .containsPattern("all-zero filters +0 +100");
        // the written model is the original with those filters' weights zeroed, everything else bit for bit
        Network back = OnnxReader.read(out).network();
        assertThat(back.layers()).hasSameSizeAs(net.layers());
        int h = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            if (net.layer(i) instanceof Conv2d c) {
                float[] w = c.weight().clone();
                for (int j : plan.perLayer()[h++]) {
                    Arrays.fill(w, j * c.fanIn(), (j + 1) * c.fanIn(), 0f);
                }
                assertThat(((Conv2d) back.layer(i)).weight()).as(c.name()).containsExactly(w);
            } else if (net.layer(i) instanceof BatchNorm bn) {
                BatchNorm b = (BatchNorm) back.layer(i);
                assertThat(b.gamma()).containsExactly(bn.gamma());
                assertThat(b.beta()).containsExactly(bn.beta());
                assertThat(b.mean()).containsExactly(bn.mean());
                assertThat(b.var()).containsExactly(bn.var());
            }
        }
        int[] convs = Arrays.stream(sets.outLayers()).mapToInt(o -> o[0]).toArray();
        Network masked = Masker.mask(net, convs, plan);
        float[] x = samples.x();
        assertThat(back.logits(x, 12)).containsExactly(masked.logits(x, 12));
        // the BatchNorm constant stays: masking is not removal
        assertThat(masked.logits(x, 12)).isNotEqualTo(net.logits(x, 12));
    }

    private static String count(long v) {
        return String.format(java.util.Locale.ROOT, "%,d", v);
    }
}
