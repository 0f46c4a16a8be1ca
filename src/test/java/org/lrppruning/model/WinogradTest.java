package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.testutil.Relative;

/**
 * Winograd's F(2×2, 3×3) computes the same convolution and transpose as the direct map, to float32 rounding, for
 * odd and even planes, every padding it takes and channel counts off the vector width; its bits do not depend on
 * the thread count; what it cannot take (non-finite values) goes back to the direct map.
 */
class WinogradTest {
    private static final Random R = new Random(11);

    private static float[] random(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) R.nextGaussian();
        }
        return v;
    }

    /** The float64 convolution (stride 1, 3×3, padding ph, pw), the truth both float32 paths are measured against. */
    private static double[] exact(float[] x, float[] w, float[] b, int n, int in, int h, int wd, int out, int ph, int pw) {
        int oh = h + 2 * ph - 2;
        int ow = wd + 2 * pw - 2;
        double[] y = new double[n * out * oh * ow];
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < out; f++) {
                for (int a = 0; a < oh; a++) {
                    for (int c2 = 0; c2 < ow; c2++) {
                        double acc = b == null ? 0 : b[f];
                        for (int c = 0; c < in; c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 3; j++) {
                                    int r = a - ph + i;
                                    int q = c2 - pw + j;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        acc += (double) w[((f * in + c) * 3 + i) * 3 + j] * x[((s * in + c) * h + r) * wd + q];
                                    }
                                }
                            }
                        }
                        y[((s * out + f) * oh + a) * ow + c2] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** The float64 transpose of that convolution applied to q. */
    private static double[] exactTranspose(float[] q, float[] w, int n, int in, int h, int wd, int out, int ph, int pw) {
        int oh = h + 2 * ph - 2;
        int ow = wd + 2 * pw - 2;
        double[] gx = new double[n * in * h * wd];
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < out; f++) {
                for (int a = 0; a < oh; a++) {
                    for (int c2 = 0; c2 < ow; c2++) {
                        double v = q[((s * out + f) * oh + a) * ow + c2];
                        for (int c = 0; c < in; c++) {
                            for (int i = 0; i < 3; i++) {
                                for (int j = 0; j < 3; j++) {
                                    int r = a - ph + i;
                                    int col = c2 - pw + j;
                                    if (r >= 0 && r < h && col >= 0 && col < wd) {
                                        gx[((s * in + c) * h + r) * wd + col] += w[((f * in + c) * 3 + i) * 3 + j] * v;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx;
    }

    /** Largest |a − truth| over the largest |truth| (the fixtures' measure, one row). */
    private static double error(float[] a, double[] truth) {
        return Relative.worst(AccurateOps.widen(a, a.length), truth, 1, truth.length);
    }

    @Test
    void convolutionAndTransposeAgreeWithTheExactMapAsCloselyAsTheDirectPath() {
        // channels off the vector width, odd and even planes, every padding, a plane one row high
        int[][] cases = {{2, 33, 32, 7, 9, 1, 1}, {1, 32, 35, 8, 8, 1, 1}, {3, 40, 32, 5, 6, 0, 0},
                {1, 32, 32, 6, 5, 2, 2}, {2, 36, 34, 1, 9, 1, 0}, {1, 33, 40, 3, 3, 2, 1}};
        for (int[] cs : cases) {
            int n = cs[0], in = cs[1], out = cs[2], h = cs[3], wd = cs[4], ph = cs[5], pw = cs[6];
            Window win = new Window(3, 3, 1, 1, ph, pw);
            float[] w = random(out * in * 9);
            float[] b = random(out);
            float[] x = random(n * in * h * wd);
            Conv2d conv = new Conv2d("c", in, out, win, w, b);
            int[] shape = {in, h, wd};
            double[] truth = exact(x, w, b, n, in, h, wd, out, ph, pw);
            float[] fast = Winograd.affine(x, w, b, n, in, h, wd, out, ph, pw, 2);
            float[] direct = conv.affine(x, w, b, n, shape, 2);
            assertThat(fast).isNotEqualTo(direct); // a different rounding: the Winograd path did run
            assertThat(error(fast, truth)).as("affine %s", java.util.Arrays.toString(cs))
                    .isLessThan(Math.max(1e-6, 8 * error(direct, truth)));

            int oh = h + 2 * ph - 2;
            int ow = wd + 2 * pw - 2;
            float[] q = random(n * out * oh * ow);
            double[] truthT = exactTranspose(q, w, n, in, h, wd, out, ph, pw);
            float[] fastT = Winograd.transpose(q, w, n, in, h, wd, out, ph, pw, 2);
            float[] directT = conv.transpose(q, w, n, shape, 2);
            assertThat(error(fastT, truthT)).as("transpose %s", java.util.Arrays.toString(cs))
                    .isLessThan(Math.max(1e-6, 8 * error(directT, truthT)));

            // the layer routes its rule products here where the channels suit, else to the direct map
            float[] routed = conv.relevanceAffine(x, w, b, n, shape, 2);
            assertThat(routed).isEqualTo(Winograd.suits(1, in, out, win) ? fast : direct);
            float[] routedT = conv.relevanceTranspose(q, w, n, shape, 2);
            assertThat(routedT).isEqualTo(Winograd.suits(1, out, in, win) ? fastT : directT);
        }
    }

    @Test
    void bitsDoNotDependOnTheThreadCount() {
        // large enough to be split over the threads (a small convolution stays on one)
        int n = 16, in = 32, out = 40, h = 29, wd = 27;
        assertThat((long) n * ((h + 1) / 2) * ((wd + 1) / 2) * in * out).isGreaterThanOrEqualTo(Winograd.ONE_THREAD_WORK);
        float[] w = random(out * in * 9);
        float[] x = random(n * in * h * wd);
        float[] q = random(n * out * h * wd);
        float[] one = Winograd.affine(x, w, null, n, in, h, wd, out, 1, 1, 1);
        float[] oneT = Winograd.transpose(q, w, n, in, h, wd, out, 1, 1, 1);
        for (int threads : new int[] {2, 3, 8}) {
            assertThat(Winograd.affine(x, w, null, n, in, h, wd, out, 1, 1, threads)).isEqualTo(one);
            assertThat(Winograd.transpose(q, w, n, in, h, wd, out, 1, 1, threads)).isEqualTo(oneT);
        }
    }

    @Test
    void nonFiniteValuesAndUnsuitedWindowsTakeTheDirectMap() {
        int n = 1, in = 32, out = 32, h = 6, wd = 6;
        float[] w = random(out * in * 9);
        float[] x = random(n * in * h * wd);
        x[7] = Float.POSITIVE_INFINITY;
        Conv2d conv = new Conv2d("c", in, out, Window.square(3, 1, 1), w, null);
        int[] shape = {in, h, wd};
        assertThat(conv.relevanceAffine(x, w, null, n, shape, 1)).isEqualTo(conv.affine(x, w, null, n, shape, 1));

        assertThat(Winograd.suits(1, in, out, Window.square(3, 2, 1))).isFalse();
        assertThat(Winograd.suits(2, in, out, Window.square(3, 1, 1))).isFalse();
        assertThat(Winograd.suits(1, in, out, Window.square(5, 1, 2))).isFalse();
        assertThat(Winograd.suits(1, 8, out, Window.square(3, 1, 1))).isFalse();
        assertThat(Winograd.suits(1, in, 8, Window.square(3, 1, 1))).isFalse();
        assertThat(Winograd.suits(1, 64, 32, Window.square(3, 1, 1))).as("narrowing").isFalse();
        assertThat(Winograd.suits(1, 32, 64, Window.square(3, 1, 1))).as("widening").isTrue();
    }
}
