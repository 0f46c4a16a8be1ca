package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * A small graph with a residual Add and a Concat: forward bits independent of the thread count, gradients by
 * finite differences, channel groups, removal equal to zeroing, the ONNX round trip and LRP at the merges.
 *
 * <pre>
 *   x → a(2→4) → bnA → reluA ─┬→ b(4→4) → bnB ─→ add → reluB ─┬→ c(4→3, 1×1) ─→ cat → gap → flatten → fc(7→5)
 *                             └──────────────────↗            └─────────────────↗
 * </pre>
 */
class GraphNetworkTest {
    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * scale);
        }
        return v;
    }

    private static BatchNorm bn(String name, int c, SplittableRandom r) {
        float[] g = new float[c];
        float[] b = new float[c];
        float[] m = new float[c];
        float[] v = new float[c];
        for (int i = 0; i < c; i++) {
            g[i] = (float) (0.5 + r.nextDouble());
            b[i] = (float) (0.1 * r.nextGaussian());
            m[i] = (float) (0.1 * r.nextGaussian());
            v[i] = (float) (0.5 + r.nextDouble());
        }
        return new BatchNorm(name, g, b, m, v, BatchNorm.DEFAULT_EPS);
    }

    static Network residual(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Window k3 = Window.square(3, 1, 1);
        List<Layer> layers = List.of(
                new Conv2d("a", 2, 4, k3, random(r, 4 * 2 * 9, 0.4), random(r, 4, 0.1)),     // 0 → v1
                bn("bnA", 4, r),                                                               // 1 → v2
                new Relu("reluA"),                                                             // 2 → v3
                new Conv2d("b", 4, 4, k3, random(r, 4 * 4 * 9, 0.3), null),                    // 3 → v4
                bn("bnB", 4, r),                                                               // 4 → v5
                new Add("add"),                                                                // 5 → v6
                new Relu("reluB"),                                                             // 6 → v7
                new Conv2d("c", 4, 3, Window.square(1, 1, 0), random(r, 3 * 4, 0.5), random(r, 3, 0.1)), // 7 → v8
                new Concat("cat", 2),                                                          // 8 → v9
                new GlobalAvgPool("gap"),                                                      // 9 → v10
                new Flatten("flatten"),                                                        // 10 → v11
                new Linear("fc", 7, 5, random(r, 35, 0.5), random(r, 5, 0.1)));                // 11
        int[][] in = {{0}, {1}, {2}, {3}, {4}, {3, 5}, {6}, {7}, {8, 7}, {9}, {10}, {11}};
        return new Network(new int[] {2, 6, 6}, layers, in, PrunableUnits.DEFAULT);
    }

    private static final int N = 3;

    private static float[] input() {
        return random(new SplittableRandom(99), N * 72, 1.0);
    }

    @Test
    void aGraphRunsAndGivesTheSameBitsForAnyThreadCount() {
        Network net = residual(1);
        assertThat(net.isChain()).isFalse();
        assertThat(net.shape(9)).containsExactly(7, 6, 6);
        float[] x = input();
        assertThat(net.logits(x, N, 3)).isEqualTo(net.logits(x, N, 1));
        double[] l64 = net.logits64(AccurateOps.widen(x, x.length), N);
        float[] l32 = net.logits(x, N, 1);
        for (int i = 0; i < l64.length; i++) {
            assertThat(l32[i]).isCloseTo((float) l64[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
        Trace t1 = Trace.training(net, x, N, new SplittableRandom(5), 1);
        Trace t3 = Trace.training(net, x, N, new SplittableRandom(5), 3);
        int[] y = {0, 3, 4};
        Backprop b1 = Backprop.run(t1, Backprop.crossEntropyGrad(t1.logits(), y, N, 5), true, 1);
        Backprop b3 = Backprop.run(t3, Backprop.crossEntropyGrad(t3.logits(), y, N, 5), true, 3);
        for (int i = 0; i < net.layers().size(); i++) {
            assertThat(b3.outputGrad(i)).as("gradient at %s", net.layer(i).name()).isEqualTo(b1.outputGrad(i));
            assertThat(b3.weightGrad(i)).isEqualTo(b1.weightGrad(i));
        }
    }

    @Test
    void theWeightGradientOfABranchingLayerMatchesFiniteDifferences() {
        Network net = residual(2);
        float[] x = input();
        int[] y = {1, 2, 0};
        // evaluation mode: BatchNorm with running statistics, so the float64 loss is the same function
        Trace t = Trace.accurate(net, x, N);
        double[][] og = Backprop.outputGradients64(t, Backprop.crossEntropyGrad(t.logits(), y, N, 5));
        // ∂L/∂(reluA's output) sums the reads of b and of the Add; check it by perturbing a's bias through the chain
        Conv2d a = (Conv2d) net.layer(0);
        double[] gradA = og[0]; // at a's output (n × 4 × 6 × 6)
        for (int f = 0; f < 4; f++) {
            double analytic = 0;
            for (int s = 0; s < N; s++) {
                for (int p = 0; p < 36; p++) {
                    analytic += gradA[(s * 4 + f) * 36 + p];
                }
            }
            double h = 1e-3;
            double numeric = (loss(net, a, f, h, x, y) - loss(net, a, f, -h, x, y)) / (2 * h);
            assertThat(analytic).as("∂L/∂b_a[%d]", f).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-4 + 1e-3 * Math.abs(numeric)));
        }
    }

    private static double loss(Network net, Conv2d a, int f, double h, float[] x, int[] y) {
        double[] b = a.bias64().clone();
        b[f] += h;
        Network p = net.with(0, a.withParameters64(a.weight64(), b));
        double[] z = p.logits64(AccurateOps.widen(x, x.length), N);
        float[] zf = new float[z.length];
        double total = 0;
        for (int s = 0; s < N; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 5; c++) {
                max = Math.max(max, z[s * 5 + c]);
            }
            double sum = 0;
            for (int c = 0; c < 5; c++) {
                sum += Math.exp(z[s * 5 + c] - max);
            }
            total += max + Math.log(sum) - z[s * 5 + y[s]];
        }
        return total / N;
    }

    @Test
    void channelGroupsFollowTheResidualStreamAndTheConcat() {
        Network net = residual(3);
        ChannelGroups g = net.channelGroups();
        assertThat(g.size()).isEqualTo(2);
        ChannelGroups.Group stream = g.groups().get(0);
        assertThat(stream.channels()).isEqualTo(4);
        assertThat(stream.outLayers()).containsExactly(0, 3); // a and b add into one stream
        assertThat(stream.members()).contains(new ChannelGroups.Member(7, ChannelGroups.Side.IN, 0, 1),
                new ChannelGroups.Member(11, ChannelGroups.Side.IN, 3, 1)); // c's input; fc's inputs 3..6 via the concat
        ChannelGroups.Group cOut = g.groups().get(1);
        assertThat(cOut.outLayers()).containsExactly(7);
        assertThat(cOut.members()).contains(new ChannelGroups.Member(11, ChannelGroups.Side.IN, 0, 1));
        assertThat(net.prunableNames()).containsExactly("a", "c");
        assertThat(net.unitCounts()).containsExactly(4, 3);
    }

    @Test
    void removingAGroupEqualsZeroingItsChannelsEverywhere() {
        Network net = residual(4);
        PruningPlan plan = new PruningPlan(new int[][] {{1, 3}, {0}});
        Network pruned = Pruner.prune(net, plan);
        assertThat(pruned.shape(9)).containsExactly(4, 6, 6);
        // zeroing: a's and b's rows 1, 3 and c's row 0 (weights and biases) and the BatchNorms' γ, β there
        Network zeroed = net.with(0, zeroRows((Affine) net.layer(0), 1, 3)).with(3, zeroRows((Affine) net.layer(3), 1, 3))
                .with(7, zeroRows((Affine) net.layer(7), 0)).with(1, zeroBn((BatchNorm) net.layer(1), 1, 3))
                .with(4, zeroBn((BatchNorm) net.layer(4), 1, 3));
        float[] x = input();
        double[] want = zeroed.logits64(AccurateOps.widen(x, x.length), N);
        double[] got = pruned.logits64(AccurateOps.widen(x, x.length), N);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(pruned.parameterCount()).isLessThan(net.parameterCount());
        assertThatThrownBy(() -> Pruner.prune(net, new PruningPlan(new int[][] {{0, 1, 2, 3}, {}})))
                .hasMessageContaining("every channel");
    }

    private static Affine zeroRows(Affine a, int... rows) {
        double[] w = a.weight64().clone();
        double[] b = a.bias64() == null ? null : a.bias64().clone();
        for (int r : rows) {
            java.util.Arrays.fill(w, r * a.fanIn(), (r + 1) * a.fanIn(), 0);
            if (b != null) {
                b[r] = 0;
            }
        }
        return a.withParameters64(w, b);
    }

    private static BatchNorm zeroBn(BatchNorm bn, int... ch) {
        float[] g = bn.gamma().clone();
        float[] b = bn.beta().clone();
        for (int c : ch) {
            g[c] = 0;
            b[c] = 0;
        }
        return new BatchNorm(bn.name(), g, b, bn.mean(), bn.var(), bn.eps());
    }

    @Test
    void aGraphWrittenAsOnnxReadsBackWithTheSameBits() {
        Network net = residual(5);
        Network back = OnnxReader.read(OnnxWriter.bytes(net, OnnxLayout.defaults()), "g.onnx").network();
        float[] x = input();
        assertThat(back.logits(x, N)).isEqualTo(net.logits(x, N));
        assertThat(back.channelGroups().size()).isEqualTo(2);
        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{2}, {1}}));
        Network prunedBack = OnnxReader.read(OnnxWriter.bytes(pruned, OnnxLayout.defaults()), "p.onnx").network();
        assertThat(prunedBack.logits(x, N)).isEqualTo(pruned.logits(x, N));
    }

    @Test
    void theResidualAddSplitsRelevanceByShareAndTheConcatBySlices() {
        Add add = new Add("add");
        double[][] x = {{1.0, -2.0, 3.0}, {3.0, 1.0, 0.0}};
        double[] r = {4.0, 1.0, 2.0};
        double[][] got = add.relevance64(x, r, 1, new int[][] {{3}, {3}});
        for (int i = 0; i < 3; i++) {
            double z = x[0][i] + x[1][i];
            double s = z + (z >= 0 ? 1e-6 : -1e-6);
            assertThat(got[0][i]).isCloseTo(x[0][i] * r[i] / s, org.assertj.core.data.Offset.offset(1e-15));
            assertThat(got[1][i]).isCloseTo(x[1][i] * r[i] / s, org.assertj.core.data.Offset.offset(1e-15));
            assertThat(got[0][i] + got[1][i]).isCloseTo(r[i], org.assertj.core.data.Offset.offset(1e-5));
        }
        Concat cat = new Concat("cat", 2);
        double[][] sl = cat.relevance64(null, new double[] {1, 2, 3, 4, 5, 6}, 2, new int[][] {{1}, {2}});
        assertThat(sl[0]).containsExactly(1, 4);
        assertThat(sl[1]).containsExactly(2, 3, 5, 6);
        Mul mul = new Mul("gate", 1);
        double[][] m = mul.relevance64(null, new double[] {1, 2}, 1, new int[][] {{2}, {2}});
        assertThat(m[0]).containsExactly(1, 2);
        assertThat(m[1]).containsExactly(0, 0);
    }

    @Test
    void theResidualAddsFloat32RelevanceIsTheRoundingOfItsFloat64OneForAnyThreadCount() {
        java.util.Random rnd = new java.util.Random(3);
        int n = 3;
        int[][] in = {{4, 50, 60}, {4, 50, 60}, {4, 50, 60}};
        int size = n * 4 * 50 * 60;
        float[][] x = new float[3][size];
        float[] r = new float[size];
        for (int i = 0; i < size; i++) {
            for (float[] xk : x) {
                xk[i] = rnd.nextInt(20) == 0 ? -0f : (float) rnd.nextGaussian();
            }
            r[i] = (float) rnd.nextGaussian();
        }
        Add add = new Add("add", 3);
        double[][] wide = new double[3][size];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < size; i++) {
                wide[k][i] = x[k][i];
            }
        }
        double[] rd = new double[size];
        for (int i = 0; i < size; i++) {
            rd[i] = r[i];
        }
        double[][] expected = add.relevance64(wide, rd, n, in);
        for (int threads : new int[] {1, 2, 5}) {
            float[][] got = add.relevance(x, r, n, in, threads);
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < size; i++) {
                    assertThat(Float.floatToRawIntBits(got[k][i])).as("input %d element %d", k, i)
                            .isEqualTo(Float.floatToRawIntBits((float) expected[k][i]));
                }
            }
        }
    }

    @Test
    void explainingAGraphSumsTheRelevanceOfABranchingValue() {
        Network net = residual(6);
        Explainer e = new Explainer(net, Composites.of("epsilon-plus"), Explainer.Start.LOGIT, Explainer.Precision.FLOAT64);
        Explainer.Result res = e.explain(input(), new int[] {0, 1, 2}, N, 2, null);
        assertThat(res.taps()).extracting(Explainer.Tap::name).containsExactly("a", "b", "c", "fc");
        Explainer.Result one = e.explain(input(), new int[] {0, 1, 2}, N, 1, null);
        assertThat(res.input()).isEqualTo(one.input());
    }

    @Test
    void channelGroupsAreComputedOnFirstUseOnceForEveryThread() throws Exception {
        Network net = residual(7);
        assertThat(net.prunesGroups()).isTrue();
        assertThat(net.groupsComputed()).isFalse();
        // the canonizer builds a network per merged BatchNorm; none of them needs its groups
        Network canonical = Composites.of("epsilon-plus-flat").prepare(net);
        assertThat(canonical.layers()).hasSize(net.layers().size() - 2);
        assertThat(canonical.groupsComputed()).isFalse();
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Object[]>> asked = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean groupsFirst = t % 2 == 0;
                asked.add(pool.submit(() -> {
                    go.await();
                    int[] pos = groupsFirst ? null : net.prunablePositions();
                    ChannelGroups g = net.channelGroups();
                    return new Object[] {g, pos != null ? pos : net.prunablePositions(), net.group(1)};
                }));
            }
            go.countDown();
            ChannelGroups first = (ChannelGroups) asked.get(0).get()[0];
            for (java.util.concurrent.Future<Object[]> f : asked) {
                Object[] got = f.get();
                assertThat(got[0]).isSameAs(first);
                assertThat((int[]) got[1]).containsExactly(0, 7);
                assertThat(got[2]).isSameAs(first.groups().get(1));
            }
            // the same groups as computing them at once
            assertThat(first.groups()).isEqualTo(ChannelGroups.of(net).groups());
            assertThat(net.groupsComputed()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void malformedGraphsAreRefusedInOneLine() {
        List<Layer> two = List.of(new Relu("r"), new Linear("fc", 4, 2, new float[8], null));
        assertThatThrownBy(() -> new Network(new int[] {4}, two, new int[][] {{1}, {1}}, PrunableUnits.DEFAULT))
                .hasMessage("r reads value 1, which is not computed before it (layers must be in topological order)");
        assertThatThrownBy(() -> new Network(new int[] {4}, two, new int[][] {{0}, {0}}, PrunableUnits.DEFAULT))
                .hasMessage("the output of r is read by no layer (a dangling branch)");
        List<Layer> add = List.of(new Relu("r"), new Add("add"), new Linear("fc", 4, 2, new float[8], null));
        assertThatThrownBy(() -> new Network(new int[] {4}, add, new int[][] {{0}, {1}, {2}}, PrunableUnits.DEFAULT))
                .hasMessage("add reads 1 values, it takes 2");
    }
}
