package org.lrppruning.criteria;

/** The per-layer normalisations of the reference: by the plain (L1 for non-negative) sum or the L2 norm. */
final class Normalise {
    private Normalise() {}

    /** s / Σ s (sum in double). An all-zero layer becomes NaN, as in the reference. */
    static double[] bySum(double[] s) {
        double total = 0;
        for (double v : s) {
            total += v;
        }
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] / total;
        }
        return out;
    }

    /** |s| / ‖s‖₂ (norm in double). */
    static double[] absByL2(double[] s) {
        double sq = 0;
        for (double v : s) {
            sq += v * v;
        }
        double norm = Math.sqrt(sq);
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Math.abs(s[i]) / norm;
        }
        return out;
    }

    /** Σ over samples r and positions p of m[r][j][p] (n × units × positions, float32), per unit j, in double. */
    static double[] unitSums(float[] m, int n, int units, int positions) {
        double[] s = new double[units];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < units; j++) {
                int base = (r * units + j) * positions;
                for (int p = 0; p < positions; p++) {
                    s[j] += m[base + p];
                }
            }
        }
        return s;
    }
}
