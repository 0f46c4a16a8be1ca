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

    /** Column sums of an n × k double matrix. */
    static double[] columnSums(double[] m, int n, int k) {
        double[] s = new double[k];
        for (int r = 0; r < n; r++) {
            int base = r * k;
            for (int c = 0; c < k; c++) {
                s[c] += m[base + c];
            }
        }
        return s;
    }

    /** Column sums of an n × k float matrix, in double. */
    static double[] columnSums(float[] m, int n, int k) {
        return columnSums(org.lrppruning.linalg.AccurateOps.widen(m, n * k), n, k);
    }
}
