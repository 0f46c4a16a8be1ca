package org.lrppruning.analysis;

/**
 * NumPy's {@code np.mean} and {@code np.std} (population, ddof = 0) on float64, summed with NumPy's
 * pairwise summation so that results agree with the reference to the last bit, which matters when
 * a mean is printed rounded to 2 or 3 decimals.
 */
public final class NumpyStats {
    private NumpyStats() {}

    /** NumPy's block size below which a pairwise sum is a plain 8-way unrolled loop. */
    private static final int BLOCK = 128;

    /** mean = Σx / n (pairwise Σ); NaN for an empty array, as NumPy gives. */
    public static double mean(double[] x) {
        return x.length == 0 ? Double.NaN : (0.0 + pairwiseSum(x, 0, x.length)) / x.length;
    }

    /** std = sqrt(Σ(x − mean)² / n), the population standard deviation; NaN for an empty array. */
    public static double std(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double m = mean(x);
        double[] sq = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - m;
            sq[i] = d * d;
        }
        return Math.sqrt((0.0 + pairwiseSum(sq, 0, sq.length)) / sq.length);
    }

    /** Σ a[off..off+n) in NumPy's pairwise order (numpy/core/src/umath/loops_utils pairwise_sum). */
    static double pairwiseSum(double[] a, int off, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        if (n <= BLOCK) {
            double r0 = a[off], r1 = a[off + 1], r2 = a[off + 2], r3 = a[off + 3];
            double r4 = a[off + 4], r5 = a[off + 5], r6 = a[off + 6], r7 = a[off + 7];
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                r0 += a[off + i];
                r1 += a[off + i + 1];
                r2 += a[off + i + 2];
                r3 += a[off + i + 3];
                r4 += a[off + i + 4];
                r5 += a[off + i + 5];
                r6 += a[off + i + 6];
                r7 += a[off + i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                res += a[off + i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
    }
}
