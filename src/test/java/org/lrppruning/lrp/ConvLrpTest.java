package org.lrppruning.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.lrp.ModifiedRule.Group;
import org.lrppruning.lrp.ModifiedRule.Input;
import org.lrppruning.lrp.ModifiedRule.Mask;
import org.lrppruning.lrp.ModifiedRule.Term;
import org.lrppruning.model.AvgPool2d;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Flatten;
import org.lrppruning.model.GlobalAvgPool;
import org.lrppruning.model.Layer;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Network;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Trace;
import org.lrppruning.model.Trace64;
import org.lrppruning.model.Window;
import org.lrppruning.testutil.Cnns;
import org.lrppruning.testutil.Nets;

/**
 * The rules on Conv2d against their plain matrix form: the convolution unrolled in the test into a dense
 * matrix M (out·OH·OW × in·H·W), float64; conservation of z⁺ through a whole CNN.
 */
class ConvLrpTest {
    private static final Random R = new Random(5);
    private static final int N = 2;
    private static final int[] IN = {2, 5, 4};
    private static final Conv2d CONV = Cnns.conv("features.0", 2, 3, new Window(3, 2, 2, 1, 1, 1), true, R);
    private static final int ROWS = 3 * CONV.window().outH(5) * CONV.window().outW(4);
    private static final int COLS = 2 * 5 * 4;
    private static final float[] A = Cnns.uniform(R, N * COLS, -1, 1);
    private static final float[] ROUT = Cnns.uniform(R, N * ROWS, -1, 1);

    /** M[f·P + p][c·H·W + r·W + col] = w[f, c, i, j] for every tap of output position p inside the input. */
    private static double[][] unrolled(DoubleUnaryOperator mod) {
        Window w = CONV.window();
        int oh = w.outH(IN[1]);
        int ow = w.outW(IN[2]);
        double[][] m = new double[ROWS][COLS];
        for (int f = 0; f < 3; f++) {
            for (int a = 0; a < oh; a++) {
                for (int b = 0; b < ow; b++) {
                    for (int c = 0; c < 2; c++) {
                        for (int i = 0; i < w.kh(); i++) {
                            for (int j = 0; j < w.kw(); j++) {
                                int r = a * w.sh() - w.ph() + i;
                                int col = b * w.sw() - w.pw() + j;
                                if (r >= 0 && r < IN[1] && col >= 0 && col < IN[2]) {
                                    double v = CONV.weight()[((f * 2 + c) * w.kh() + i) * w.kw() + j];
                                    m[(f * oh + a) * ow + b][(c * IN[1] + r) * IN[2] + col] = mod.applyAsDouble(v);
                                }
                            }
                        }
                    }
                }
            }
        }
        return m;
    }

    /** The bias per row of M (b[f] for every position of filter f), modified; null: none. */
    private static double[] bias(DoubleUnaryOperator mod) {
        double[] b = new double[ROWS];
        for (int row = 0; row < ROWS; row++) {
            b[row] = mod == null ? 0 : mod.applyAsDouble(CONV.bias()[row / (ROWS / 3)]);
        }
        return b;
    }

