package org.lrppruning.criteria;

/** The per-layer normalisations of the reference: by the plain (L1 for non-negative) sum or the L2 norm. */
final class Normalise {
    private Normalise() {}

    /** s ← s / Σ s (sum in double). An all-zero layer becomes NaN, as in the reference. */
    static float[] bySum(double[] s) {
        double total = 0;
        for (double v : s) {
            total += v;
        }
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (float) (s[i] / total);
        }
        return out;
    }

    /** s ← |s| / ‖s‖₂ (norm in double). */
    static float[] absByL2(double[] s) {
        double sq = 0;
        for (double v : s) {
            sq += v * v;
        }
        double norm = Math.sqrt(sq);
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (float) (Math.abs(s[i]) / norm);
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
