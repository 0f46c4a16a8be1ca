package org.lrppruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Window;
import org.lrppruning.testutil.Cnns;

/**
 * The criteria on tiny CNNs under the seed authors' definitions, against slow, obvious float64 versions:
 * weight Σ|W| by loops; grad and taylor by central differences of the mean cross-entropy (Σ_{n,p} ∂L/∂a_f is
 * the derivative along a shift of filter f's bias, Σ a·∂L/∂a along a scaling of its weights and bias);
 * lrp by explicit loops over unrolled dense matrices with the lrp-pruning rules.
 */
class CnnCriteriaTest {
    private static final int N = 7;

    private static LabeledData refs(Network net, long seed) {
        Random r = new Random(seed);
        float[] x = Cnns.uniform(r, N * net.inputs(), -0.5, 1.5);
        int[] y = r.ints(N, 0, net.classes()).toArray();
        return new LabeledData(x, net.inputShape(), y);
    }

    private static UnitScores score(String criterion, Network net, LabeledData refs, int threads) {
        return Criteria.of(criterion).score(net, refs, threads);
    }

    @ParameterizedTest(name = "{0}, batch norm {1}, units {2}")
    @CsvSource({"weight, false, DEFAULT", "weight, true, DEFAULT", "weight, true, ALL", "weight-bnfused, false, DEFAULT",
            "weight-bnfused, true, DEFAULT", "weight-bnfused, true, ALL"})
    void weightIsTheL1NormalisedAbsoluteSumOfEachFiltersWeights(String criterion, boolean bn, PrunableUnits units) {
        Network net = Cnns.small(3, bn, units);
        UnitScores s = score(criterion, net, refs(net, 1), 1);
        int[] pos = net.prunablePositions();
        for (int h = 0; h < net.prunableCount(); h++) {
            Affine a = net.prunable(h);
            double[] want = new double[a.units()];
            double total = 0;
            for (int f = 0; f < a.units(); f++) {
                // weight-bnfused: each weight times the next BatchNorm's gamma / sqrt(var + eps), where there is one
                double scale = 1;
                if (criterion.equals("weight-bnfused") && pos[h] + 1 < net.layers().size()
                        && net.layer(pos[h] + 1) instanceof BatchNorm b) {
                    scale = b.gamma()[f] / Math.sqrt((double) b.var()[f] + b.eps());
                }
                for (int k = 0; k < a.fanIn(); k++) {
                    want[f] += Math.abs((double) a.weight()[f * a.fanIn() + k] * scale);
                }
                total += want[f];
            }
            assertClose(s.raw()[h], want, 1e-12, "raw " + a.name());
            for (int f = 0; f < want.length; f++) {
                want[f] /= total;
            }
            assertClose(s.normalised()[h], want, 1e-12, "normalised " + a.name());
        }
    }

    @ParameterizedTest(name = "{0}, batch norm {1}, units {2}")
    @CsvSource({"grad, false, DEFAULT", "grad, true, DEFAULT", "grad, true, ALL", "taylor, false, DEFAULT",
            "taylor, true, DEFAULT", "taylor, true, ALL"})
    void gradAndTaylorAreDerivativesOfTheMeanCrossEntropyAlongEachFilter(String criterion, boolean bn,
                                                                        PrunableUnits units) {
        Network net = Cnns.small(5, bn, units);
        LabeledData refs = refs(net, 2);
        UnitScores s = score(criterion, net, refs, 1);
        boolean taylor = criterion.equals("taylor");
        for (int h = 0; h < net.prunableCount(); h++) {
            int pos = net.prunablePositions()[h];
            Affine a = net.prunable(h);
            int positions = net.width(pos + 1) / a.units();
            double[] want = new double[a.units()];
            for (int f = 0; f < a.units(); f++) {
                double eps = 1e-6;
                double up = loss(net.with(pos, nudged(a, f, eps, taylor)), refs);
                double down = loss(net.with(pos, nudged(a, f, -eps, taylor)), refs);
                want[f] = (up - down) / (2 * eps) / (N * positions);
            }
            assertClose(s.raw()[h], want, 1e-6, criterion + " raw " + a.name());
            double norm = 0;
            for (double v : want) {
                norm += v * v;
            }
            for (int f = 0; f < want.length; f++) {
                want[f] = Math.abs(want[f]) / Math.sqrt(norm);
            }
            assertClose(s.normalised()[h], want, 1e-6, criterion + " normalised " + a.name());
        }
    }

