package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.lrp.Composite;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * A Conv2d output layer, as squeezenet's: the logits are the class channels of a 1×1 convolution after ReLU, global
 * average pooling and Flatten. The output layer is found through that tail, is never prunable, and relevance starts
 * at the logits as for a Linear output layer.
 *
 * <pre>
 *   chain: x → f0(2→4, 3×3) → relu → out(4→3, 1×1) → relu → gap (3×1×1) → flatten
 *   fire:  x → f0(2→4) → relu → sq(4→2, 1×1) → relu ─┬→ e1(2→3, 1×1) → relu ─→ cat → out(6→3) → relu → gap → flatten
 *                                                     └→ e3(2→3, 3×3) → relu ─↗
 * </pre>
 */
class ConvOutputLayerTest {
    private static final int N = 3;
    private static final int[] IN = {2, 5, 5};

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    /** A positive output bias keeps the last ReLU open, so that every class has a logit to explain. */
    private static Conv2d out(int in, SplittableRandom r) {
        return new Conv2d("out", in, 3, Window.square(1, 1, 0), random(r, 3 * in, 0.5), new float[] {0.3f, 0.5f, 0.4f});
    }

    static Network chain(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Network(IN, List.of(
                new Conv2d("f0", 2, 4, Window.square(3, 1, 1), random(r, 72, 0.5), random(r, 4, 0.1)),
                new Relu("relu0"), out(4, r), new Relu("relu"), new GlobalAvgPool("gap", true), new Flatten("flatten")));
    }

    static Network fire(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Window one = Window.square(1, 1, 0);
        List<Layer> layers = List.of(
                new Conv2d("f0", 2, 4, Window.square(3, 1, 1), random(r, 72, 0.5), random(r, 4, 0.1)), // 0 → v1
                new Relu("relu0"),                                                                      // 1 → v2
                new Conv2d("sq", 4, 2, one, random(r, 8, 0.5), random(r, 2, 0.1)),                      // 2 → v3
                new Relu("relu_sq"),                                                                    // 3 → v4
                new Conv2d("e1", 2, 3, one, random(r, 6, 0.5), random(r, 3, 0.1)),                      // 4 → v5
                new Relu("relu_e1"),                                                                    // 5 → v6
                new Conv2d("e3", 2, 3, Window.square(3, 1, 1), random(r, 54, 0.5), random(r, 3, 0.1)),  // 6 → v7
                new Relu("relu_e3"),                                                                    // 7 → v8
                new Concat("cat", 2),                                                                   // 8 → v9
                out(6, r),                                                                              // 9 → v10
                new Relu("relu"),                                                                       // 10 → v11
                new GlobalAvgPool("gap", true),                                                         // 11 → v12
                new Flatten("flatten"));                                                                // 12 → v13
        int[][] reads = {{0}, {1}, {2}, {3}, {4}, {5}, {4}, {7}, {6, 8}, {9}, {10}, {11}, {12}};
        return new Network(IN, layers, reads, PrunableUnits.DEFAULT);
    }

    private static float[] input() {
        return random(new SplittableRandom(7), N * 50, 1.0);
    }

    @Test
    void theOutputLayerIsTheConvBeforeTheReluPoolAndFlatten() {
        Network c = chain(1);
        assertThat(c.outputLayer()).isEqualTo(2);
        assertThat(c.classes()).isEqualTo(3);
        assertThat(c.prunablePositions()).containsExactly(0);
        assertThat(c.withUnits(PrunableUnits.ALL).prunablePositions()).containsExactly(0);
        Network f = fire(1);
        assertThat(f.outputLayer()).isEqualTo(9);
        assertThat(f.prunableNames()).containsExactly("f0", "sq", "e1", "e3");
        // the output conv's channels reach the logits: no group holds them, and none of its inputs' groups is cut
        assertThat(f.channelGroups().groups()).extracting(ChannelGroups.Group::channels).containsExactly(4, 2, 3, 3);
        assertThat(f.channelGroups().groups().get(2).members()).extracting(ChannelGroups.Member::layer)
                .containsExactly(4, 9);
        // a Linear output layer is the last layer, as it always was
        Network lin = GraphNetworkTest.residual(1);
        assertThat(lin.outputLayer()).isEqualTo(lin.layers().size() - 1);
    }

