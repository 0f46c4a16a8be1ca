package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Clip (ReLU6), Sigmoid, HardSigmoid and HardSwish: values and gradients against torch 1.13's at the edge
 * points (from {@code torch.nn.functional} on float32 inputs, gradient of a sum), finite differences,
 * thread-count independence, and the pass-through of relevance and pruning.
 */
class ActivationsTest {
    private static final float NAN = Float.NaN;
    /** The inputs torch was run on. */
    private static final float[] X = {-4f, -3f, -1e-8f, 0f, 1f, 3f, 6f, 7f, NAN};

    /** Equal within one unit in the last place of the expected value; NaN where NaN is expected. */
    private static void assertUlp(float[] actual, float[] expected, String what) {
        assertClose(actual, expected, 0, what);
    }

    /** Equal within one ulp or {@code relative}·|expected|; NaN where NaN is expected. */
    private static void assertClose(float[] actual, float[] expected, double relative, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            String at = what + " at x = " + X[i];
            if (Float.isNaN(expected[i])) {
                assertThat(actual[i]).as(at).isNaN();
            } else {
                assertThat(Math.abs(actual[i] - expected[i])).as(at + ": " + actual[i] + " vs " + expected[i])
                        .isLessThanOrEqualTo((float) Math.max(Math.ulp(expected[i]), relative * Math.abs(expected[i])));
            }
        }
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }

    private static void assertTorch(Activation a, float[] y, float[] g) {
        assertTorch(a, y, g, 0);
    }

    /** Gradients within {@code relative} of torch's (torch's float32 σ' = (1 − σ)·σ loses digits to cancellation). */
    private static void assertTorch(Activation a, float[] y, float[] g, double relative) {
        int[] shape = {X.length};
        assertUlp(a.forward(X, 1, shape, 1), y, a + " forward");
        assertClose(a.backward(X, ones(X.length), 1, shape, 1), g, relative, a + " backward");
    }

    @Test
    void relu6IsClipZeroSixWithTheGradientOfTorchsHardtanh() {
        assertTorch(Clip.relu6("r6"), new float[] {0, 0, 0, 0, 1, 3, 6, 6, NAN},
                new float[] {0, 0, 0, 0, 1, 1, 0, 0, 1});
        Clip c = new Clip("c", Float.NEGATIVE_INFINITY, 0.5f);
        assertThat(c.forward(new float[] {-1e30f, 0.25f, 0.75f, Float.POSITIVE_INFINITY}, 1, new int[] {4}, 1))
                .containsExactly(-1e30f, 0.25f, 0.5f, 0.5f);
        assertThat(Clip.relu6("r").forward(new float[] {-0f}, 1, new int[] {1}, 1)[0]).isEqualTo(0f); // +0
        assertThat(Float.floatToRawIntBits(Clip.relu6("r").backward(new float[] {-1f}, new float[] {-2f}, 1,
                new int[] {1}, 1)[0])).isZero(); // +0, not −2·0
        assertThatThrownBy(() -> new Clip("c", NAN, 1f)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sigmoidHardSigmoidAndHardSwishAreTorchs() {
        assertTorch(new Sigmoid("s"),
                new float[] {0.01798621006309986f, 0.04742587357759476f, 0.5f, 0.5f, 0.7310585975646973f,
                        0.9525741338729858f, 0.9975274205207825f, 0.9990890026092529f, NAN},
                new float[] {0.01766270585358143f, 0.045176658779382706f, 0.25f, 0.25f, 0.1966119259595871f,
                        0.04517665505409241f, 0.002466465812176466f, 0.0009101674659177661f, NAN}, 1e-4);
        // ours is σ'(x) rounded once: at 6, torch's float32 (1 − σ)·σ is 1.8e-5 off
        assertThat(new Sigmoid("s").backward(new float[] {6f}, ones(1), 1, new int[] {1}, 1)[0])
                .isEqualTo((float) (Math.exp(-6) / ((1 + Math.exp(-6)) * (1 + Math.exp(-6)))));
        float sixth = 0.1666666716337204f;
        assertTorch(HardSigmoid.torch("hs"), new float[] {0, 0, 0.5f, 0.5f, 0.6666666865348816f, 1, 1, 1, NAN},
                new float[] {0, 0, sixth, sixth, sixth, 0, 0, 0, 0});
        assertTorch(new HardSwish("hw"),
                new float[] {-0f, -0f, -4.999999969612645e-09f, 0, 0.6666666865348816f, 3, 6, 7, NAN},
                new float[] {0, -0.5f, 0.5f, 0.5f, 0.8333333730697632f, 1.5f, 1, 1, 1});
        // ONNX's default HardSigmoid: α = 0.2, β = 0.5
        HardSigmoid onnx = new HardSigmoid("h", 0.2f, 0.5f);
        assertThat(onnx.forward(new float[] {-3f, 0f, 1f, 2.6f}, 1, new int[] {4}, 1))
                .containsExactly(0f, 0.5f, 0.7f, 1f);
        assertThat(onnx.backward(new float[] {-3f, 0f, 1f, 2.6f}, ones(4), 1, new int[] {4}, 1))
                .containsExactly(0f, 0.2f, 0.2f, 0f);
    }

    private static final List<Activation> ALL = List.of(Clip.relu6("r6"), new Clip("c", -0.5f, 0.75f),
            new Sigmoid("s"), HardSigmoid.torch("hs"), new HardSigmoid("h2", 0.2f, 0.5f), new HardSwish("hw"));

    /** Points where the function has a kink (±3, the clip bounds, where α·x + β is 0 or 1). */
    private static boolean nearKink(Activation a, double x) {
        double[] kinks = new double[0];
        if (a instanceof Clip c) {
            kinks = new double[] {c.min(), c.max()};
        } else if (a instanceof HardSigmoid h) {
            kinks = new double[] {-h.beta() / (double) h.alpha(), (1 - h.beta()) / (double) h.alpha()};
        } else if (a instanceof HardSwish) {
            kinks = new double[] {-3, 3};
        }
        for (double k : kinks) {
            if (Math.abs(x - k) < 1e-3) {
                return true;
            }
        }
        return false;
    }

    @Test
    void float64GradientsMatchFiniteDifferencesAndTheFloat32PassesAreRoundedFloat64() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 400;
        int[] shape = {n};
        double[] x = new double[n];
        double[] gy = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 16 - 8); // float32 values, so both overloads see the same inputs
            gy[i] = r.nextDouble() * 2 - 1;
        }
        float[] xf = new float[n];
        float[] gyf = new float[n];
        for (int i = 0; i < n; i++) {
            xf[i] = (float) x[i];
            gyf[i] = (float) gy[i];
        }
        for (Activation a : ALL) {
            double[] y = a.forward64(x, 1, shape);
            double[] g = a.backward64(x, gy, 1, shape);
            assertThat(a.backward64(xf, gy, 1, shape)).as(a.toString()).containsExactly(g);
            double h = 1e-6;
            for (int i = 0; i < n; i++) {
                if (nearKink(a, x[i])) {
                    continue;
                }
                double fd = (a.value(x[i] + h) - a.value(x[i] - h)) / (2 * h) * gy[i];
                assertThat(Math.abs(fd - g[i])).as(a + " at " + x[i]).isLessThan(1e-7);
            }
            float[] yf = a.forward(xf, 1, shape, 1);
            float[] gf = a.backward(xf, gyf, 1, shape, 1);
            for (int i = 0; i < n; i++) {
                assertThat(yf[i]).as(a.toString()).isEqualTo((float) y[i]);
                assertThat(gf[i]).as(a.toString()).isEqualTo((float) a.gradient(xf[i], gyf[i]));
            }
        }
    }

    @Test
    void float32PassesHaveTheSameBitsForAnyThreadCount() {
        SplittableRandom r = new SplittableRandom(12);
        int n = 3;
        int[] shape = {4, Activation.GRAIN / 2 + 3, 1}; // several parts per thread
        int size = n * Shapes.size(shape);
        float[] x = new float[size];
        float[] gy = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (r.nextGaussian() * 4);
            gy[i] = (float) r.nextGaussian();
        }
        for (Activation a : ALL) {
            // Arrays.equals compares the bits (NaN aside, which these inputs do not make)
            assertThat(Arrays.equals(a.forward(x, n, shape, 3), a.forward(x, n, shape, 1))).as(a.toString()).isTrue();
            assertThat(Arrays.equals(a.backward(x, gy, n, shape, 3), a.backward(x, gy, n, shape, 1))).as(a.toString())
                    .isTrue();
        }
    }

    @Test
    void relevanceAndPrunedChannelsPassThroughUnchanged() {
        int[] shape = {3, 2, 2};
        float[] r = {1, 2, 3};
        double[] r64 = {1, 2, 3};
        boolean[] keep = {true, false, true};
        for (Activation a : ALL) {
            assertThat(a.outputShape(shape)).containsExactly(shape);
            assertThat(a.relevance(new float[3], r, 1, new int[] {3}, 1)).isSameAs(r);
            assertThat(a.relevance64(new double[3], r64, 1, new int[] {3})).isSameAs(r64);
            Layer.Shrunk s = a.withoutInputs(keep, shape);
            assertThat(s.layer()).isSameAs(a);
            assertThat(s.next()).containsExactly(keep);
            assertThat(a.parameters()).isEmpty();
            assertThat(a.macs(shape)).isZero();
        }
    }

    @Test
    void aNetworkWithTheActivationsComputesTheComposedFunctions() {
        SplittableRandom r = new SplittableRandom(13);
        Window same = new Window(3, 3, 1, 1, 1, 1);
        float[] w1 = new float[4 * 2 * 9];
        float[] w2 = new float[4 * 9];
        float[] w3 = new float[2 * 4 * 16];
        for (float[] w : List.of(w1, w2, w3)) {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * 1.5);
            }
        }
        Network net = new Network(new int[] {2, 4, 4}, List.of(new Conv2d("c1", 2, 4, same, w1, null),
                Clip.relu6("r6"), new Conv2d("dw", 4, 4, 4, same, w2, null), new HardSwish("hw"),
                new Sigmoid("s"), new Flatten("f"), new Linear("fc", 64, 2, w3, null)));
        int n = 2;
        double[] x = new double[n * 32];
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) r.nextGaussian();
            x[i] = xf[i];
        }
        double[] logits64 = net.logits64(x, n);
        float[] logits = net.logits(xf, n);
        for (int i = 0; i < logits.length; i++) {
            assertThat((double) logits[i]).isCloseTo(logits64[i], org.assertj.core.api.Assertions.within(1e-4));
        }
        assertThat(net.layer(2).toString()).contains("groups 4");
        assertThat(net.layer(1).toString()).isEqualTo("Clip[name=r6, min=0.0, max=6.0]");
        // the npz models' architecture strings have neither: refused, not written as something else
        assertThatThrownBy(() -> Architecture.describe(net)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("r6: Clip has no architecture string");
        assertThatThrownBy(() -> Architecture.describe(new Network(new int[] {2, 4, 4}, List.of(net.layer(0),
                net.layer(2), new Flatten("f"), net.layer(6))))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dw: a convolution with groups 4 has no architecture string");
    }
}
