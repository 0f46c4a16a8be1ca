package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Cnns;

/**
 * The direct convolution kernels give the bits of the im2col products: each output the fma chain over its entries
 * in order (written out here as plain loops), for geometries with tails of positions and of channel blocks.
 */
class ConvKernelsTest {
    private static final Random R = new Random(5);

    /** y[f, a, b] = fma chain over (c, i, j) in order from +0 of W·x (padding zero), then + bias; float64. */
    private static double[] slowAffine(double[] x, double[] w, double[] bias, int n, int in, int h, int wd, int out,
                                       Window win) {
        int oh = win.outH(h);
        int ow = win.outW(wd);
        double[] y = new double[n * out * oh * ow];
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < out; f++) {
                for (int a = 0; a < oh; a++) {
                    for (int b = 0; b < ow; b++) {
                        double acc = 0;
                        for (int c = 0; c < in; c++) {
                            for (int i = 0; i < win.kh(); i++) {
                                for (int j = 0; j < win.kw(); j++) {
                                    int r = a * win.sh() - win.ph() + i;
                                    int q = b * win.sw() - win.pw() + j;
                                    double v = r < 0 || r >= h || q < 0 || q >= wd ? 0 : x[((s * in + c) * h + r) * wd + q];
                                    acc = Math.fma(w[((f * in + c) * win.kh() + i) * win.kw() + j], v, acc);
                                }
                            }
                        }
                        y[((s * out + f) * oh + a) * ow + b] = bias == null ? acc : acc + bias[f];
                    }
                }
            }
        }
        return y;
    }

    /** gx[c, y, x] = Σ over the taps (i, j) that reach an output, in order from +0, of the fma chain over f of W·q. */
    private static double[] slowTranspose(double[] q, double[] w, int n, int in, int h, int wd, int out, Window win) {
        int oh = win.outH(h);
        int ow = win.outW(wd);
        double[] gx = new double[n * in * h * wd];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < in; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < wd; x++) {
                        double sum = 0;
                        for (int i = 0; i < win.kh(); i++) {
                            for (int j = 0; j < win.kw(); j++) {
                                int ya = y + win.ph() - i;
                                int xb = x + win.pw() - j;
                                int a = Math.floorDiv(ya, win.sh());
                                int b = Math.floorDiv(xb, win.sw());
                                if (ya % win.sh() != 0 || xb % win.sw() != 0 || a < 0 || a >= oh || b < 0 || b >= ow) {
                                    continue;
                                }
                                double col = 0;
                                for (int f = 0; f < out; f++) {
                                    col = Math.fma(w[((f * in + c) * win.kh() + i) * win.kw() + j],
                                            q[((s * out + f) * oh + a) * ow + b], col);
                                }
                                sum += col;
                            }
                        }
                        gx[((s * in + c) * h + y) * wd + x] = sum;
                    }
                }
            }
        }
        return gx;
    }

    private static double[] uniform64(int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = R.nextDouble() * 2 - 1;
        }
        return v;
    }

    @Test
    void float64MapAndTransposeEqualThePlainFmaChains() {
        // 5 x 7 positions (tails of 3-position tiles), 21 filters (a part-filled block), stride 2 and 1
        for (Window win : new Window[] {Window.square(3, 1, 1), new Window(3, 2, 2, 1, 1, 0), Window.square(1, 1, 0)}) {
            int in = 6;
            int out = 21;
            int h = 9;
            int wd = 7;
            int n = 3;
            Conv2d conv = Cnns.conv("c", in, out, win, true, R);
            double[] w = uniform64(out * conv.fanIn());
            double[] b = uniform64(out);
            double[] x = uniform64(n * in * h * wd);
            int[] shape = {in, h, wd};
            assertThat(Arrays.equals(conv.affine64(x, w, b, n, shape), slowAffine(x, w, b, n, in, h, wd, out, win)))
                    .as("map %s", win).isTrue();
            assertThat(Arrays.equals(conv.affine64(x, w, null, n, shape), slowAffine(x, w, null, n, in, h, wd, out, win)))
                    .as("map without bias %s", win).isTrue();
            double[] q = uniform64(n * Shapes.size(conv.outputShape(shape)));
            assertThat(Arrays.equals(conv.transpose64(q, w, n, shape), slowTranspose(q, w, n, in, h, wd, out, win)))
                    .as("transpose %s", win).isTrue();
        }
    }

    @Test
    void float32MapEqualsTheIm2colProductBitForBit() {
        // fan-in 5·3·3 = 45 (above the direct tiles' 32), 37 filters: three blocks of 16, the last part-filled;
        // 110 and 25 positions: the last tile of 6 part-filled; with and without bias
        for (boolean bias : new boolean[] {true, false}) {
            for (Window win : new Window[] {Window.square(3, 1, 1), Window.square(3, 2, 0)}) {
                Conv2d conv = Cnns.conv("c", 5, 37, win, bias, R);
                int[] in = {5, 11, 10};
                int n = 4;
                float[] x = Cnns.uniform(R, n * Shapes.size(in), -1, 1);
                // forwardKeeping keeps im2col columns, so it runs the packed product
                assertThat(Arrays.equals(conv.forward(x, n, in, 2), conv.forwardKeeping(x, n, in, 1).output()))
                        .as("%s %s", win, bias).isTrue();
            }
        }
    }
}