    @Test
    void theLogitsAreTheClassChannelsAveraged() {
        Network net = chain(2);
        double[] x = widen(input());
        Trace64 t = Trace64.of(net, x, N);
        double[] a = t.input(4); // after the output conv's ReLU, N × 3 × 5 × 5
        double[] z = net.logits64(x, N);
        for (int s = 0; s < N; s++) {
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int p = 0; p < 25; p++) {
                    sum += a[(s * 3 + k) * 25 + p];
                }
                assertThat(z[s * 3 + k]).isCloseTo(sum / 25, within(1e-15));
            }
        }
    }

    /** s(z) = z + 1e-6·(sign(z) + [z = 0]). */
    private static double stab(double z) {
        return z + 1e-6 * (z >= 0 ? 1 : -1);
    }

    @Test
    void relevanceStartsAtTheLogitsAndCrossesThePoolByTheNormRule() {
        Network net = chain(3);
        float[] xf = input();
        int[] labels = {0, 2, 1};
        Composite c = Composites.of("epsilon-plus-flat");
        Explainer.Result res = new Explainer(net, c, Explainer.Start.LOGIT, Explainer.Precision.FLOAT64)
                .explain(xf, labels, N, 1, null);
        // by hand: R = onehot(label)·logit at the logits; Flatten passes it; the pool's Norm rule gives each position
        // x·R/(HW·s(mean)); the ReLU passes it; the output conv and f0 apply their rules
        Trace64 t = Trace64.of(net, xf, N);
        double[] z = t.logits();
        double[] a = t.input(4);
        double[] r = new double[a.length];
        for (int s = 0; s < N; s++) {
            int k = labels[s];
            double start = z[s * 3 + k];
            for (int p = 0; p < 25; p++) {
                int i = (s * 3 + k) * 25 + p;
                r[i] = a[i] * start / (25 * stab(z[s * 3 + k]));
            }
        }
        Explainer.Tap outTap = res.tap("out");
        for (int s = 0; s < N; s++) {
            for (int k = 0; k < 3; k++) {
                double sum = 0;
                for (int p = 0; p < 25; p++) {
                    sum += r[(s * 3 + k) * 25 + p];
                }
                assertThat(outTap.sum()[s * 3 + k]).isCloseTo(sum, within(1e-15));
                double want = k == labels[s] ? z[s * 3 + k] * z[s * 3 + k] / stab(z[s * 3 + k]) : 0;
                assertThat(outTap.sum()[s * 3 + k]).isCloseTo(want, within(1e-12)); // the start, all but the stabiliser
            }
        }
        double[] r0 = c.rules().ruleFor(net, 2).backward64((Affine) net.layer(2), t.input(2), r, N, net.inShape(2));
        double[] rx = c.rules().ruleFor(net, 0).backward64((Affine) net.layer(0), t.input(0), r0, N, net.inShape(0));
        for (int i = 0; i < rx.length; i++) {
            assertThat(res.input()[i]).as("input %d", i).isCloseTo(rx[i], within(1e-15));
        }
    }

    @Test
    void pruningTheFireGroupsLeavesTheClassesAndEqualsZeroing() {
        Network net = fire(4);
        // remove channel 1 of f0, 0 of sq, 2 of e1 and 0 of e3
        PruningPlan plan = new PruningPlan(new int[][] {{1}, {0}, {2}, {0}});
        Network pruned = Pruner.prune(net, plan);
        assertThat(pruned.classes()).isEqualTo(3);
        assertThat(((Conv2d) pruned.layer(9)).in()).isEqualTo(4);
        assertThat(((Conv2d) pruned.layer(9)).out()).isEqualTo(3);
        Network zeroed = net;
        int[] pos = net.prunablePositions();
        for (int h = 0; h < pos.length; h++) {
            Conv2d cv = (Conv2d) net.layer(pos[h]);
            double[] w = cv.weight64().clone();
            double[] b = cv.bias64().clone();
            for (int j : plan.perLayer()[h]) {
                Arrays.fill(w, j * cv.fanIn(), (j + 1) * cv.fanIn(), 0);
                b[j] = 0;
            }
            zeroed = zeroed.with(pos[h], cv.withParameters64(w, b));
        }
        double[] x = widen(input());
        assertThat(pruned.logits64(x, N)).containsExactly(zeroed.logits64(x, N), within(1e-12));
        // written as ONNX and read back: the same layers and logits
        Network back = OnnxReader.read(OnnxWriter.bytes(pruned, OnnxLayout.defaults()), "p.onnx").network();
        assertThat(back.outputLayer()).isEqualTo(9);
        assertThat(back.logits64(x, N)).containsExactly(pruned.logits64(x, N));
    }

    @Test
    void logitsThatComeFromNoOutputLayerAreRefusedInOneLine() {
        assertThatThrownBy(() -> new Network(new int[] {4}, List.of(new Relu("r"), new Dropout("d", 0.5f))))
                .hasMessage("no Linear or Conv2d output layer: the logits are computed from the input by parameter-free"
                        + " layers only");
        SplittableRandom r = new SplittableRandom(5);
        List<Layer> sum = List.of(new Linear("a", 4, 2, random(r, 8, 1), null), new Linear("b", 4, 2,
                random(r, 8, 1), null), new Add("add"));
        assertThatThrownBy(() -> new Network(new int[] {4}, sum, new int[][] {{0}, {0}, {1, 2}}, PrunableUnits.DEFAULT))
                .hasMessage("the logits come from add, which combines 2 values; they must come from one Linear or Conv2d"
                        + " output layer through one-input layers");
    }

    private static double[] widen(float[] v) {
        return AccurateOps.widen(v, v.length);
    }
}