    @ParameterizedTest(name = "{0}, batch norm {1}, units {2}")
    @CsvSource({"lrp, false, DEFAULT", "lrp, true, DEFAULT", "lrp, true, ALL", "lrp-logitstart, false, DEFAULT",
            "lrp-logitstart, true, ALL"})
    void lrpIsTheL1NormalisedAbsoluteRelevanceFromOneHotUnderTheLrpPruningRules(String criterion, boolean bn,
            PrunableUnits units) {
        Network net = Cnns.small(9, bn, units);
        LabeledData refs = refs(net, 4);
        UnitScores s = score(criterion, net, refs, 1);
        double[][] want = slowLrp(net, refs, criterion.equals("lrp-logitstart"));
        for (int h = 0; h < net.prunableCount(); h++) {
            assertClose(s.raw()[h], want[h], 1e-10, "raw " + net.prunable(h).name());
            double total = 0;
            for (double v : want[h]) {
                total += v;
            }
            for (int f = 0; f < want[h].length; f++) {
                want[h][f] /= total;
            }
            assertClose(s.normalised()[h], want[h], 1e-10, "normalised " + net.prunable(h).name());
        }
    }

    @Test
    void aCnnGetsTheSeedAuthorsDefinitionsAndAnMlpTheToys() {
        assertThat(Definitions.of(Cnns.small(1, true, PrunableUnits.DEFAULT))).isEqualTo(Definitions.LRP_PRUNING);
        assertThat(Definitions.of(org.lrppruning.testutil.Nets.paperShaped(1, 4, 4, 4, 2, false)))
                .isEqualTo(Definitions.TOY);
        assertThat(Criteria.of("lrp").describe(Definitions.LRP_PRUNING)).isEqualTo("lrp (composite lrp-pruning)");
        assertThat(Criteria.of("lrp").describe(Definitions.TOY)).isEqualTo("lrp (composite paper)");
    }

    @Test
    void scoresAreTheSameBitsForAnyThreadCount() {
        Network net = Cnns.small(11, true, PrunableUnits.ALL);
        LabeledData refs = refs(net, 6);
        for (String c : List.of("weight", "grad", "taylor", "lrp")) {
            UnitScores one = score(c, net, refs, 1);
            UnitScores three = score(c, net, refs, 3);
            assertThat(three.raw()).as(c).isDeepEqualTo(one.raw());
            assertThat(three.normalised()).as(c).isDeepEqualTo(one.normalised());
        }
    }

    @Test
    void float32DefinitionsAreTheFloat64OnesUpToFloat32RoundingAndTheSameBitsForAnyThreadCount() {
        Network net = Cnns.small(11, true, PrunableUnits.ALL);
        LabeledData refs = refs(net, 6);
        Definitions f32 = Definitions.of(net, org.lrppruning.lrp.Explainer.Precision.FLOAT32);
        assertThat(f32).isEqualTo(Definitions.LRP_PRUNING_FLOAT32);
        assertThat(Definitions.of(org.lrppruning.testutil.Nets.paperShaped(1, 4, 4, 4, 2, false),
                org.lrppruning.lrp.Explainer.Precision.FLOAT32)).isEqualTo(Definitions.TOY);
        for (String c : List.of("weight", "grad", "taylor", "lrp")) {
            UnitScores exact = Criteria.of(c).score(net, refs, Definitions.LRP_PRUNING, 1);
            UnitScores one = Criteria.of(c).score(net, refs, f32, 1);
            UnitScores three = Criteria.of(c).score(net, refs, f32, 3);
            assertThat(three.raw()).as(c).isDeepEqualTo(one.raw());
            assertThat(three.normalised()).as(c).isDeepEqualTo(one.normalised());
            for (int h = 0; h < net.prunableCount(); h++) {
                assertClose(one.raw()[h], exact.raw()[h], 1e-5, c + " float32 raw " + h);
                assertClose(one.normalised()[h], exact.normalised()[h], 1e-5, c + " float32 normalised " + h);
            }
        }
    }

    @Test
    void theToysFloatScoresAreItsNormalisedScoresRounded() {
        Network mlp = org.lrppruning.testutil.Nets.paperShaped(3, 6, 5, 4, 3, false);
        org.lrppruning.data.Samples pts = org.lrppruning.testutil.Nets.samples(4, 10, 3);
        for (String c : List.of("weight", "grad", "taylor", "lrp")) {
            UnitScores s = Criteria.of(c).score(mlp, LabeledData.of(pts), 1);
            float[][] f = Criteria.of(c).scores(mlp, pts, 1);
            for (int h = 0; h < f.length; h++) {
                for (int j = 0; j < f[h].length; j++) {
                    assertThat(s.normalised()[h][j]).as("%s %d %d", c, h, j).isEqualTo((double) f[h][j]);
                }
            }
        }
    }

