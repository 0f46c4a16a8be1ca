package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lrppruning.lrp.LrpRule;
import org.lrppruning.lrp.ModifiedRule;
import org.lrppruning.lrp.ZennitRules;

/**
 * Conv2d with groups against a slow, obvious loop version of PyTorch's grouped convolution (float64):
 * forward in every precision, input and weight gradients, the adjoint identity, LRP rules per group,
 * shrinking, and the bookkeeping (parameters, MACs).
 */
class GroupedConvTest {
    /** A geometry: channels, groups, window, input size. */
    private record Case(int in, int out, int groups, Window w, int h, int wd) {
        int[] shape() {
            return new int[] {in, h, wd};
        }
    }

    private static final List<Case> CASES = List.of(
            new Case(6, 9, 3, new Window(3, 2, 2, 1, 1, 0), 9, 7),   // grouped, strided, asymmetric kernel
            new Case(5, 5, 5, new Window(3, 3, 1, 1, 1, 1), 8, 8),   // depthwise, same size (the flat im2col)
            new Case(4, 8, 4, new Window(3, 3, 2, 2, 1, 1), 6, 5),   // depthwise with 2 filters per channel
            new Case(16, 6, 2, new Window(3, 3, 1, 1, 1, 1), 5, 4),  // fan-in 72: the packed product
            new Case(6, 4, 1, new Window(2, 2, 1, 1, 0, 0), 4, 4));  // groups 1 through the same checks

    private static float[] uniform(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return v;
    }

    private static Conv2d conv(Case c, boolean bias, Random r) {
        int fan = c.in / c.groups * c.w.kh() * c.w.kw();
        return new Conv2d("g", c.in, c.out, c.groups, c.w, uniform(r, c.out * fan), bias ? uniform(r, c.out) : null);
    }

