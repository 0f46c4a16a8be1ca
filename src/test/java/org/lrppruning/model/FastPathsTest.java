package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The training hot paths against their obvious definitions, on values with ties, NaN, ±0 and −∞. */
class FastPathsTest {
    private static final Random R = new Random(8);

    /** Small integers (many ties) with some NaN, −∞, −0 and +0. */
    private static float[] awkward(int size) {
        float[] v = new float[size];
        float[] special = {Float.NaN, Float.NEGATIVE_INFINITY, -0f, 0f};
        for (int i = 0; i < size; i++) {
            v[i] = R.nextInt(10) == 0 ? special[R.nextInt(special.length)] : R.nextInt(5) - 2;
        }
        return v;
    }

    @Test
    void maxPoolingRelevanceFromTheForwardPassArgMaxEqualsTheOneThatSearchesAgain() {
        int[] in = {3, 9, 10};
        float[] x = awkward(2 * 3 * 9 * 10);
        for (Window w : new Window[] {Window.square(2, 2, 0), Window.square(3, 2, 1)}) {
            MaxPool2d pool = new MaxPool2d("pool", w);
            Layer.Saved s = pool.forwardSaving(x, 2, in, 1);
            assertThat(s.output()).containsExactly(pool.forward(x, 2, in, 1));
            float[] r = awkward(s.output().length);
            // given the kept arg-max, the input is not searched again: zeros in its place change nothing
            assertThat(pool.relevance(new float[][] {new float[x.length]}, s.state(), r, 2, new int[][] {in}, 2)[0])
                    .as(w.toString()).containsExactly(pool.relevance(x, r, 2, in, 1));
        }
    }

    @Test
    void maxPoolingOfFloatsPicksTheSameArgMaxAsTheGenericFloat64Path() {
        // planes wide enough for the vector path (windows side by side), and narrow ones for the scalar edges
        for (int[] in : new int[][] {{3, 8, 6}, {2, 9, 61}, {1, 3, 40}}) {
            float[] x = awkward(4 * in[0] * in[1] * in[2]);
            double[] wide = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                wide[i] = x[i];
            }
            for (Window w : new Window[] {Window.square(2, 2, 0), Window.square(3, 2, 1), new Window(2, 3, 1, 2, 0, 1),
                    Window.square(3, 1, 0), new Window(3, 2, 2, 1, 1, 0), Window.square(3, 2, 0)}) {
                MaxPool2d pool = new MaxPool2d("pool", w);
                assertThat(pool.argmax(x, 4, in)).as(w + " " + java.util.Arrays.toString(in))
                        .containsExactly(pool.argmaxPlain(wide, 4, in));
            }
        }
    }

    @Test
    void maxPoolingOfFiniteFloatsAgreesWithTheGenericPathOnWidePlanes() {
        // few specials: most runs of windows take the vector path whole
        int[] in = {2, 7, 57};
        float[] x = new float[3 * 2 * 7 * 57];
        for (int i = 0; i < x.length; i++) {
            x[i] = R.nextInt(200) == 0 ? Float.NaN : R.nextInt(7) - 3;
        }
        double[] wide = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            wide[i] = x[i];
        }
        // 2×2 / 2 too: many ties among the small integers
        for (Window w : new Window[] {Window.square(2, 2, 0), Window.square(3, 2, 1), Window.square(3, 1, 1),
                new Window(3, 3, 2, 3, 0, 1)}) {
            MaxPool2d pool = new MaxPool2d("pool", w);
            assertThat(pool.argmax(x, 3, in)).as(w.toString()).containsExactly(pool.argmaxPlain(wide, 3, in));
        }
    }

    @Test
    void maxPoolingOfDoublesPicksTheSameArgMaxAsTheGenericLoop() {
        int[] in = {3, 8, 6};
        float[] x = awkward(4 * 3 * 8 * 6);
        double[] wide = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            // ties, NaN, ±0, −∞, and values that differ only beyond float precision
            wide[i] = R.nextInt(8) == 0 && x[i] == x[i] ? x[i] + Math.ulp((double) x[i] + 1) * R.nextInt(3) : x[i];
        }
        wide[5] = Double.POSITIVE_INFINITY;
        wide[7] = Double.MAX_VALUE;
        wide[8] = Double.MAX_VALUE;
        for (Window w : new Window[] {Window.square(2, 2, 0), Window.square(3, 2, 1)}) {
            MaxPool2d pool = new MaxPool2d("pool", w);
            assertThat(pool.argmax(wide, 4, in)).as(w.toString()).containsExactly(pool.argmaxPlain(wide, 4, in));
        }
    }

    @Test
    void reluPassesTheGradientExactlyWherePositive() {
        float[] x = awkward(37);
        float[] gy = awkward(37);
        float[] g = new Relu("relu").backward(x, gy, 1, new int[] {37}, 1);
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToRawIntBits(g[i])).as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(x[i] > 0 ? gy[i] : 0f));
        }
    }

    @Test
    void convolutionOutputsAreTheDocumentedFmaChainOverTheTapsThenTheBias() {
        int[] in = {3, 7, 5};
        int n = 3;
        // fan-in 27 (the direct tiles: 4 + 2 filters, 35 positions = 2 tiles + 3) and 48 (the packed product)
        for (Window w : new Window[] {Window.square(3, 1, 1), new Window(3, 2, 2, 1, 1, 0), new Window(4, 4, 1, 1, 2, 2)}) {
            Conv2d conv = org.lrppruning.testutil.Cnns.conv("c", 3, 6, w, true, R);
            float[] x = org.lrppruning.testutil.Cnns.uniform(R, n * Shapes.size(in), -1, 1);
            int[] o = conv.outputShape(in);
            float[] y = conv.forward(x, n, in, 2);
            for (int s = 0; s < n; s++) {
                for (int f = 0; f < 6; f++) {
                    for (int a = 0; a < o[1]; a++) {
                        for (int b = 0; b < o[2]; b++) {
                            float acc = 0f;
                            for (int c = 0; c < 3; c++) {
                                for (int i = 0; i < w.kh(); i++) {
                                    for (int j = 0; j < w.kw(); j++) {
                                        int r = a * w.sh() - w.ph() + i;
                                        int q = b * w.sw() - w.pw() + j;
                                        float v = r < 0 || r >= in[1] || q < 0 || q >= in[2] ? 0f
                                                : x[((s * 3 + c) * in[1] + r) * in[2] + q];
                                        acc = Math.fma(conv.weight()[((f * 3 + c) * w.kh() + i) * w.kw() + j], v, acc);
                                    }
                                }
                            }
                            int at = ((s * 6 + f) * o[1] + a) * o[2] + b;
                            assertThat(y[at]).as("%s sample %d filter %d at %d,%d", w, s, f, a, b)
                                    .isEqualTo(acc + conv.bias()[f]);
                        }
                    }
                }
            }
        }
    }
}
