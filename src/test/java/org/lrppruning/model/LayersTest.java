package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.testutil.Cnns;

/** Each layer's forward pass against a slow, obvious float64 version; shape errors name the layer in one line. */
class LayersTest {
    private static final Random R = new Random(17);
    private static final int N = 3;

    // ------------------------------------------------------------ slow versions

    /** y[s,f,oh,ow] = b[f] + Σ_{c,i,j} W[f,c,i,j]·x[s,c,oh·sh−ph+i, ow·sw−pw+j], zero outside. */
    static double[] slowConv(Conv2d l, double[] x, int n, int[] in) {
        Window w = l.window();
        int oh = w.outH(in[1]);
        int ow = w.outW(in[2]);
        double[] y = new double[n * l.out() * oh * ow];
        int q = 0;
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < l.out(); f++) {
                for (int a = 0; a < oh; a++) {
                    for (int b = 0; b < ow; b++) {
                        double sum = l.bias() == null ? 0 : l.bias()[f];
                        for (int c = 0; c < l.in(); c++) {
                            for (int i = 0; i < w.kh(); i++) {
                                for (int j = 0; j < w.kw(); j++) {
                                    int r = a * w.sh() - w.ph() + i;
                                    int col = b * w.sw() - w.pw() + j;
                                    if (r >= 0 && r < in[1] && col >= 0 && col < in[2]) {
                                        sum += l.weight()[((f * l.in() + c) * w.kh() + i) * w.kw() + j]
                                                * x[((s * in[0] + c) * in[1] + r) * in[2] + col];
                                    }
                                }
                            }
                        }
                        y[q++] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** Max (or mean) over the in-bounds taps of each window. */
    static double[] slowPool(Window w, double[] x, int n, int[] in, boolean max, boolean countPad) {
        int oh = w.outH(in[1]);
        int ow = w.outW(in[2]);
        double[] y = new double[n * in[0] * oh * ow];
        int q = 0;
        for (int s = 0; s < n * in[0]; s++) {
            for (int a = 0; a < oh; a++) {
                for (int b = 0; b < ow; b++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int count = 0;
                    for (int i = 0; i < w.kh(); i++) {
                        for (int j = 0; j < w.kw(); j++) {
                            int r = a * w.sh() - w.ph() + i;
                            int col = b * w.sw() - w.pw() + j;
                            if (r >= 0 && r < in[1] && col >= 0 && col < in[2]) {
                                double v = x[(s * in[1] + r) * in[2] + col];
                                acc = max ? Math.max(acc, v) : acc + v;
                                count++;
                            }
                        }
                    }
                    y[q++] = max ? acc : acc / (countPad ? w.kh() * w.kw() : count);
                }
            }
        }
        return y;
    }

    static double[] widen(float[] v) {
        return AccurateOps.widen(v, v.length);
    }

    static void assertClose(float[] got, double[] want, double rel) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("element %d", i).isCloseTo(want[i], within(rel * (1 + Math.abs(want[i]))));
        }
    }

    static void assertClose(double[] got, double[] want, double rel) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(want[i], within(rel * (1 + Math.abs(want[i]))));
        }
    }

    // ------------------------------------------------------------ tests

    @Test
    void convMatchesTheDirectSumForStridesPaddingsAndRectangularKernels() {
        int[] in = {3, 7, 6};
        float[] x = Cnns.uniform(R, N * 3 * 7 * 6, -1, 1);
        for (Window w : new Window[] {Window.square(3, 1, 1), new Window(3, 2, 2, 1, 1, 0), Window.square(1, 1, 0),
                new Window(2, 3, 1, 2, 0, 2)}) {
            for (boolean bias : new boolean[] {true, false}) {
                Conv2d l = Cnns.conv("c", 3, 4, w, bias, R);
                double[] want = slowConv(l, widen(x), N, in);
                assertThat(l.outputShape(in)).containsExactly(4, w.outH(7), w.outW(6));
                assertClose(l.forward(x, N, in, 1), want, 1e-5);
                assertClose(l.forwardAccurate(x, N, in), want, 1e-7);
                assertClose(l.forward64(widen(x), N, in), want, 1e-13);
                assertThat(l.macs(in)).isEqualTo(4L * 3 * w.kh() * w.kw() * w.outH(7) * w.outW(6));
            }
        }
    }

    @Test
    void linearMatchesTheDirectSumInEveryPrecision() {
        Linear l = org.lrppruning.testutil.Nets.linear("l", 7, 5, R);
        float[] x = Cnns.uniform(R, N * 7, -1, 1);
        double[] want = new double[N * 5];
        for (int s = 0; s < N; s++) {
            for (int j = 0; j < 5; j++) {
                want[s * 5 + j] = l.bias()[j];
                for (int i = 0; i < 7; i++) {
                    want[s * 5 + j] += (double) l.w(j, i) * x[s * 7 + i];
                }
            }
        }
        assertClose(l.forward(x, N, new int[] {7}, 1), want, 1e-5);
        assertClose(l.forward64(widen(x), N, new int[] {7}), want, 1e-13);
    }

    @Test
    void maxPoolMatchesTheDirectMaximumIncludingPaddedWindows() {
        int[] in = {2, 5, 7};
        float[] x = Cnns.uniform(R, N * 2 * 5 * 7, -1, 1);
        for (Window w : new Window[] {Window.square(2, 2, 0), Window.square(3, 2, 1), new Window(3, 2, 1, 3, 1, 0)}) {
            MaxPool2d p = new MaxPool2d("p", w);
            double[] want = slowPool(w, widen(x), N, in, true, false);
            assertClose(p.forward(x, N, in, 1), want, 0);
            assertClose(p.forward64(widen(x), N, in), want, 0);
        }
    }

    @Test
    void maxPoolSendsTheGradientToTheFirstMaximumInRowMajorOrder() {
        MaxPool2d p = new MaxPool2d("p", Window.square(2, 2, 0));
        // one 2×2 window with two equal maxima at (0, 1) and (1, 0): the first in row-major order wins
        float[] x = {0f, 5f, 5f, 1f};
        float[] g = p.backward(x, new float[] {1f}, 1, new int[] {1, 2, 2}, 1);
        assertThat(g).containsExactly(0f, 1f, 0f, 0f);
        // overlapping windows (stride 1) add their gradients at a shared arg-max
        MaxPool2d q = new MaxPool2d("q", Window.square(2, 1, 0));
        float[] y = {0f, 9f, 0f, 0f, 0f, 0f};
        assertThat(q.backward(y, new float[] {1f, 2f}, 1, new int[] {1, 2, 3}, 1)).containsExactly(0f, 3f, 0f, 0f, 0f, 0f);
    }

    @Test
    void avgPoolDividesByTheWindowOrByTheTapsInside() {
        int[] in = {2, 5, 6};
        float[] x = Cnns.uniform(R, N * 2 * 5 * 6, -1, 1);
        for (boolean countPad : new boolean[] {true, false}) {
            for (Window w : new Window[] {Window.square(2, 2, 0), Window.square(3, 2, 1)}) {
                AvgPool2d p = new AvgPool2d("p", w, countPad);
                double[] want = slowPool(w, widen(x), N, in, false, countPad);
                assertClose(p.forward(x, N, in, 1), want, 1e-7);
                assertClose(p.forward64(widen(x), N, in), want, 1e-14);
            }
        }
    }

    @Test
    void globalAvgPoolIsTheMeanOfEachPlane() {
        int[] in = {3, 4, 5};
        float[] x = Cnns.uniform(R, N * 60, -1, 1);
        double[] want = new double[N * 3];
        for (int s = 0; s < N * 3; s++) {
            for (int p = 0; p < 20; p++) {
                want[s] += x[s * 20 + p] / 20.0;
            }
        }
        GlobalAvgPool g = new GlobalAvgPool("g");
        assertThat(g.outputShape(in)).containsExactly(3);
        assertClose(g.forward(x, N, in, 1), want, 1e-7);
        assertClose(g.forward64(widen(x), N, in), want, 1e-14);
    }

    @Test
    void batchNormNormalisesPerChannelWithTheRunningStatistics() {
        BatchNorm bn = Cnns.bn("bn", 3, R);
        for (int[] in : new int[][] {{3, 2, 4}, {3}}) {
            int size = Shapes.size(in);
            float[] x = Cnns.uniform(R, N * size, -1, 1);
            double[] want = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int c = (i % size) / (size / 3);
                want[i] = ((double) x[i] - bn.mean()[c]) / Math.sqrt(bn.var()[c] + 1e-5) * bn.gamma()[c] + bn.beta()[c];
            }
            assertClose(bn.forward(x, N, in, 1), want, 1e-6);
            assertClose(bn.forwardAccurate(x, N, in), want, 1e-7);
            assertClose(bn.forward64(widen(x), N, in), want, 1e-14);
        }
    }

    @Test
    void flattenReluAndDropoutKeepTheDataInCOrder() {
        float[] x = {-1f, 2f, -3f, 4f};
        assertThat(new Flatten("f").outputShape(new int[] {1, 2, 2})).containsExactly(4);
        assertThat(new Flatten("f").forward(x, 1, new int[] {1, 2, 2}, 1)).isSameAs(x);
        assertThat(new Relu("r").forward(x, 1, new int[] {4}, 1)).containsExactly(0f, 2f, 0f, 4f);
        assertThat(new Dropout("d", 0.5f).forward(x, 1, new int[] {4}, 1)).isSameAs(x);
    }

    @Test
    void reluGivesTheScalarBitsForSpecialValuesAndAnyLength() {
        float[] special = {Float.NaN, -0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 1.5f, -2.5f, 3e-39f, -3e-39f};
        float[] x = new float[37]; // not a multiple of any lane count
        float[] gy = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < special.length ? special[i] : (float) R.nextGaussian();
            gy[i] = i % 5 == 0 ? -0f : (float) R.nextGaussian();
        }
        int[] in = {37};
        Relu r = new Relu("r");
        float[] y = r.forward(x, 1, in, 1);
        float[] g = r.backward(x, gy, 1, in, 1);
        double[] g64 = r.backward64(x, widen(gy), 1, in);
        double[] g64d = r.backward64(widen(x), widen(gy), 1, in);
        double[] y64 = r.forward64(widen(x), 1, in);
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToIntBits(y[i])).as("forward %s", x[i]).isEqualTo(Float.floatToIntBits(Math.max(x[i], 0f)));
            assertThat(Double.doubleToLongBits(y64[i])).isEqualTo(Double.doubleToLongBits(Math.max((double) x[i], 0.0)));
            float want = x[i] > 0 ? gy[i] : 0f;
            assertThat(Float.floatToIntBits(g[i])).as("backward at %s", x[i]).isEqualTo(Float.floatToIntBits(want));
            assertThat(Double.doubleToLongBits(g64[i])).isEqualTo(Double.doubleToLongBits(x[i] > 0 ? gy[i] : 0.0));
            assertThat(Double.doubleToLongBits(g64d[i])).isEqualTo(Double.doubleToLongBits(g64[i]));
        }
    }

    @Test
    void shapesThatDoNotFitAreOneLineErrorsNamingTheLayer() {
        Conv2d c = Cnns.conv("features.0", 3, 4, Window.square(3, 1, 1), true, R);
        assertOneLine(() -> c.outputShape(new int[] {2, 5, 5}), "features.0 expects 3 input channels, got input 2x5x5");
        assertOneLine(() -> c.outputShape(new int[] {75}), "features.0 expects an image input CxHxW, got 75");
        assertOneLine(() -> new MaxPool2d("features.3", Window.square(4, 4, 0)).outputShape(new int[] {1, 3, 3}),
                "features.3: window kernel 4x4 stride 4x4 padding 0x0 does not fit input 1x3x3");
        Linear l = org.lrppruning.testutil.Nets.linear("classifier.1", 48, 2, R);
        assertOneLine(() -> l.outputShape(new int[] {3, 4, 4}), "classifier.1 expects 48 inputs, got 3x4x4 (flatten first)");
        assertOneLine(() -> Cnns.bn("features.1", 4, R).outputShape(new int[] {3, 2, 2}), "features.1 expects 4 channels");
        assertOneLine(() -> new Network(new int[] {2, 5, 5}, java.util.List.of(c, new Flatten("f"), l)), "features.0");
    }

    private static void assertOneLine(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
