package org.lrppruning.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.lrppruning.lrp.ModifiedRule.Op;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Shapes;
import org.lrppruning.model.Window;

/**
 * Each of Zennit's rules on Conv2d and Linear layers against a slow, obvious float64 version: the layer unrolled
 * into a dense matrix M (outputs × inputs; a convolution written out tap by tap, zero padding as missing
 * entries) and the rule's formula in matrix form. Then conservation where the rule conserves, and invalid
 * parameters.
 */
class ZennitRulesTest {
    private static final int N = 2;
    private static final double[] LOW = {-0.8, -0.5};
    private static final double[] HIGH = {2.0, 1.5};

    /** A layer under test with its per-sample input shape. */
    record Case(String name, Affine layer, int[] in) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> layers() {
        Random r = new Random(11);
        return List.of(
                new Case("linear", new Linear("fc", 6, 5, gaussian(r, 30), gaussian(r, 5)), new int[] {6}),
                new Case("conv 3x3 pad 1", new Conv2d("conv", 2, 3, Window.square(3, 1, 1), gaussian(r, 54),
                        gaussian(r, 3)), new int[] {2, 5, 5}),
                new Case("conv 3x3 stride 2 pad 1", new Conv2d("conv", 2, 4, Window.square(3, 2, 1), gaussian(r, 72),
                        gaussian(r, 4)), new int[] {2, 6, 5}));
    }

