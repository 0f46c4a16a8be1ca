package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.testutil.Cnns;

/** The layer variants torchvision's exports need: ceil_mode max pooling and global average pooling to C×1×1. */
class ZooLayersTest {
    private static final Random R = new Random(41);
    private static final int N = 2;

    @Test
    void aCeilWindowRoundsUpButNeverStartsInTheRightPadding() {
        // PyTorch: out = ceil((H + 2p - k)/s) + 1, minus one when (out - 1)·s >= H + p
        Window w = new Window(3, 3, 2, 2, 0, 0, true);
        assertThat(w.outH(32)).isEqualTo(16);
        assertThat(new Window(3, 3, 2, 2, 0, 0).outH(32)).isEqualTo(15);
        assertThat(w.outH(7)).isEqualTo(3);
        assertThat(new Window(2, 2, 2, 2, 0, 0, true).outW(5)).isEqualTo(3);
        assertThat(new Window(3, 3, 3, 3, 1, 1, true).outH(5)).isEqualTo(2); // the third would start at 6 >= 5 + 1
        assertThat(new Window(3, 3, 2, 2, 0, 0, false)).isEqualTo(Window.square(3, 2, 0));
        assertThat(w.toString()).endsWith("ceil_mode");
    }

    /** The max of each window clipped to the input, straight from the definition. */
    private static double[] slowMax(double[] x, int n, int[] in, Window w) {
        int oh = w.outH(in[1]);
        int ow = w.outW(in[2]);
        double[] y = new double[n * in[0] * oh * ow];
        int q = 0;
        for (int s = 0; s < n * in[0]; s++) {
            for (int a = 0; a < oh; a++) {
                for (int b = 0; b < ow; b++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < w.kh(); i++) {
                        for (int j = 0; j < w.kw(); j++) {
                            int r = a * w.sh() - w.ph() + i;
                            int c = b * w.sw() - w.pw() + j;
                            if (r >= 0 && r < in[1] && c >= 0 && c < in[2]) {
                                m = Math.max(m, x[s * in[1] * in[2] + r * in[2] + c]);
                            }
                        }
                    }
                    y[q++] = m;
                }
            }
        }
        return y;
    }

    @Test
    void ceilModeMaxPoolingTakesTheMaxOfTheWindowsThatRunOverTheEdge() {
        for (Window w : new Window[] {new Window(3, 3, 2, 2, 0, 0, true), new Window(2, 2, 2, 2, 0, 0, true),
                new Window(3, 2, 2, 3, 1, 0, true)}) {
            MaxPool2d mp = new MaxPool2d("mp", w);
            int[] in = {3, 7, 8};
            float[] x = Cnns.uniform(R, N * Shapes.size(in), -1, 1);
            double[] x64 = AccurateOps.widen(x, x.length);
            int[] out = mp.outputShape(in);
            assertThat(out).containsExactly(3, w.outH(7), w.outW(8));
            double[] want = slowMax(x64, N, in, w);
            assertThat(mp.forward64(x64, N, in)).containsExactly(want);
            assertThat(AccurateOps.widen(mp.forward(x, N, in, 1), want.length)).containsExactly(want);
            // relevance is the gradient: each output's to its window's arg-max, so the sum is kept
            double[] r = AccurateOps.widen(Cnns.uniform(R, want.length, 0, 1), want.length);
            double[] rin = mp.relevance64(x64, r, N, in);
            assertThat(rin).containsExactly(mp.backward64(x64, r, N, in));
            assertThat(sum(rin)).isCloseTo(sum(r), within(1e-12));
            boolean[] keep = {true, false, true};
            assertThat(mp.withoutInputs(keep, in).next()).isSameAs(keep);
        }
    }

    @Test
    void ceilModeMaxPoolGradientMatchesFiniteDifferences() {
        MaxPool2d mp = new MaxPool2d("mp", new Window(3, 3, 2, 2, 0, 0, true));
        int[] in = {2, 6, 5};
        double[] x = AccurateOps.widen(Cnns.uniform(R, N * 60, -1, 1), N * 60);
        int outs = N * Shapes.size(mp.outputShape(in));
        assertThat(mp.outputShape(in)).containsExactly(2, 3, 2); // floor: 2x2
        double[] c = AccurateOps.widen(Cnns.uniform(R, outs, -1, 1), outs);
        assertNumeric(mp, x, c, in);
    }

    @Test
    void globalAvgPoolKeepingDimsGivesTheSameValuesAsAnImage() {
        GlobalAvgPool flat = new GlobalAvgPool("g");
        GlobalAvgPool keep = new GlobalAvgPool("g", true);
        int[] in = {3, 4, 5};
        assertThat(keep.outputShape(in)).containsExactly(3, 1, 1);
        assertThat(flat.outputShape(in)).containsExactly(3);
        float[] x = Cnns.uniform(R, N * 60, -1, 1);
        double[] x64 = AccurateOps.widen(x, x.length);
        assertThat(keep.forward64(x64, N, in)).containsExactly(flat.forward64(x64, N, in));
        assertThat(keep.forward(x, N, in, 1)).containsExactly(flat.forward(x, N, in, 1));
        double[] r = AccurateOps.widen(Cnns.uniform(R, N * 3, -1, 1), N * 3);
        // Zennit's Norm rule: x · R / (HW · s(mean))
        double[] rin = keep.relevance64(x64, r, N, in);
        double[] mean = flat.forward64(x64, N, in);
        for (int i = 0; i < rin.length; i++) {
            int s = i / 20;
            assertThat(rin[i]).isCloseTo(x64[i] * r[s] / (20 * (mean[s] + (mean[s] >= 0 ? 1e-6 : -1e-6))), within(1e-12));
        }
        assertNumeric(keep, x64, AccurateOps.widen(Cnns.uniform(R, N * 3, -1, 1), N * 3), in);
        boolean[] mask = {false, true, true};
        assertThat(keep.withoutInputs(mask, in).next()).isSameAs(mask);
        // a Conv2d reads it as a 1×1 image; channel groups pass through it
        Conv2d conv = Cnns.conv("fc1", 3, 2, Window.square(1, 1, 0), true, R);
        assertThat(conv.outputShape(keep.outputShape(in))).containsExactly(2, 1, 1);
    }

    @Test
    void aSqueezeAndExcitationGateIsOneChannelGroupWithItsFeatures() {
        // x → conv a (4) → relu → [gap(keep) → conv s (2) → relu → conv e (4) → sigmoid] · → conv c (3) → gap → fc
        Random r = new Random(5);
        java.util.List<Layer> layers = java.util.List.of(
                Cnns.conv("a", 2, 4, Window.square(3, 1, 1), true, r), new Relu("ra"),
                new GlobalAvgPool("se.pool", true), Cnns.conv("se.s", 4, 2, Window.square(1, 1, 0), true, r),
                new Relu("se.r"), Cnns.conv("se.e", 2, 4, Window.square(1, 1, 0), true, r), new Sigmoid("se.g"),
                new Mul("se.mul", 1), Cnns.conv("c", 4, 3, Window.square(3, 1, 1), true, r),
                new GlobalAvgPool("pool"), new Linear("fc", 3, 2, Cnns.uniform(r, 6, -1, 1), null));
        int[][] reads = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {2, 7}, {8}, {9}, {10}};
        Network net = new Network(new int[] {2, 5, 5}, layers, reads, PrunableUnits.DEFAULT);
        ChannelGroups g = net.channelGroups();
        assertThat(g.groups()).extracting(ChannelGroups.Group::channels).containsExactly(4, 2, 3);
        assertThat(g.groups().get(0).outLayers()).containsExactly(0, 5);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    /** The float64 gradient of {@code l} (two samples) against central finite differences of ⟨forward, c⟩. */
    static void assertNumeric(Layer l, double[] x, double[] c, int[] in) {
        double h = 1e-6;
        double[] g = l.backward64(x, c, N, in);
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double up = dot(l.forward64(x, N, in), c);
            x[i] = keep - h;
            double down = dot(l.forward64(x, N, in), c);
            x[i] = keep;
            assertThat(g[i]).as("element %d", i).isCloseTo((up - down) / (2 * h), within(1e-6));
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