    @Test
    void aCompositeIsForLrpOnly() {
        Criteria.Options o = new Criteria.Options("epsilon-plus", Composites.Box.UNIT);
        assertThat(Criteria.of("lrp", o).describe(Definitions.LRP_PRUNING)).isEqualTo("lrp (composite epsilon-plus)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Criteria.of("weight", o))
                .hasMessage("criterion weight takes no composite (give -c lrp --composite epsilon-plus)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Criteria.of("lrp", new Criteria.Options("nope",
                Composites.Box.UNIT))).hasMessageStartingWith("unknown LRP composite 'nope'");
    }

    /** Filter f's weights and bias scaled by 1 + eps (taylor) or its bias shifted by eps (grad), in float64. */
    private static Affine nudged(Affine a, int f, double eps, boolean scale) {
        double[] w = a.weight64().clone();
        double[] b = a.bias64().clone();
        if (scale) {
            for (int k = 0; k < a.fanIn(); k++) {
                w[f * a.fanIn() + k] *= 1 + eps;
            }
            b[f] *= 1 + eps;
        } else {
            b[f] += eps;
        }
        return a.withParameters64(w, b);
    }

    /** The mean cross-entropy of the float64 network. */
    private static double loss(Network net, LabeledData d) {
        double[] x = new double[d.x().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.x()[i];
        }
        double[] z = net.logits64(x, N);
        int k = net.classes();
        double total = 0;
        for (int n = 0; n < N; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z[n * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z[n * k + c] - max);
            }
            total += max + Math.log(sum) - z[n * k + d.labels()[n]];
        }
        return total / N;
    }

    /** One step of the slow network: a dense affine map (a conv unrolled, BatchNorm merged), or another layer. */
    private record Step(Layer layer, String name, double[][] m, double[] b, int[] inShape) {
    }

    /**
     * Σ_n Σ_p |R| at every prunable layer's output (after its BatchNorm), from onehot(label) (times the true
     * class's logit with {@code logitStart}), by the lrp-pruning rules.
     */
    private static double[][] slowLrp(Network net, LabeledData d, boolean logitStart) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            if (l instanceof BatchNorm bn) {
                Step prev = steps.remove(steps.size() - 1); // merged into the affine map before it
                int per = prev.m().length / bn.channels();
                double[][] m = prev.m();
                double[] b = prev.b().clone();
                for (int r = 0; r < m.length; r++) {
                    int c = r / per;
                    double scale = bn.gamma()[c] / Math.sqrt(bn.var()[c] + bn.eps());
                    for (int j = 0; j < m[r].length; j++) {
                        m[r][j] *= scale;
                    }
                    b[r] = (b[r] - bn.mean()[c]) * scale + bn.beta()[c];
                }
                steps.add(new Step(prev.layer(), prev.name(), m, b, prev.inShape()));
            } else if (l instanceof Conv2d c) {
                steps.add(unrolled(c, net.shape(i)));
            } else if (l instanceof Linear lin) {
                double[][] m = new double[lin.out()][lin.in()];
                double[] b = new double[lin.out()];
                for (int r = 0; r < lin.out(); r++) {
                    for (int j = 0; j < lin.in(); j++) {
                        m[r][j] = lin.w(r, j);
                    }
                    b[r] = lin.bias()[r];
                }
                steps.add(new Step(l, l.name(), m, b, net.shape(i)));
            } else {
                steps.add(new Step(l, l.name(), null, null, net.shape(i)));
            }
        }
        double[][] out = new double[net.prunableCount()][];
        for (int h = 0; h < out.length; h++) {
            out[h] = new double[net.prunable(h).units()];
        }
        int per = net.inputs();
        for (int n = 0; n < N; n++) {
            List<double[]> acts = new ArrayList<>();
            double[] a = new double[per];
            for (int i = 0; i < per; i++) {
                a[i] = d.x()[n * per + i];
            }
            acts.add(a);
            for (Step s : steps) {
                a = forward(s, a);
                acts.add(a);
            }
            double[] r = new double[net.classes()];
            r[d.labels()[n]] = logitStart ? a[d.labels()[n]] : 1; // a: the logits here
            for (int i = steps.size() - 1; i >= 0; i--) {
                Step s = steps.get(i);
                for (int h = 0; h < out.length; h++) {
                    if (net.prunable(h).name().equals(s.name())) {
                        int units = out[h].length;
                        int positions = r.length / units;
                        for (int j = 0; j < r.length; j++) {
                            out[h][j / positions] += Math.abs(r[j]);
                        }
                    }
                }
                if (i == 0) {
                    break; // the first layer's own rule (z^B) is not needed for the taps
                }
                r = relevance(s, acts.get(i), r);
            }
        }
        return out;
    }

    private static Step unrolled(Conv2d c, int[] in) {
        Window w = c.window();
        int oh = w.outH(in[1]);
        int ow = w.outW(in[2]);
        double[][] m = new double[c.out() * oh * ow][in[0] * in[1] * in[2]];
        double[] b = new double[m.length];
        for (int o = 0; o < c.out(); o++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int row = (o * oh + y) * ow + x;
                    b[row] = c.bias()[o];
                    for (int ch = 0; ch < in[0]; ch++) {
                        for (int ky = 0; ky < w.kh(); ky++) {
                            for (int kx = 0; kx < w.kw(); kx++) {
                                int iy = y * w.sh() - w.ph() + ky;
                                int ix = x * w.sw() - w.pw() + kx;
                                if (iy >= 0 && iy < in[1] && ix >= 0 && ix < in[2]) {
                                    m[row][(ch * in[1] + iy) * in[2] + ix] =
                                            c.weight()[((o * in[0] + ch) * w.kh() + ky) * w.kw() + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Step(c, c.name(), m, b, in);
    }

    private static double[] forward(Step s, double[] a) {
        if (s.m() != null) {
            double[] z = new double[s.m().length];
            for (int r = 0; r < z.length; r++) {
                z[r] = s.b()[r];
                for (int j = 0; j < a.length; j++) {
                    z[r] += s.m()[r][j] * a[j];
                }
            }
            return z;
        }
        if (s.layer() instanceof Relu) {
            double[] z = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                z[i] = Math.max(0, a[i]);
            }
            return z;
        }
        if (s.layer() instanceof MaxPool2d p) {
            int[] arg = argmax(p, s.inShape(), a);
            double[] z = new double[arg.length];
            for (int i = 0; i < z.length; i++) {
                z[i] = a[arg[i]];
            }
            return z;
        }
        return a.clone(); // Flatten, Dropout (evaluation mode)
    }

    /** Per pooled output, the input index of its window's first maximum in row-major order. */
    private static int[] argmax(MaxPool2d p, int[] in, double[] a) {
        Window w = p.window();
        int oh = w.outH(in[1]);
        int ow = w.outW(in[2]);
        int[] arg = new int[in[0] * oh * ow];
        for (int c = 0; c < in[0]; c++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int best = -1;
                    for (int ky = 0; ky < w.kh(); ky++) {
                        for (int kx = 0; kx < w.kw(); kx++) {
                            int iy = y * w.sh() - w.ph() + ky;
                            int ix = x * w.sw() - w.pw() + kx;
                            if (iy >= 0 && iy < in[1] && ix >= 0 && ix < in[2]) {
                                int i = (c * in[1] + iy) * in[2] + ix;
                                if (best < 0 || a[i] > a[best]) {
                                    best = i;
                                }
                            }
                        }
                    }
                    arg[(c * oh + y) * ow + x] = best;
                }
            }
        }
        return arg;
    }

    /** Relevance at the step's input: Linear ε = 1e-6 with bias, Conv2d bias-free z⁺ with z + 1e-12·[z = 0]. */
    private static double[] relevance(Step s, double[] x, double[] r) {
        if (s.layer() instanceof Linear) {
            double[] q = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                double z = s.b()[j];
                for (int i = 0; i < x.length; i++) {
                    z += s.m()[j][i] * x[i];
                }
                q[j] = r[j] / (z + 1e-6 * (z >= 0 ? 1 : -1));
            }
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < r.length; j++) {
                    out[i] += x[i] * s.m()[j][i] * q[j];
                }
            }
            return out;
        }
        if (s.layer() instanceof Conv2d) {
            double[] q = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                double z = 0;
                for (int i = 0; i < x.length; i++) {
                    double w = s.m()[j][i];
                    z += x[i] > 0 ? Math.max(w, 0) * x[i] : Math.min(w, 0) * x[i];
                }
                q[j] = r[j] / (z == 0 ? 1e-12 : z);
            }
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < r.length; j++) {
                    double w = s.m()[j][i];
                    out[i] += (x[i] > 0 ? Math.max(w, 0) : Math.min(w, 0)) * x[i] * q[j];
                }
            }
            return out;
        }
        if (s.layer() instanceof MaxPool2d p) {
            int[] arg = argmax(p, s.inShape(), x);
            double[] out = new double[x.length];
            for (int i = 0; i < arg.length; i++) {
                out[arg[i]] += r[i];
            }
            return out;
        }
        return r.clone(); // ReLU, Flatten, Dropout pass relevance on
    }

    /** max |got − want| ≤ tol · max |want|. */
    private static void assertClose(double[] got, double[] want, double tol, String what) {
        assertThat(relativeError(got, want, what)).as("%s: max |got - want| / max |want|", what).isLessThanOrEqualTo(tol);
    }

    /** max |got − want| / max |want| (arrays of one size). */
    static double relativeError(double[] got, double[] want, String what) {
        assertThat(got).as(what).hasSameSizeAs(want);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < want.length; i++) {
            diff = Math.max(diff, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return diff / scale;
    }
}