    private static float[] gaussian(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    // ------------------------------------------------------------------ the slow version

    /** The layer with weights mapped by {@code w} as a dense matrix, outputs × inputs; {@code structure}: 1 per tap. */
    private static double[][] dense(Case c, DoubleUnaryOperator w, boolean structure) {
        int ins = Shapes.size(c.in());
        if (c.layer() instanceof Linear lin) {
            double[][] m = new double[lin.out()][lin.in()];
            for (int k = 0; k < lin.out(); k++) {
                for (int i = 0; i < lin.in(); i++) {
                    m[k][i] = structure ? 1 : w.applyAsDouble(lin.w(k, i));
                }
            }
            return m;
        }
        Conv2d conv = (Conv2d) c.layer();
        Window win = conv.window();
        int h = c.in()[1];
        int wd = c.in()[2];
        int oh = win.outH(h);
        int ow = win.outW(wd);
        double[][] m = new double[conv.out() * oh * ow][ins];
        for (int f = 0; f < conv.out(); f++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int row = (f * oh + y) * ow + x;
                    for (int ch = 0; ch < conv.in(); ch++) {
                        for (int i = 0; i < win.kh(); i++) {
                            for (int j = 0; j < win.kw(); j++) {
                                int yy = y * win.sh() - win.ph() + i;
                                int xx = x * win.sw() - win.pw() + j;
                                if (yy < 0 || yy >= h || xx < 0 || xx >= wd) {
                                    continue;
                                }
                                double v = conv.weight()[((f * conv.in() + ch) * win.kh() + i) * win.kw() + j];
                                m[row][(ch * h + yy) * wd + xx] = structure ? 1 : w.applyAsDouble(v);
                            }
                        }
                    }
                }
            }
        }
        return m;
    }

    /** Bias per output value (broadcast over positions), mapped by {@code b}; zeros for null. */
    private static double[] bias(Case c, DoubleUnaryOperator b, int outs) {
        double[] v = new double[outs];
        if (b == null) {
            return v;
        }
        int units = c.layer().units();
        for (int o = 0; o < outs; o++) {
            v[o] = b.applyAsDouble(c.layer().bias()[o / (outs / units)]);
        }
        return v;
    }

    private static double[] times(double[][] m, double[] x) {
        double[] y = new double[m.length];
        for (int o = 0; o < m.length; o++) {
            for (int i = 0; i < x.length; i++) {
                y[o] += m[o][i] * x[i];
            }
        }
        return y;
    }

    private static double[] transposed(double[][] m, double[] q) {
        double[] y = new double[m[0].length];
        for (int o = 0; o < m.length; o++) {
            for (int i = 0; i < y.length; i++) {
                y[i] += m[o][i] * q[o];
            }
        }
        return y;
    }

    private static double[] map(double[] v, DoubleUnaryOperator f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f.applyAsDouble(v[i]);
        }
        return out;
    }

    private static double[] add(double[] a, double[] b, double sb) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + sb * b[i];
        }
        return out;
    }

    private static double[] mul(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    private static double stab(double z) {
        return z + 1e-6 * (Math.signum(z) + (z == 0 ? 1 : 0));
    }

    private static final DoubleUnaryOperator POS = v -> Math.max(v, 0);
    private static final DoubleUnaryOperator NEG = v -> Math.min(v, 0);

    /** One sample's R_in by the README formula of rule {@code rule}. */
    private static double[] slow(String rule, Case c, double[] x, double[] r) {
        double[][] m = dense(c, v -> v, false);
        double[][] mp = dense(c, POS, false);
        double[][] mn = dense(c, NEG, false);
        int outs = m.length;
        double[] xp = map(x, POS);
        double[] xn = map(x, NEG);
        switch (rule) {
            case "epsilon": {
                double[] z = add(times(m, x), bias(c, v -> v, outs), 1);
                return mul(x, transposed(m, quotient(r, z)));
            }
            case "zplus": {
                double[] z = add(add(times(mp, xp), bias(c, POS, outs), 1), times(mn, xn), 1);
                double[] q = quotient(r, z);
                return add(mul(xp, transposed(mp, q)), mul(xn, transposed(mn, q)), 1);
            }
            case "alphabeta": {
                double[] zp = add(add(times(mp, xp), bias(c, POS, outs), 1), times(mn, xn), 1);
                double[] zn = add(add(times(mn, xp), bias(c, NEG, outs), 1), times(mp, xn), 1);
                double[] qp = quotient(r, zp);
                double[] qn = quotient(r, zn);
                double[] pos = add(mul(xp, transposed(mp, qp)), mul(xn, transposed(mn, qp)), 1);
                double[] neg = add(mul(xp, transposed(mn, qn)), mul(xn, transposed(mp, qn)), 1);
                return add(map(pos, v -> 2 * v), neg, -1);
            }
            case "gamma": {
                double g = 0.25;
                double[][] up = dense(c, v -> v + g * Math.max(v, 0), false);
                double[][] down = dense(c, v -> v + g * Math.min(v, 0), false);
                double[] plain = add(times(m, x), bias(c, v -> v, outs), 1);
                double[] zp = add(add(times(up, xp), bias(c, v -> v + g * Math.max(v, 0), outs), 1), times(down, xn), 1);
                double[] zn = add(add(times(down, xp), bias(c, v -> v + g * Math.min(v, 0), outs), 1), times(up, xn), 1);
                double[] qp = quotient(r, zp);
                double[] qn = quotient(r, zn);
                for (int o = 0; o < outs; o++) {
                    qp[o] = plain[o] > 0 ? qp[o] : 0;
                    qn[o] = plain[o] < 0 ? qn[o] : 0;
                }
                double[] pos = add(mul(xp, transposed(up, qp)), mul(xn, transposed(down, qp)), 1);
                double[] neg = add(mul(xp, transposed(down, qn)), mul(xn, transposed(up, qn)), 1);
                return add(pos, neg, 1);
            }
            case "flat": {
                double[][] s = dense(c, v -> 1, true);
                double[] z = times(s, map(x, v -> 1));
                return transposed(s, quotient(r, z));
            }
            case "wsquare": {
                double[][] sq = dense(c, v -> v * v, false);
                double[] z = add(times(sq, map(x, v -> 1)), bias(c, v -> v * v, outs), 1);
                return transposed(sq, quotient(r, z));
            }
            case "zbox": {
                double[] l = box(LOW, c.in());
                double[] h = box(HIGH, c.in());
                double[] z = add(add(times(m, x), times(mp, l), -1), times(mn, h), -1);
                double[] q = quotient(r, z);
                return add(add(mul(x, transposed(m, q)), mul(l, transposed(mp, q)), -1), mul(h, transposed(mn, q)), -1);
            }
            default:
                throw new IllegalArgumentException(rule);
        }
    }

    private static double[] quotient(double[] r, double[] z) {
        double[] q = new double[r.length];
        for (int o = 0; o < q.length; o++) {
            q[o] = r[o] / stab(z[o]);
        }
        return q;
    }

    /** Bound per channel spread over the sample (flat inputs: two blocks). */
    private static double[] box(double[] bound, int[] in) {
        int size = Shapes.size(in);
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = bound[i / (size / bound.length)];
        }
        return v;
    }

    private static LrpRule fast(String rule) {
        Op s = ZennitRules.signed(1e-6);
        return switch (rule) {
            case "epsilon" -> ZennitRules.epsilon(1e-6, true);
            case "zplus" -> ZennitRules.zPlus(s, true);
            case "alphabeta" -> ZennitRules.alphaBeta(2, 1, s, true);
            case "gamma" -> ZennitRules.gamma(0.25, s, true);
            case "flat" -> ZennitRules.flat(s);
            case "wsquare" -> ZennitRules.wSquare(s, true);
            case "zbox" -> ZennitRules.zBox(LOW, HIGH, s);
            default -> throw new IllegalArgumentException(rule);
        };
    }

    static List<Object[]> rulesOnLayers() {
        List<Object[]> a = new java.util.ArrayList<>();
        for (String rule : List.of("epsilon", "zplus", "alphabeta", "gamma", "flat", "wsquare", "zbox")) {
            for (Case c : layers()) {
                a.add(new Object[] {rule, c});
            }
        }
        return a;
    }

    /** Inputs of both signs (as a normalised image), relevance of both signs, for N samples. */
    private static double[][] inputs(Case c, long seed) {
        Random r = new Random(seed);
        int ins = Shapes.size(c.in());
        int outs = Shapes.size(c.layer().outputShape(c.in()));
        double[] x = new double[N * ins];
        double[] rel = new double[N * outs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2.8 - 0.8); // float32 values, so both paths see the same input
        }
        for (int i = 0; i < rel.length; i++) {
            rel[i] = (float) r.nextGaussian();
        }
        return new double[][] {x, rel};
    }

    /** Mixed-sign inputs (a normalised image) and non-negative ones (after a ReLU: the rules skip the x⁻ terms). */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("rulesOnLayers")
    void theRuleEqualsItsMatrixFormInFloat64AndFloat32(String rule, Case c) {
        double[][] io = inputs(c, rule.hashCode());
        assertMatrixForm(rule, c, io[0], io[1]);
        assertMatrixForm(rule, c, map(io[0], Math::abs), io[1]);
    }

    private static void assertMatrixForm(String rule, Case c, double[] x, double[] rel) {
        int ins = Shapes.size(c.in());
        int outs = rel.length / N;
        double[] got = fast(rule).backward64(c.layer(), x, rel, N, c.in());
        float[] got32 = fast(rule).backward(c.layer(), toFloats(x), toFloats(rel), N, c.in(), 2);
        for (int s = 0; s < N; s++) {
            double[] want = slow(rule, c, java.util.Arrays.copyOfRange(x, s * ins, (s + 1) * ins),
                    java.util.Arrays.copyOfRange(rel, s * outs, (s + 1) * outs));
            double scale = 0;
            for (double v : want) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).isGreaterThan(0);
            for (int i = 0; i < ins; i++) {
                assertThat(got[s * ins + i]).as("%s sample %d input %d", rule, s, i)
                        .isCloseTo(want[i], within(1e-12 * scale));
                assertThat((double) got32[s * ins + i]).as("%s float32 sample %d input %d", rule, s, i)
                        .isCloseTo(want[i], within(1e-4 * scale));
            }
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static List<Object[]> conservingRulesOnLayers() {
        Op exact = ZennitRules.zeroOnly(1e-12);
        List<Object[]> a = new java.util.ArrayList<>();
        for (Case c : layers()) {
            a.add(new Object[] {"z+ without bias", ZennitRules.zPlus(exact, false), c});
            a.add(new Object[] {"alpha2beta1 without bias", ZennitRules.alphaBeta(2, 1, exact, false), c});
            a.add(new Object[] {"epsilon 0 without bias", ZennitRules.epsilon(0, false), c});
            a.add(new Object[] {"z-box", ZennitRules.zBox(LOW, HIGH, exact), c});
            a.add(new Object[] {"flat", ZennitRules.flat(exact), c});
            a.add(new Object[] {"w2 without bias", ZennitRules.wSquare(exact, false), c});
        }
        return a;
    }

    /**
     * Σ R_in = Σ R_out, except that z⁺ and αβ pass nothing of an output without a contribution of their sign
     * (denominator 0): for those the expected total counts α·[z⁺ ≠ 0] − β·[z⁻ ≠ 0] of each output.
     */
    @ParameterizedTest(name = "{0} on {2}")
    @MethodSource("conservingRulesOnLayers")
    void aBiasFreeRuleKeepsTheTotalRelevanceOfEachSample(String name, LrpRule rule, Case c) {
        double[][] io = inputs(c, 5);
        int ins = Shapes.size(c.in());
        int outs = io[1].length / N;
        double[] rin = rule.backward64(c.layer(), io[0], io[1], N, c.in());
        double[][] mp = dense(c, POS, false);
        double[][] mn = dense(c, NEG, false);
        int dead = 0;
        for (int s = 0; s < N; s++) {
            double[] x = java.util.Arrays.copyOfRange(io[0], s * ins, (s + 1) * ins);
            double[] zp = add(times(mp, map(x, POS)), times(mn, map(x, NEG)), 1);
            double[] zn = add(times(mn, map(x, POS)), times(mp, map(x, NEG)), 1);
            double in = 0;
            double out = 0;
            double mass = 0;
            for (int i = 0; i < ins; i++) {
                in += rin[s * ins + i];
            }
            for (int o = 0; o < outs; o++) {
                double r = io[1][s * outs + o];
                double passed = name.startsWith("z+") ? (zp[o] != 0 ? 1 : 0)
                        : name.startsWith("alpha") ? 2 * (zp[o] != 0 ? 1 : 0) - (zn[o] != 0 ? 1 : 0) : 1;
                dead += passed == 1 ? 0 : 1;
                out += passed * r;
                mass += Math.abs(r);
            }
            assertThat(in).as("%s sample %d", name, s).isCloseTo(out, within(1e-11 * mass));
        }
        assertThat(dead).as("outputs without a contribution").isLessThan(N * outs / 4);
    }

    @Test
    void theFlatRuleIgnoresTheInputValuesAndCountsPaddingAsNothing() {
        Case c = layers().get(1);
        double[][] io = inputs(c, 9);
        double[] other = map(io[0], v -> 3 * v + 1);
        LrpRule flat = ZennitRules.flat(ZennitRules.signed(1e-6));
        assertThat(flat.backward64(c.layer(), other, io[1], N, c.in()))
                .containsExactly(flat.backward64(c.layer(), io[0], io[1], N, c.in()));
        // one output of relevance 1 in the corner: its 2x2 in-bounds window of each channel shares it equally
        double[] r = new double[io[1].length];
        r[0] = 1;
        double[] rin = flat.backward64(c.layer(), io[0], r, N, c.in());
        double share = 1 / (8 + 1e-6); // 2 channels x 4 in-bounds taps
        assertThat(rin[0]).isCloseTo(share, within(1e-15));
        assertThat(rin[1]).isCloseTo(share, within(1e-15));
        assertThat(rin[5]).isCloseTo(share, within(1e-15));
        assertThat(rin[25]).isCloseTo(share, within(1e-15));
        assertThat(rin[2]).isZero();
    }

    @Test
    void theStabilisersAreZennitsAndLrpPruningsOnes() {
        Op signed = ZennitRules.signed(0.5);
        assertThat(signed.apply(2.0)).isEqualTo(2.5);
        assertThat(signed.apply(-2.0)).isEqualTo(-2.5);
        assertThat(signed.apply(0.0)).isEqualTo(0.5);
        assertThat(signed.apply(-0.0)).isEqualTo(0.5);
        Op zero = ZennitRules.zeroOnly(1e-12);
        assertThat(zero.apply(-3.0)).isEqualTo(-3.0);
        assertThat(zero.apply(0.0)).isEqualTo(1e-12);
    }

    @Test
    void invalidParametersAreRefused() {
        Op s = ZennitRules.signed(1e-6);
        assertThatThrownBy(() -> ZennitRules.epsilon(-1e-3, true)).hasMessageContaining("epsilon must be");
        assertThatThrownBy(() -> ZennitRules.epsilon(Double.NaN, true)).hasMessageContaining("epsilon must be");
        assertThatThrownBy(() -> ZennitRules.signed(-1)).hasMessageContaining("stabiliser");
        assertThatThrownBy(() -> ZennitRules.zeroOnly(Double.POSITIVE_INFINITY)).hasMessageContaining("stabiliser");
        assertThatThrownBy(() -> ZennitRules.alphaBeta(2, 2, s, true)).hasMessageContaining("alpha - beta = 1");
        assertThatThrownBy(() -> ZennitRules.alphaBeta(-1, -2, s, true)).hasMessageContaining("alpha >= 0");
        assertThatThrownBy(() -> ZennitRules.gamma(-0.1, s, true)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> ZennitRules.zBox(new double[] {1}, new double[] {0}, s)).hasMessageContaining("low <= high");
        assertThatThrownBy(() -> ZennitRules.zBox(new double[] {0, 0}, new double[] {1}, s))
                .hasMessageContaining("as many low as high");
        Case lin = layers().get(0); // 6 inputs cannot be split into 4 channel blocks
        LrpRule box4 = ZennitRules.zBox(new double[4], new double[] {1, 1, 1, 1}, s);
        assertThatThrownBy(() -> box4.backward64(lin.layer(), new double[6], new double[5], 1, lin.in()))
                .hasMessageContaining("do not fit");
    }
}
