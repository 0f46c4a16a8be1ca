package org.lrppruning.prune;

/**
 * The last two Linear layers of an MLP with nothing but the identity between them (the toy network's
 * hidden layer 3, whose ReLU the reference lost, and its output layer), folded into one product in
 * float64 with a rounding-error bound, so that most rows' labels are known without the two float32
 * products and still equal theirs exactly.
 *
 * <p>For a row h (the input of the first of the two layers, k values, float32), the float32 forward
 * computes h3 = fl(W·h + b) and L = fl(Wo·h3 + bo), each output an fma chain and one addition of the
 * bias. With ρ = Wo·(W·h + b) + bo in exact arithmetic, S_i = Σ_j |W_ij h_j| + |b_i| and
 * T_c = Σ_i |Wo_ci| S_i + |bo_c|, the standard error model fl(x ∘ y) = (x ∘ y)(1 + δ) + η, |δ| ≤ u = 2⁻²⁴,
 * |η| ≤ 2⁻¹⁵⁰ (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §2.2 and §3.1) gives, in any
 * order of the sums and with γ_n = nu / (1 − nu),
 * <pre>
 *   |L_c − ρ_c| ≤ (γ_{m+1}(1 + γ_{k+1}) + γ_{k+1}) · T_c + 2⁻¹⁵⁰ ((k + 1) Σ_i |Wo_ci| + m + 1)
 * </pre>
 * for m kept units between the layers, as long as nothing overflows (γ_{n+2} is used for γ_{n+1}, so that the bound
 * holds for products rounded before they are added too). ρ and T are computed here in
 * float64 from M = Wo·W (K × k), Wo·b + bo and their absolute counterparts: float32 products are exact
 * in float64 and its rounding (relative 2⁻⁵³ per step) stays under a hundredth of the bound, which is
 * taken 1 % larger. When ρ_w − ρ_c exceeds the bounds of w and c for every other class c, L_w > L_c
 * in the float32 forward too, so its argmax is w; otherwise (and for NaN, infinities or values near
 * the float range) the row is left to the two products.
 */
final class LinearTail {
    /** Unit roundoff of float32. */
    private static final double U = 0x1p-24;
    /** Magnitudes under which no float32 sum of the two layers can overflow (Float.MAX_VALUE ≈ 3.4e38). */
    private static final double SAFE = 1e37;

    private final int stage;
    private final int in;
    private final int classes;
    /** in × classes: M[j][c] = Σ_i Wo[c][i] · W[i][j]. */
    private final double[] m;
    /** in × classes: Σ_i |Wo[c][i]| · |W[i][j]|. */
    private final double[] mAbs;
    /** Per class: Σ_i Wo[c][i] · b[i] + bo[c]. */
    private final double[] c0;
    /** Per class: Σ_i |Wo[c][i]| · |b[i]| + |bo[c]|. */
    private final double[] c0Abs;
    /** Per class: the bound's absolute part (underflow). */
    private final double[] slack;
    /** Relative coefficient of the bound, 1 % above the proven one. */
    private final double g;
    /** γ_{m+2} for the m kept units between the layers. */
    private final double gm;
    /** Per class: Σ_j A[j][c]. */
    private final double[] aSum;
    /** Largest |h_j| for which no S_i can overflow. */
    private final double hMax;

    private LinearTail(int stage, int in, int classes, double[] m, double[] mAbs, double[] c0, double[] c0Abs,
                       double[] slack, double g, double gm, double hMax) {
        this.stage = stage;
        this.in = in;
        this.classes = classes;
        this.m = m;
        this.mAbs = mAbs;
        this.c0 = c0;
        this.c0Abs = c0Abs;
        this.slack = slack;
        this.g = g;
        this.gm = gm;
        this.hMax = hMax;
        aSum = new double[classes];
        for (int j = 0; j < in; j++) {
            for (int c = 0; c < classes; c++) {
                aSum[c] += mAbs[j * classes + c];
            }
        }
    }

    /**
     * The tail of two Linear layers: W (rows {@code rows} of the out × inAll matrix {@code w}, columns
     * {@code cols}) with bias b (one per kept row, or null), then Wo (classes × rows.length, row-major)
     * with bias bo (or null); all weights must be finite. {@code stage} is the first layer's index.
     */
    static LinearTail of(int stage, float[] w, int inAll, int[] rows, int[] cols, float[] b, float[] wo,
                         float[] bo, int classes) {
        int mid = rows.length;
        int k = cols.length;
        if ((double) Math.max(mid, k) + 1 >= 0.5 / U) {
            return null;
        }
        // class-major while summing (contiguous inner loops the JIT vectorises), unit-major for certain's reads
        double[] mc = new double[classes * k];
        double[] ac = new double[classes * k];
        double[] c0 = new double[classes];
        double[] c0Abs = new double[classes];
        double[] woAbsSum = new double[classes];
        double[] row = new double[k];
        double[] rowAbs = new double[k];
        double maxRow = 0;
        double maxB = 0;
        for (int i = 0; i < mid; i++) {
            int from = rows[i] * inAll;
            double abs = 0;
            for (int q = 0; q < k; q++) {
                row[q] = w[from + cols[q]];
                rowAbs[q] = Math.abs(row[q]);
                abs += rowAbs[q];
            }
            maxRow = Math.max(maxRow, abs);
            double bi = b == null ? 0 : b[i];
            maxB = Math.max(maxB, Math.abs(bi));
            for (int c = 0; c < classes; c++) {
                double o = wo[c * mid + i];
                if (o == 0) {
                    continue;
                }
                double oa = Math.abs(o);
                c0[c] += o * bi;
                c0Abs[c] += oa * Math.abs(bi);
                woAbsSum[c] += oa;
                int o0 = c * k;
                for (int q = 0; q < k; q++) {
                    mc[o0 + q] += o * row[q];
                    ac[o0 + q] += oa * rowAbs[q];
                }
            }
        }
        double[] m = new double[k * classes];
        double[] mAbs = new double[k * classes];
        for (int c = 0; c < classes; c++) {
            for (int q = 0; q < k; q++) {
                m[q * classes + c] = mc[c * k + q];
                mAbs[q * classes + c] = ac[c * k + q];
            }
        }
        double[] slack = new double[classes];
        for (int c = 0; c < classes; c++) {
            double boc = bo == null ? 0 : bo[c];
            c0[c] += boc;
            c0Abs[c] += Math.abs(boc);
            slack[c] = 1.01 * 0x1p-150 * ((k + 1.0) * woAbsSum[c] + mid + 1.0);
        }
        // one term more than the chains hold: the bound then holds for unfused products too
        double gk = gamma(k + 2);
        double gm = gamma(mid + 2);
        double g = 1.01 * (gm * (1 + gk) + gk);
        double hMax = maxRow == 0 ? Double.POSITIVE_INFINITY : (SAFE - maxB) / maxRow;
        if (!(hMax > 0) || !Double.isFinite(g)) {
            return null;
        }
        return new LinearTail(stage, k, classes, m, mAbs, c0, c0Abs, slack, g, gm, hMax);
    }