    private static double[] times(double[][] m, double[] x, int s) {
        double[] z = new double[ROWS];
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLS; col++) {
                z[row] += m[row][col] * x[s * COLS + col];
            }
        }
        return z;
    }

    private static double[] transposed(double[][] m, double[] q) {
        double[] c = new double[COLS];
        for (int row = 0; row < ROWS; row++) {
            for (int col = 0; col < COLS; col++) {
                c[col] += m[row][col] * q[row];
            }
        }
        return c;
    }

    /** R_in = x ⊙ M'ᵀ(R ⊘ stab(M'x + b')) per sample, the one-term matrix form. */
    private static double[] oneTerm(DoubleUnaryOperator w, DoubleUnaryOperator b, DoubleUnaryOperator stab) {
        double[][] m = unrolled(w);
        double[] bias = bias(b);
        double[] x = AccurateOps.widen(A, A.length);
        double[] out = new double[N * COLS];
        for (int s = 0; s < N; s++) {
            double[] z = times(m, x, s);
            double[] q = new double[ROWS];
            for (int row = 0; row < ROWS; row++) {
                q[row] = ROUT[s * ROWS + row] / stab.applyAsDouble(z[row] + bias[row]);
            }
            double[] c = transposed(m, q);
            for (int col = 0; col < COLS; col++) {
                out[s * COLS + col] = x[s * COLS + col] * c[col];
            }
        }
        return out;
    }

    private static void assertMatches(LrpRule rule, double[] want) {
        float[] got = rule.backward(CONV, A, ROUT, N, IN, 1);
        double[] got64 = rule.backward64(CONV, AccurateOps.widen(A, A.length), AccurateOps.widen(ROUT, ROUT.length), N, IN);
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("float32 element %d", i).isCloseTo(want[i], within(1e-4 * scale));
            assertThat(got64[i]).as("float64 element %d", i).isCloseTo(want[i], within(1e-11 * scale));
        }
    }

    @Test
    void zPlusOnAConvIsItsMatrixForm() {
        assertMatches(Rules.zPlus(), oneTerm(w -> Math.max(w, 0), null, z -> z + 1e-9f));
    }

    @Test
    void epsilonOnAConvIsItsMatrixForm() {
        assertMatches(Rules.epsilon(0.01f), oneTerm(w -> w, b -> b, z -> z + (z >= 0 ? 0.01f : -0.01f)));
    }

    @Test
    void gammaOnAConvIsItsMatrixForm() {
        assertMatches(Rules.gamma(0.25f), oneTerm(w -> w + 0.25 * Math.max(w, 0), b -> b + 0.25 * Math.max(b, 0),
                z -> z + (z >= 0 ? 1e-9f : -1e-9f)));
    }

    @Test
    void alphaBetaOnAConvIsItsMatrixForm() {
        double[] pos = oneTerm(w -> Math.max(w, 0), b -> Math.max(b, 0), z -> z + 1e-9f);
        double[] neg = oneTerm(w -> Math.min(w, 0), b -> Math.min(b, 0), z -> z - 1e-9f);
        double[] want = new double[pos.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = 2 * pos[i] - neg[i];
        }
        assertMatches(Rules.alphaBeta(2f, 1f), want);
    }

    /** Zennit's ZPlus: z = M⁺x⁺ + b⁺ + M⁻x⁻, R_in = x⁺ ⊙ M⁺ᵀq + x⁻ ⊙ M⁻ᵀq. */
    @Test
    void theSlotsExpressZennitsZPlusWithNegativeInputs() {
        LrpRule zennit = new ModifiedRule(List.of(new Group(1, List.of(
                new Term(Input.positive(), w -> Math.max(w, 0), b -> Math.max(b, 0), 1),
                new Term(Input.negative(), w -> Math.min(w, 0), null, 1)), Rules.signed(1e-6), Mask.ALL)));
        double[][] mp = unrolled(w -> Math.max(w, 0));
        double[][] mn = unrolled(w -> Math.min(w, 0));
        double[] bp = bias(b -> Math.max(b, 0));
        double[] x = AccurateOps.widen(A, A.length);
        double[] xp = new double[x.length];
        double[] xn = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xp[i] = Math.max(x[i], 0);
            xn[i] = Math.min(x[i], 0);
        }
        double[] want = new double[N * COLS];
        for (int s = 0; s < N; s++) {
            double[] z1 = times(mp, xp, s);
            double[] z2 = times(mn, xn, s);
            double[] q = new double[ROWS];
            for (int row = 0; row < ROWS; row++) {
                double z = z1[row] + bp[row] + z2[row];
                q[row] = ROUT[s * ROWS + row] / (z + (z >= 0 ? 1e-6 : -1e-6));
            }
            double[] c1 = transposed(mp, q);
            double[] c2 = transposed(mn, q);
            for (int col = 0; col < COLS; col++) {
                want[s * COLS + col] = xp[s * COLS + col] * c1[col] + xn[s * COLS + col] * c2[col];
            }
        }
        assertMatches(zennit, want);
    }

    /** Flat: z = M₁·1 (M₁ = 1 at every in-bounds tap), R_in = M₁ᵀ(R ⊘ s(z)), no bias, no input. */
    @Test
    void theSlotsExpressTheFlatRule() {
        LrpRule flat = new ModifiedRule(List.of(new Group(1,
                List.of(new Term(Input.constant(1), w -> 1, null, 1)), Rules.signed(1e-6), Mask.ALL)));
        double[][] ones = unrolled(w -> 1);
        double[] want = new double[N * COLS];
        for (int s = 0; s < N; s++) {
            double[] q = new double[ROWS];
            for (int row = 0; row < ROWS; row++) {
                double z = 0;
                for (int col = 0; col < COLS; col++) {
                    z += ones[row][col];
                }
                q[row] = ROUT[s * ROWS + row] / (z + 1e-6);
            }
            double[] c = transposed(ones, q);
            System.arraycopy(c, 0, want, s * COLS, COLS);
        }
        assertMatches(flat, want);
    }

    /** z^B: z = Mx − M⁺l − M⁻h, R_in = x ⊙ Mᵀq − l·M⁺ᵀq − h·M⁻ᵀq (zero padding for l and h too). */
    @Test
    void theSlotsExpressTheBoxRule() {
        double lo = -0.8;
        double hi = 2.0;
        LrpRule box = new ModifiedRule(List.of(new Group(1, List.of(
                new Term(Input.identity(), w -> w, null, 1),
                new Term(Input.constant(lo), w -> Math.max(w, 0), null, -1),
                new Term(Input.constant(hi), w -> Math.min(w, 0), null, -1)), Rules.signed(1e-6), Mask.ALL)));
        double[][] m = unrolled(w -> w);
        double[][] mp = unrolled(w -> Math.max(w, 0));
        double[][] mn = unrolled(w -> Math.min(w, 0));
        double[] x = AccurateOps.widen(A, A.length);
        double[] l = new double[N * COLS];
        double[] h = new double[N * COLS];
        java.util.Arrays.fill(l, lo);
        java.util.Arrays.fill(h, hi);
        double[] want = new double[N * COLS];
        for (int s = 0; s < N; s++) {
            double[] z0 = times(m, x, s);
            double[] z1 = times(mp, l, s);
            double[] z2 = times(mn, h, s);
            double[] q = new double[ROWS];
            for (int row = 0; row < ROWS; row++) {
                double z = z0[row] - z1[row] - z2[row];
                q[row] = ROUT[s * ROWS + row] / (z + (z >= 0 ? 1e-6 : -1e-6));
            }
            double[] c0 = transposed(m, q);
            double[] c1 = transposed(mp, q);
            double[] c2 = transposed(mn, q);
            for (int col = 0; col < COLS; col++) {
                want[s * COLS + col] = x[s * COLS + col] * c0[col] - lo * c1[col] - hi * c2[col];
            }
        }
        assertMatches(box, want);
    }

    /** Only the stabilisers leak: z⁺'s 1e-9 and the average pooling's Norm ε = 1e-6 (relative ~1e-5 here). */
    @Test
    void zPlusConservesRelevanceThroughAWholeCnnWithPositiveInputs() {
        Random r = new Random(9);
        List<Layer> layers = new ArrayList<>();
        layers.add(Cnns.conv("c0", 2, 4, Window.square(3, 1, 1), true, r));
        layers.add(new Relu("r0"));
        layers.add(new MaxPool2d("p0", Window.square(2, 2, 0)));
        layers.add(Cnns.conv("c1", 4, 5, Window.square(3, 1, 1), true, r));
        layers.add(new Relu("r1"));
        layers.add(new AvgPool2d("p1", Window.square(2, 1, 0), true));
        layers.add(new Flatten("f"));
        layers.add(Nets.linear("l0", 45, 6, r));
        layers.add(new Relu("r2"));
        layers.add(Nets.linear("l1", 6, 3, r));
        Network net = new Network(new int[] {2, 8, 8}, layers);
        float[] x = Cnns.uniform(r, 3 * net.inputs(), 0.1, 1);
        Trace t = net.trace(x, 3);
        int[] y = {0, 1, 2};
        float[] start = new float[9]; // a positive start at one class per sample (z⁺ passes on positive relevance)
        double[] start64 = new double[9];
        for (int s = 0; s < 3; s++) {
            start[s * 3 + y[s]] = 1.5f + s;
            start64[s * 3 + y[s]] = 1.5 + s;
        }
        RelevancePass.Relevance rel = RelevancePass.explain(t, start, RuleMap.of("paper"), 1);
        Trace64 t64 = Trace64.of(net, x, 3);
        RelevancePass.Relevance64 rel64 = RelevancePass.explain64(t64, start64, RuleMap.of("paper"));
        for (int s = 0; s < 3; s++) {
            double top = start[s * 3 + y[s]];
            for (int i = 0; i < layers.size(); i++) {
                int w = net.width(i + 1);
                assertThat(sum(rel.atOutput()[i], s, w)).as("sample %d at %s", s, layers.get(i).name())
                        .isCloseTo(top, within(1e-4 * top));
                assertThat(sum(rel64.atOutput()[i], s, w)).isCloseTo(top, within(1e-4 * top));
            }
            assertThat(sum(rel.atInput(), s, net.inputs())).as("input").isCloseTo(top, within(1e-4 * top));
            assertThat(sum(rel64.atInput(), s, net.inputs())).isCloseTo(top, within(1e-4 * top));
        }
    }

    @Test
    void globalAveragePoolingPassesRelevanceByTheNormRule() {
        Network net = Cnns.gap(4);
        float[] x = Cnns.uniform(new Random(1), 2 * net.inputs(), 0.1, 1);
        Trace64 t = Trace64.of(net, x, 2);
        double[] r = {1.0, 2.0, -0.5, 3.0, 0.0, 1.5, 0.25, -1.0};
        double[] got = new GlobalAvgPool("g").relevance64(t.input(2), r, 2, net.shape(2));
        for (int s = 0; s < 2; s++) {
            for (int c = 0; c < 4; c++) {
                double z = 0;
                for (int p = 0; p < 36; p++) {
                    z += t.input(2)[(s * 4 + c) * 36 + p] / 36;
                }
                for (int p = 0; p < 36; p++) {
                    int i = (s * 4 + c) * 36 + p;
                    assertThat(got[i]).isCloseTo(t.input(2)[i] / 36 * r[s * 4 + c] / (z + 1e-6), within(1e-15));
                }
            }
        }
    }

    private static double sum(float[] m, int row, int width) {
        double s = 0;
        for (int i = 0; i < width; i++) {
            s += m[row * width + i];
        }
        return s;
    }

    private static double sum(double[] m, int row, int width) {
        double s = 0;
        for (int i = 0; i < width; i++) {
            s += m[row * width + i];
        }
        return s;
    }
}