    /** y[s, f, a, b] = b[f] + Σ over f's group's channels and taps, in float64, straight from the definition. */
    static double[] slow(Conv2d cv, double[] x, int n, int h, int wd) {
        Window w = cv.window();
        int oh = w.outH(h);
        int ow = w.outW(wd);
        int ci = cv.in() / cv.groups();
        int co = cv.out() / cv.groups();
        double[] y = new double[n * cv.out() * oh * ow];
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < cv.out(); f++) {
                int g = f / co;
                for (int a = 0; a < oh; a++) {
                    for (int b = 0; b < ow; b++) {
                        double acc = cv.bias() == null ? 0 : cv.bias()[f];
                        for (int c = 0; c < ci; c++) {
                            for (int i = 0; i < w.kh(); i++) {
                                for (int j = 0; j < w.kw(); j++) {
                                    int r = a * w.sh() - w.ph() + i;
                                    int q = b * w.sw() - w.pw() + j;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        acc += cv.weight()[((f * ci + c) * w.kh() + i) * w.kw() + j]
                                                * x[((s * cv.in() + g * ci + c) * h + r) * wd + q];
                                    }
                                }
                            }
                        }
                        y[((s * cv.out() + f) * oh + a) * ow + b] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** ∂/∂W of Σ gy·y, straight from the definition. */
    static double[] slowWeightGradient(Conv2d cv, double[] x, double[] gy, int n, int h, int wd) {
        Window w = cv.window();
        int oh = w.outH(h);
        int ow = w.outW(wd);
        int ci = cv.in() / cv.groups();
        int co = cv.out() / cv.groups();
        double[] gw = new double[cv.weight().length];
        for (int s = 0; s < n; s++) {
            for (int f = 0; f < cv.out(); f++) {
                for (int c = 0; c < ci; c++) {
                    for (int i = 0; i < w.kh(); i++) {
                        for (int j = 0; j < w.kw(); j++) {
                            for (int a = 0; a < oh; a++) {
                                for (int b = 0; b < ow; b++) {
                                    int r = a * w.sh() - w.ph() + i;
                                    int q = b * w.sw() - w.pw() + j;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        gw[((f * ci + c) * w.kh() + i) * w.kw() + j] +=
                                                gy[((s * cv.out() + f) * oh + a) * ow + b]
                                                        * x[((s * cv.in() + f / co * ci + c) * h + r) * wd + q];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return gw;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    /** Largest |a − b| over the largest |b|. */
    private static double relError(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d / Math.max(1e-300, maxAbs(b));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void forwardInEveryPrecisionEqualsTheSlowVersionWithTheSameBitsForAnyThreadCount() {
        Random r = new Random(1);
        for (Case c : CASES) {
            Conv2d cv = conv(c, true, r);
            int n = 3;
            float[] x = uniform(r, n * c.in * c.h * c.wd);
            double[] expected = slow(cv, widen(x), n, c.h, c.wd);
            String at = c.toString();
            assertThat(cv.outputShape(c.shape())).as(at).containsExactly(c.out, c.w.outH(c.h), c.w.outW(c.wd));
            assertThat(relError(cv.forward64(widen(x), n, c.shape()), expected)).as(at).isLessThan(1e-14);
            assertThat(relError(widen(cv.forwardAccurate(x, n, c.shape())), expected)).as(at).isLessThan(1e-7);
            float[] one = cv.forward(x, n, c.shape(), 1);
            assertThat(relError(widen(one), expected)).as(at).isLessThan(1e-6);
            assertThat(cv.forward(x, n, c.shape(), 3)).as(at).containsExactly(one);
            // the training pass computes the same bits; a grouped convolution keeps no columns
            Conv2d.Kept kept = cv.forwardKeeping(x, n, c.shape(), 3);
            assertThat(kept.output()).as(at).containsExactly(one);
            assertThat(kept.columns() == null).as(at).isEqualTo(c.groups != 1);
        }
    }

    @Test
    void chunksOfSamplesChangeNoBit() {
        // 40 samples of a 24 x 24 depthwise convolution: more column values than one chunk holds
        Case c = new Case(3, 6, 3, new Window(5, 5, 1, 1, 2, 2), 24, 24);
        Random r = new Random(2);
        Conv2d cv = conv(c, true, r);
        int n = 1 + Conv2d.CHUNK / (24 * 24 * cv.fanIn());
        float[] x = uniform(r, n * 3 * 24 * 24);
        float[] all = cv.forward(x, n, c.shape(), 2);
        int size = 6 * 24 * 24;
        float[] last = cv.forward(Arrays.copyOfRange(x, (n - 1) * 3 * 24 * 24, n * 3 * 24 * 24), 1, c.shape(), 1);
        assertThat(Arrays.copyOfRange(all, (n - 1) * size, n * size)).containsExactly(last);
    }

    @Test
    void transposeIsTheAdjointAndTheGradientOfTheForwardPass() {
        Random r = new Random(3);
        for (Case c : CASES) {
            Conv2d cv = conv(c, false, r);
            int n = 2;
            String at = c.toString();
            double[] x = widen(uniform(r, n * c.in * c.h * c.wd));
            int outSize = n * Shapes.size(cv.outputShape(c.shape()));
            double[] q = widen(uniform(r, outSize));
            double[] w = cv.weight64();
            // <A x, q> = <x, Aᵀ q>
            double[] ax = cv.affine64(x, w, null, n, c.shape());
            double[] atq = cv.transpose64(q, w, n, c.shape());
            assertThat(Math.abs(dot(ax, q) - dot(x, atq))).as(at).isLessThan(1e-12 * Math.max(1, Math.abs(dot(ax, q))));
            // ∂<y(x), q>/∂x by central differences (exact up to rounding: y is affine)
            double[] g = cv.backward64(x, q, n, c.shape());
            assertThat(g).as(at).containsExactly(atq);
            for (int k = 0; k < x.length; k += 7) {
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[k] += 1e-3;
                minus[k] -= 1e-3;
                double fd = (dot(cv.forward64(plus, n, c.shape()), q) - dot(cv.forward64(minus, n, c.shape()), q)) / 2e-3;
                assertThat(Math.abs(fd - g[k])).as(at + " x[" + k + "]").isLessThan(1e-9);
            }
            // float32: close to float64, the same bits for any thread count, as backward and from float32 input
            float[] qf = toFloats(q);
            float[] t1 = cv.transpose(qf, cv.weight(), n, c.shape(), 1);
            assertThat(relError(widen(t1), atq)).as(at).isLessThan(1e-5);
            assertThat(cv.transpose(qf, cv.weight(), n, c.shape(), 3)).as(at).containsExactly(t1);
            assertThat(cv.backward(toFloats(x), qf, n, c.shape(), 2)).as(at).containsExactly(t1);
            assertThat(cv.backward64(toFloats(x), q, n, c.shape())).as(at).containsExactly(atq);
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void weightAndBiasGradientsEqualTheSlowVersion() {
        Random r = new Random(4);
        for (Case c : CASES) {
            Conv2d cv = conv(c, true, r);
            int n = 3;
            String at = c.toString();
            float[] x = uniform(r, n * c.in * c.h * c.wd);
            int[] o = cv.outputShape(c.shape());
            float[] gy = uniform(r, n * Shapes.size(o));
            double[] expected = slowWeightGradient(cv, widen(x), widen(gy), n, c.h, c.wd);
            float[] gw = cv.weightGradient(x, gy, n, c.shape(), 1);
            assertThat(gw).as(at).hasSize(cv.out() * cv.fanIn());
            assertThat(relError(widen(gw), expected)).as(at).isLessThan(1e-5);
            assertThat(cv.weightGradient(x, gy, n, c.shape(), 3)).as(at).containsExactly(gw);
            if (c.groups == 1) {
                assertThat(cv.weightGradient(cv.forwardKeeping(x, n, c.shape(), 1).columns(), gy, n, c.shape(), 2))
                        .as(at).containsExactly(gw);
            } else {
                assertThatThrownBy(() -> cv.weightGradient(List.of(), gy, n, c.shape(), 1))
                        .isInstanceOf(IllegalStateException.class);
            }
            float[] gb = cv.biasGradient(gy, n, c.shape());
            int positions = o[1] * o[2];
            for (int f = 0; f < c.out; f++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    for (int p = 0; p < positions; p++) {
                        s += gy[(k * c.out + f) * positions + p];
                    }
                }
                assertThat((double) gb[f]).as(at).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5));
            }
        }
    }

    @Test
    void aTrainingPassThroughAGroupedConvolutionRecomputesItsColumnsForTheWeightGradient() {
        Random r = new Random(5);
        Case c = CASES.get(0);
        Conv2d cv = conv(c, true, r);
        int features = Shapes.size(cv.outputShape(c.shape()));
        Network net = new Network(c.shape(), List.of(cv, new Relu("r"), new Flatten("f"),
                new Linear("fc", features, 2, uniform(r, 2 * features), uniform(r, 2))));
        int n = 4;
        float[] x = uniform(r, n * Shapes.size(c.shape()));
        Trace t = Trace.training(net, x, n, new SplittableRandom(1), 2);
        assertThat(t.saved(0)).isNull();
        float[] gy = uniform(r, n * 2);
        Backprop bp = Backprop.run(t, gy, true, 2);
        assertThat(bp.weightGrad(0)).containsExactly(cv.weightGradient(x, bp.outputGrad(0), n, c.shape(), 1));
    }

    /** The same map as an ungrouped convolution: each filter's weights at its group's channels, zeros elsewhere. */
    static Conv2d dense(Conv2d cv) {
        int taps = cv.window().kh() * cv.window().kw();
        int ci = cv.in() / cv.groups();
        int co = cv.out() / cv.groups();
        float[] w = new float[cv.out() * cv.in() * taps];
        for (int f = 0; f < cv.out(); f++) {
            System.arraycopy(cv.weight(), f * cv.fanIn(), w, (f * cv.in() + f / co * ci) * taps, cv.fanIn());
        }
        return new Conv2d(cv.name(), cv.in(), cv.out(), cv.window(), w, cv.bias());
    }

    /** Channels [c0, c0 + count) of every sample of an n × C × P array. */
    private static double[] channels(double[] v, int n, int c, int plane, int c0, int count) {
        double[] out = new double[n * count * plane];
        for (int s = 0; s < n; s++) {
            System.arraycopy(v, (s * c + c0) * plane, out, s * count * plane, count * plane);
        }
        return out;
    }

    /**
     * Every rule on a grouped convolution is the rule on each group's own convolution (its channels, filters,
     * weights and biases), as Zennit applies rules to a grouped torch Conv2d: Flat's and w²'s unit weights
     * stay within the groups too.
     */
    @Test
    void lrpRulesApplyPerGroup() {
        Random r = new Random(6);
        ModifiedRule.Op eps = ZennitRules.signed(1e-6);
        List<LrpRule> rules = List.of(ZennitRules.epsilon(1e-6, true), ZennitRules.zPlus(eps, true),
                ZennitRules.alphaBeta(2, 1, eps, true), ZennitRules.gamma(0.25, eps, true), ZennitRules.flat(eps),
                ZennitRules.wSquare(eps, true));
        for (Case c : CASES.subList(0, 3)) {
            Conv2d cv = conv(c, true, r);
            int n = 2;
            int ci = c.in / c.groups;
            int co = c.out / c.groups;
            int[] o = cv.outputShape(c.shape());
            int inPlane = c.h * c.wd;
            int outPlane = o[1] * o[2];
            double[] x = widen(uniform(r, n * Shapes.size(c.shape())));
            double[] rOut = widen(uniform(r, n * Shapes.size(o)));
            assertThat(relError(cv.forward64(x, n, c.shape()), dense(cv).forward64(x, n, c.shape()))).isLessThan(1e-15);
            for (int k = 0; k < rules.size(); k++) {
                LrpRule rule = rules.get(k);
                String at = c + " rule " + k;
                double[] grouped = rule.backward64(cv, x, rOut, n, c.shape());
                for (int g = 0; g < c.groups; g++) {
                    Conv2d own = new Conv2d("g" + g, ci, co, c.w,
                            Arrays.copyOfRange(cv.weight(), g * co * cv.fanIn(), (g + 1) * co * cv.fanIn()),
                            Arrays.copyOfRange(cv.bias(), g * co, (g + 1) * co));
                    double[] alone = rule.backward64(own, channels(x, n, c.in, inPlane, g * ci, ci),
                            channels(rOut, n, c.out, outPlane, g * co, co), n, new int[] {ci, c.h, c.wd});
                    assertThat(relError(channels(grouped, n, c.in, inPlane, g * ci, ci), alone)).as(at + " group " + g)
                            .isLessThan(1e-12);
                }
                float[] f32 = rule.backward(cv, toFloats(x), toFloats(rOut), n, c.shape(), 1);
                assertThat(relError(widen(f32), grouped)).as(at).isLessThan(1e-3);
                assertThat(rule.backward(cv, toFloats(x), toFloats(rOut), n, c.shape(), 3)).as(at).containsExactly(f32);
            }
        }
    }

    // ------------------------------------------------------------------ shrinking

    private static float[] logits(List<Layer> layers, int[] shape, float[] x, int n) {
        return new Network(shape, layers).logits(x, n);
    }

    /**
     * Conv(3 → 5) → ReLU → depthwise Conv(5) → ReLU → Conv 1×1(5 → 4) → Flatten → Linear: channel 1 and 3 pruned
     * at the first convolution leave the depthwise one through withoutInputs (mask passed on as it is), and
     * compute what the network computes with those channels silenced all the way (filters and biases zero).
     */
    @Test
    void aDepthwiseConvolutionLosesTheChannelsItsProducerLoses() {
        Random r = new Random(7);
        int[] shape = {3, 6, 6};
        Window same = new Window(3, 3, 1, 1, 1, 1);
        Conv2d first = new Conv2d("c1", 3, 5, same, uniform(r, 5 * 27), uniform(r, 5));
        Conv2d dw = new Conv2d("dw", 5, 5, 5, same, uniform(r, 5 * 9), uniform(r, 5));
        Conv2d pw = new Conv2d("pw", 5, 4, new Window(1, 1, 1, 1, 0, 0), uniform(r, 20), uniform(r, 4));
        Linear fc = new Linear("fc", 4 * 36, 2, uniform(r, 2 * 144), uniform(r, 2));
        boolean[] keep = {true, false, true, false, true};

        Layer.Shrunk s = dw.withoutInputs(keep, new int[] {5, 6, 6});
        Conv2d small = (Conv2d) s.layer();
        assertThat(s.next()).containsExactly(keep);
        assertThat(small.in()).isEqualTo(3);
        assertThat(small.out()).isEqualTo(3);
        assertThat(small.groups()).isEqualTo(3);
        assertThat(small.depthwise()).isTrue();
        assertThat(small.parameters().get(0).shape()).containsExactly(3, 1, 3, 3);
        Layer pwSmall = pw.withoutInputs(s.next(), new int[] {5, 6, 6}).layer();
        float[] x = uniform(r, 2 * 108);
        float[] pruned = logits(List.of(first.withoutUnits(keep), new Relu("r1"), small, new Relu("r2"), pwSmall,
                new Flatten("f"), fc), shape, x, 2);

        float[] w1 = first.weight().clone();
        float[] b1 = first.bias().clone();
        float[] bd = dw.bias().clone();
        for (int c = 0; c < 5; c++) {
            if (!keep[c]) {
                Arrays.fill(w1, c * 27, (c + 1) * 27, 0f);
                b1[c] = 0;
                bd[c] = 0;
            }
        }
        float[] silenced = logits(List.of(first.withParameters(w1, b1), new Relu("r1"), dw.withParameters(dw.weight(), bd),
                new Relu("r2"), pw, new Flatten("f"), fc), shape, x, 2);
        assertThat(relError(widen(pruned), widen(silenced))).isLessThan(1e-6);
        // nothing lost: the change stops at the depthwise convolution
        assertThat(dw.withoutInputs(new boolean[] {true, true, true, true, true}, new int[] {5, 6, 6}).next()).isNull();
    }

    @Test
    void aDepthwiseConvolutionLosingItsOwnChannelsBecomesTheSameMapUngrouped() {
        Random r = new Random(8);
        Window same = new Window(3, 3, 1, 1, 1, 1);
        Conv2d dw = new Conv2d("dw", 4, 4, 4, same, uniform(r, 36), uniform(r, 4));
        Conv2d pw = new Conv2d("pw", 4, 3, new Window(1, 1, 1, 1, 0, 0), uniform(r, 12), uniform(r, 3));
        Linear fc = new Linear("fc", 75, 2, uniform(r, 150), uniform(r, 2));
        boolean[] keep = {false, true, true, false};
        Conv2d fewer = dw.withoutUnits(keep);
        assertThat(fewer.groups()).isEqualTo(1);
        assertThat(fewer.in()).isEqualTo(4);
        assertThat(fewer.out()).isEqualTo(2);
        Layer pwSmall = pw.withoutInputs(keep, new int[] {4, 5, 5}).layer();
        float[] x = uniform(r, 3 * 100);
        int[] shape = {4, 5, 5};
        float[] pruned = logits(List.of(fewer, new Relu("r"), pwSmall, new Flatten("f"), fc), shape, x, 3);
        float[] w = dw.weight().clone();
        float[] b = dw.bias().clone();
        for (int c : new int[] {0, 3}) {
            Arrays.fill(w, c * 9, (c + 1) * 9, 0f);
            b[c] = 0;
        }
        float[] silenced = logits(List.of(dw.withParameters(w, b), new Relu("r"), pw, new Flatten("f"), fc), shape, x, 3);
        assertThat(relError(widen(pruned), widen(silenced))).isLessThan(1e-6);
        // as many filters from every group: still grouped
        Case c = CASES.get(2); // 4 groups of 2 filters
        Conv2d g = conv(c, true, r);
        Conv2d half = g.withoutUnits(new boolean[] {true, false, false, true, true, false, true, false});
        assertThat(half.groups()).isEqualTo(4);
        assertThat(half.out()).isEqualTo(4);
        float[] xi = uniform(r, 2 * Shapes.size(c.shape()));
        float[] all = g.forward(xi, 2, c.shape(), 1);
        float[] some = half.forward(xi, 2, c.shape(), 1);
        int positions = Shapes.size(g.outputShape(c.shape())) / 8;
        int[] kept = {0, 3, 4, 6};
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < 4; k++) {
                assertThat(Arrays.copyOfRange(some, (s * 4 + k) * positions, (s * 4 + k + 1) * positions))
                        .containsExactly(Arrays.copyOfRange(all, (s * 8 + kept[k]) * positions,
                                (s * 8 + kept[k] + 1) * positions));
            }
        }
    }

    @Test
    void aGroupedConvolutionLosesWholeGroupsOrAsManyChannelsInEachElseRefuses() {
        Random r = new Random(9);
        Case c = CASES.get(0); // 6 channels in 3 groups of 2, 3 filters each
        Conv2d g = conv(c, true, r);
        int n = 2;
        float[] x = uniform(r, n * Shapes.size(c.shape()));
        // the same channel count in every group: absorbed here, equal to zero inputs at those channels
        boolean[] oneEach = {true, false, false, true, true, false};
        Layer.Shrunk s = g.withoutInputs(oneEach, c.shape());
        assertThat(s.next()).isNull();
        Conv2d small = (Conv2d) s.layer();
        assertThat(small.groups()).isEqualTo(3);
        assertThat(small.in()).isEqualTo(3);
        float[] zeroed = x.clone();
        float[] kept = new float[n * 3 * c.h * c.wd];
        int plane = c.h * c.wd;
        for (int k = 0, q = 0; k < n; k++) {
            for (int ch = 0; ch < 6; ch++) {
                if (oneEach[ch]) {
                    System.arraycopy(x, (k * 6 + ch) * plane, kept, q, plane);
                    q += plane;
                } else {
                    Arrays.fill(zeroed, (k * 6 + ch) * plane, (k * 6 + ch + 1) * plane, 0f);
                }
            }
        }
        assertThat(relError(widen(small.forward(kept, n, new int[] {3, c.h, c.wd}, 1)),
                widen(g.forward(zeroed, n, c.shape(), 1)))).isLessThan(1e-6);
        // a whole group goes: its filters too, the mask over the outputs goes on
        Layer.Shrunk gone = g.withoutInputs(new boolean[] {true, true, false, false, true, true}, c.shape());
        assertThat(gone.next()).containsExactly(true, true, true, false, false, false, true, true, true);
        assertThat(((Conv2d) gone.layer()).groups()).isEqualTo(2);
        assertThat(((Conv2d) gone.layer()).bias()).containsExactly(g.bias()[0], g.bias()[1], g.bias()[2], g.bias()[6],
                g.bias()[7], g.bias()[8]);
        // anything else cannot be a grouped convolution
        assertThatThrownBy(() -> g.withoutInputs(new boolean[] {true, false, true, true, true, true}, c.shape()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("g: groups 3 of 2 input channels would keep 1 and 2 channels: only whole groups, or as many"
                        + " channels in every group, can go");
    }

    @Test
    void parametersMacsAndTextCountTheGroupsFanIn() {
        Case c = CASES.get(0);
        Conv2d g = conv(c, true, new Random(10));
        assertThat(g.fanIn()).isEqualTo(2 * 3 * 2);
        assertThat(g.parameters().get(0).shape()).containsExactly(9, 2, 3, 2);
        assertThat(g.parameters().get(1).shape()).containsExactly(9);
        int[] o = g.outputShape(c.shape());
        assertThat(g.macs(c.shape())).isEqualTo((long) o[1] * o[2] * 9 * 12);
        assertThat(g.toString()).isEqualTo("Conv2d(g, 6 -> 9, groups 3, " + c.w + ")");
        assertThat(g.withParameters(g.weight(), null).toString()).isEqualTo("Conv2d(g, 6 -> 9, groups 3, " + c.w
                + ", no bias)");
        assertThat(g.depthwise()).isFalse();
        assertThat(new Conv2d("d", 3, 3, c.w, new float[54], null).toString()).doesNotContain("groups");
        assertThatThrownBy(() -> new Conv2d("bad", 6, 8, 4, c.w, new float[8 * 6], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad: groups 4 must divide the input channels (6) and the output channels (8)");
        assertThatThrownBy(() -> new Conv2d("bad", 6, 9, 3, c.w, new float[9 * 6 * 6], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 9x2x3x2");
    }
}