    static double gamma(int n) {
        return n * U / (1 - n * U);
    }

    /** Index of the first of the two layers among the network's layers. */
    int stage() {
        return stage;
    }

    /** Width of the rows it takes. */
    int in() {
        return in;
    }

    /** Work values {@link #certain} and {@link #certainNear} need: 3 · classes. */
    int workSize() {
        return 3 * classes;
    }

    /**
     * The label the two float32 layers give the row h[off .. off + in), when the bound proves it;
     * otherwise −1. {@code work} holds {@link #workSize} values.
     */
    int certain(float[] h, int off, double[] work) {
        int k = classes;
        System.arraycopy(c0, 0, work, 0, k);
        System.arraycopy(c0Abs, 0, work, k, k);
        double top = 0;
        for (int j = 0; j < in; j++) {
            float v = h[off + j];
            if (v != 0f) {
                double x = v;
                double ax = Math.abs(x);
                top = Math.max(top, ax);
                int o = j * k;
                for (int c = 0; c < k; c++) {
                    work[c] += m[o + c] * x;
                    work[k + c] += mAbs[o + c] * ax;
                }
            }
        }
        if (!(top <= hMax)) { // NaN too
            return -1;
        }
        for (int c = 0; c < k; c++) {
            work[2 * k + c] = g * work[k + c] + slack[c];
        }
        return decide(work);
    }

    /**
     * As {@link #certain}, for an input known only approximately: unit j of the float32 forward's input is
     * max(z_j, 0) for a z_j within c2 · s_j of {@code z[j]} (before its ReLU; j < {@link #in()}), and every
     * such z_j is a sum of at most {@code terms} roundings. The bound of {@link #certain} is taken at the
     * largest |input| this allows, plus Σ_j A[j][c] · c2 · s_j for the input's own error.
     */
    int certainNear(float[] z, float[] s, double c2, int terms, double[] work) {
        int k = classes;
        // work: the logits, then T (at the largest inputs allowed), then E = Σ_j A[j][c] · c2 · s_j
        System.arraycopy(c0, 0, work, 0, k);
        System.arraycopy(c0Abs, 0, work, k, k);
        java.util.Arrays.fill(work, 2 * k, 3 * k, 0);
        int nonzero = 0;
        double top = 0;
        for (int j = 0; j < in; j++) {
            double zj = z[j];
            double sj = s[j];
            if (!(sj <= SAFE) || zj != zj) {
                return -1;
            }
            double ej = c2 * sj;
            if (!(zj + ej > 0)) {
                continue; // both z_j and z[j] are at most 0: the ReLU gives 0 for both, no error
            }
            double hj = zj > 0 ? zj : 0;
            nonzero++;
            top = Math.max(top, hj + ej);
            int o = j * k;
            for (int c = 0; c < k; c++) {
                work[c] += m[o + c] * hj;
                work[k + c] += mAbs[o + c] * (hj + ej);
                work[2 * k + c] += mAbs[o + c] * ej;
            }
        }
        if (!(top <= hMax)) {
            return -1;
        }
        double gk = gamma(nonzero + 2);
        double gRow = 1.01 * (gm * (1 + gk) + gk);
        double under = 1.01 * 0x1p-150 * (terms + 6.0);
        for (int c = 0; c < k; c++) {
            work[2 * k + c] = gRow * work[k + c] + 1.01 * work[2 * k + c] + slack[c] + under * aSum[c];
        }
        return decide(work);
    }

    /**
     * From work = (logits, magnitudes, bounds) per class: the best class when its logit minus its bound exceeds
     * every other class's logit plus its bound and no magnitude reaches the float range; otherwise −1.
     */
    private int decide(double[] work) {
        int k = classes;
        int w = 0;
        for (int c = 1; c < k; c++) {
            if (work[c] > work[w]) {
                w = c;
            }
        }
        for (int c = 0; c < k; c++) {
            if (!(work[k + c] <= SAFE)) {
                return -1;
            }
            if (c != w && !(work[w] - work[c] > work[2 * k + w] + work[2 * k + c])) {
                return -1;
            }
        }
        return w;
    }
}
