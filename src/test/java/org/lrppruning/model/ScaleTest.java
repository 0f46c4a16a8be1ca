package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/** Mul by a constant: one value, or one per channel of an image or per feature of a flat tensor. */
class ScaleTest {
    private static final Random R = new Random(23);
    private static final int N = 2;

    /** y[s, c, p] = c[c]·x[s, c, p], straight from the definition (index by index). */
    private static double[] slow(double[] x, float[] factor, int[] in) {
        int channels = in[0];
        int inner = Shapes.inner(in);
        double[] y = new double[x.length];
        for (int s = 0; s < N; s++) {
            for (int c = 0; c < channels; c++) {
                double f = factor.length == 1 ? factor[0] : factor[c];
                for (int p = 0; p < inner; p++) {
                    int i = (s * channels + c) * inner + p;
                    y[i] = f * x[i];
                }
            }
        }
        return y;
    }

    private static Object[][] cases() {
        return new Object[][] {
            {new Scale("half", new float[] {0.5f}), new int[] {3, 4, 5}},
            {new Scale("neg", new float[] {-1.75f}), new int[] {6}},
            {new Scale("gamma", new float[] {0.5f, -2f, 1.25f}), new int[] {3, 4, 5}},
            {new Scale("feat", new float[] {0.3f, 1f, -0.7f, 2f}), new int[] {4}},
        };
    }

    @Test
    void forwardMultipliesEachChannelByItsValue() {
        for (Object[] c : cases()) {
            Scale sc = (Scale) c[0];
            int[] in = (int[]) c[1];
            float[] x = Cnns.uniform(R, N * Shapes.size(in), -2, 2);
            double[] x64 = AccurateOps.widen(x, x.length);
            assertThat(sc.outputShape(in)).containsExactly(in);
            double[] want = slow(x64, sc.factor(), in);
            assertThat(sc.forward64(x64, N, in)).as(sc.name()).containsExactly(want);
            // float32: each product rounded once, as torch multiplies
            float[] y = sc.forward(x, N, in, 3);
            for (int i = 0; i < y.length; i++) {
                assertThat(y[i]).isEqualTo((float) want[i]);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (Object[] c : cases()) {
            Scale sc = (Scale) c[0];
            int[] in = (int[]) c[1];
            int size = N * Shapes.size(in);
            double[] x = AccurateOps.widen(Cnns.uniform(R, size, -1, 1), size);
            double[] gy = AccurateOps.widen(Cnns.uniform(R, size, -1, 1), size);
            ZooLayersTest.assertNumeric(sc, x, gy, in);
            float[] g32 = sc.backward(Affine.round(x), Affine.round(gy), N, in, 1);
            assertThat(g32).containsExactly(Affine.round(slow(AccurateOps.widen(Affine.round(gy), size), sc.factor(), in)));
        }
    }

    @Test
    void relevanceIsTheGradientAsUnderZennit() {
        // no rule maps a product by a constant, so Zennit's relevance is autograd's: R_x = c ⊙ R_y
        for (Object[] c : cases()) {
            Scale sc = (Scale) c[0];
            int[] in = (int[]) c[1];
            int size = N * Shapes.size(in);
            double[] x = AccurateOps.widen(Cnns.uniform(R, size, -1, 1), size);
            double[] r = AccurateOps.widen(Cnns.uniform(R, size, 0, 1), size);
            double[] rin = sc.relevance64(x, r, N, in);
            assertThat(rin).containsExactly(slow(r, sc.factor(), in));
            assertThat(rin).containsExactly(sc.backward64(x, r, N, in));
            float[] r32 = Affine.round(r);
            assertThat(sc.relevance(Affine.round(x), r32, N, in, 1)).containsExactly(sc.backward(Affine.round(x),
                    r32, N, in, 1));
        }
        // a scale by one keeps the sum; by 0.5 it halves it
        Scale half = new Scale("half", new float[] {0.5f});
        double[] r = {1, 2, 3, 4};
        assertThat(Arrays.stream(half.relevance64(r, r, 1, new int[] {4})).sum()).isEqualTo(5.0);
    }

    @Test
    void removingChannelsRemovesTheirValuesOfAPerChannelConstant() {
        Scale gamma = new Scale("gamma", new float[] {0.5f, -2f, 1.25f});
        boolean[] keep = {true, false, true};
        Layer.Shrunk s = gamma.withoutInputs(keep, new int[] {3, 4, 5});
        assertThat(((Scale) s.layer()).factor()).containsExactly(0.5f, 1.25f);
        assertThat(s.next()).isSameAs(keep);
        Scale half = new Scale("half", new float[] {0.5f});
        assertThat(half.withoutInputs(keep, new int[] {3, 4, 5}).layer()).isSameAs(half);
        assertThatThrownBy(() -> gamma.withoutInputs(new boolean[] {true, false}, new int[] {2, 4, 5}))
                .hasMessage("gamma: keep mask over 2 channels, the constant has 3");
    }

    @Test
    void aPerChannelScaleIsPrunedWithItsChannelGroup() {
        // x → a(2→3) → gamma·(per channel) → relu → b(3→2) → gap → flatten → fc(2→2)
        Random r = new Random(3);
        List<Layer> layers = List.of(Cnns.conv("a", 2, 3, Window.square(3, 1, 1), true, r),
                new Scale("gamma", new float[] {0.5f, -2f, 1.25f}), new Relu("relu"),
                Cnns.conv("b", 3, 2, Window.square(3, 1, 1), true, r), new GlobalAvgPool("gap"),
                new Linear("fc", 2, 2, Cnns.uniform(r, 4, -1, 1), null));
        Network net = new Network(new int[] {2, 4, 4}, layers);
        ChannelGroups.Group g = net.channelGroups().groups().get(0);
        assertThat(g.members()).extracting(ChannelGroups.Member::layer, ChannelGroups.Member::side).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, ChannelGroups.Side.OUT),
                org.assertj.core.groups.Tuple.tuple(1, ChannelGroups.Side.BOTH),
                org.assertj.core.groups.Tuple.tuple(3, ChannelGroups.Side.IN));
        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{1}, {}}));
        assertThat(((Scale) pruned.layer(1)).factor()).containsExactly(0.5f, 1.25f);
        // removing channel 1 computes what zeroing a's filter 1 computes
        Conv2d a = (Conv2d) net.layer(0);
        float[] w = a.weight().clone();
        float[] b = a.bias().clone();
        Arrays.fill(w, 18, 36, 0f);
        b[1] = 0;
        Network zeroed = net.with(0, new Conv2d("a", 2, 3, a.window(), w, b));
        double[] x = AccurateOps.widen(Cnns.uniform(r, N * 32, -1, 1), N * 32);
        assertThat(pruned.logits64(x, N)).containsExactly(zeroed.logits64(x, N), within(1e-14));
    }

    @Test
    void badConstantsAreRefusedInOneLine() {
        assertThatThrownBy(() -> new Scale("s", new float[] {1f, Float.NaN})).hasMessage("s: the constant holds NaN;"
                + " it must be finite");
        assertThatThrownBy(() -> new Scale("s", new float[0])).hasMessage("s: a scale needs at least one value");
        Scale gamma = new Scale("gamma", new float[] {0.5f, -2f, 1.25f});
        assertThatThrownBy(() -> gamma.outputShape(new int[] {4, 2, 2}))
                .hasMessage("gamma expects 3 channels (one per value of its constant), got input 4x2x2");
    }
}
