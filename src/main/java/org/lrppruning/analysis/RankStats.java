package org.lrppruning.analysis;

import java.util.Arrays;

/**
 * Rank statistics between two pruning orders or two score vectors, as SciPy computes them.
 *
 * <p>Orders: A, B are permutations of 0..n−1 (A[i] = the neuron at rank i). The reference passes the
 * two index arrays straight to {@code scipy.stats.spearmanr(A, B)} and {@code kendalltau(A, B)}, which
 * rank the <em>values</em> of A and B position by position; for permutations the ranks are the values
 * themselves, so ρ = 1 − 6 Σᵢ (A[i] − B[i])² / (n(n² − 1)) and τ-b = τ = (P − 2D)/P with P = n(n−1)/2
 * and D = #{i &lt; j : (A[i] − A[j])(B[i] − B[j]) &lt; 0}, an inversion count (see {@link #inversions}).
 * Overlaps: first-k = |A[:k] ∩ B[:k]| / k, last-k = |A[−k:] ∩ B[−k:]| / k (Python slices: k &gt; n
 * takes all n, still divided by k).
 *
 * <p>Scores: Spearman ρ = Pearson correlation of average ranks; Kendall τ-b with ties (Knight's
 * algorithm, O(n log n)) = (P − T_x − T_y + T_xy − 2D) / √(P − T_x) / √(P − T_y), SciPy's expression,
 * T = tied pairs. NaN in either input, or a constant input, gives NaN, as SciPy does.
 */
public final class RankStats {
    private RankStats() {}

    /** An order with its inverse: {@code position[order[i]] == i}. Built once per order, used for every pair. */
    public record Order(int[] indices, int[] position) {
        /** Wraps a permutation of 0..n−1 (not copied); throws if it is not one. */
        public static Order of(int[] permutation) {
            return new Order(permutation, inverse(permutation));
        }

        public int size() {
            return indices.length;
        }
    }

    /** The inverse permutation; throws IllegalArgumentException if {@code p} is not a permutation of 0..n−1. */
    public static int[] inverse(int[] p) {
        int[] inv = new int[p.length];
        Arrays.fill(inv, -1);
        for (int i = 0; i < p.length; i++) {
            int v = p[i];
            if (v < 0 || v >= p.length || inv[v] >= 0) {
                throw new IllegalArgumentException("not a permutation of 0.." + (p.length - 1) + " at position " + i);
            }
            inv[v] = i;
        }
        return inv;
    }

    /** ρ = 1 − 6 Σᵢ (a[i] − b[i])² / (n(n² − 1)), SciPy's spearmanr on two permutations. */
    public static double spearman(int[] a, int[] b) {
        checkSameLength(a.length, b.length);
        int n = a.length;
        long d2 = 0;
        for (int i = 0; i < n; i++) {
            long d = a[i] - b[i];
            d2 += d * d;
        }
        double nn = n;
        return 1.0 - 6.0 * d2 / (nn * (nn * nn - 1.0));
    }

    /** Kendall τ of two permutations (no ties, so τ-b = τ). */
    public static double kendallTau(int[] a, int[] b) {
        return kendallTau(Order.of(a), b);
    }

    /**
     * Kendall τ of two permutations, (P − 2D)/√P/√P as SciPy evaluates it. Positions are visited in
     * the order of a's values, so D is the inversion count of v ↦ b[a⁻¹(v)].
     */
    public static double kendallTau(Order a, int[] b) {
        int n = a.size();
        checkSameLength(n, b.length);
        int[] pos = a.position();
        int[] seq = new int[n];
        for (int v = 0; v < n; v++) {
            seq[v] = b[pos[v]];
        }
        long tot = (long) n * (n - 1) / 2;
        if (tot == 0) {
            return Double.NaN;
        }
        return clamp((tot - 2.0 * inversions(seq)) / Math.sqrt(tot) / Math.sqrt(tot));
    }

    /** first-k = |a[:k] ∩ b[:k]| / k, with a given with its inverse. */
    public static double firstOverlap(Order a, int[] b, int k) {
        int n = a.size();
        checkSameLength(n, b.length);
        int kk = Math.min(k, n);
        int[] pos = a.position();
        int common = 0;
        for (int j = 0; j < kk; j++) {
            common += (pos[b[j]] - kk) >>> 31; // branch-free: membership is a coin toss for the predictor
        }
        return (double) common / k;
    }

    /** last-k = |a[−k:] ∩ b[−k:]| / k, with a given with its inverse. */
    public static double lastOverlap(Order a, int[] b, int k) {
        int n = a.size();
        checkSameLength(n, b.length);
        int from = Math.max(n - k, 0);
        int[] pos = a.position();
        int common = 0;
        for (int j = from; j < n; j++) {
            common += ~(pos[b[j]] - from) >>> 31;
        }
        return (double) common / k;
    }

    /** first-k overlap of two permutations. */
    public static double firstOverlap(int[] a, int[] b, int k) {
        return firstOverlap(Order.of(a), b, k);
    }

    /** last-k overlap of two permutations. */
    public static double lastOverlap(int[] a, int[] b, int k) {
        return lastOverlap(Order.of(a), b, k);
    }

    /** Largest n counted by {@link #inversionsSmallPermutation}; above it merge sort's n log n wins. */
    static final int SMALL_PERMUTATION = 1 << 14;

    /**
     * D = #{i &lt; j : p[i] &gt; p[j]} of a permutation p of 0..n−1 (p is not modified). Up to
     * {@value #SMALL_PERMUTATION} entries by {@link #inversionsSmallPermutation}, else by merge sort.
     */
    public static long inversions(int[] p) {
        if (p.length <= SMALL_PERMUTATION) {
            return inversionsSmallPermutation(p);
        }
        int[] work = new int[2 * p.length];
        System.arraycopy(p, 0, work, 0, p.length);
        return inversionsMergeSort(work, 0, p.length, work, p.length);
    }

    /**
     * Inversions of a permutation of 0..n−1 without data-dependent branches, which is what makes it
     * fast: merge sort mispredicts about every other comparison, several times slower here on
     * n = 3000 (see RankAnalysisBenchmark). Scanning left to right, D = Σᵢ (i − #{j &lt; i : p[j] &lt; p[i]}),
     * and the count of smaller earlier values is read from three levels of a 64-ary tally: a bit set
     * of the values seen (popcount inside a 64-value word), per word the seen values in earlier words
     * of its group of 8 words, per group the seen values in earlier groups. Each insertion updates
     * the last two levels with fixed-length loops that the JIT turns into vector adds: O(n/512 + 8)
     * per element.
     */
    static long inversionsSmallPermutation(int[] p) {
        int n = p.length;
        int words = (n + 63) >>> 6;
        int groups = (words + 7) >>> 3;
        // a constant trip count of 8 (n ≤ 4096) lets the JIT unroll and vectorise the group loop
        int groupLoop = Math.max(groups, 8);
        long[] bits = new long[groups * 8];
        int[] inWord = new int[groups * 8];
        int[] inGroup = new int[groupLoop];
        long smallerBefore = 0;
        for (int i = 0; i < n; i++) {
            int x = p[i];
            int w = x >>> 6;
            int g = w >>> 3;
            long bit = 1L << x; // the shift takes x mod 64
            smallerBefore += inGroup[g] + inWord[w] + Long.bitCount(bits[w] & (bit - 1));
            bits[w] |= bit;
            if (groupLoop == 8) {
                for (int q = 0; q < 8; q++) {
                    inGroup[q] += (g - q) >>> 31; // +1 for every later group
                }
            } else {
                for (int q = 0; q < groupLoop; q++) {
                    inGroup[q] += (g - q) >>> 31;
                }
            }
            int base = g << 3;
            int wi = w & 7;
            for (int q = 0; q < 8; q++) {
                inWord[base + q] += (wi - q) >>> 31; // +1 for every later word of the group
            }
        }
        return (long) n * (n - 1) / 2 - smallerBefore;
    }

    /**
     * Counts pairs i &lt; j with v[i] &gt; v[j] (strictly: equal values are no inversion) in
     * v = src[from..from+n) by a bottom-up merge sort, O(n log n); sorts v, leaving it in src or buf.
     *
     * @param buf scratch of n ints starting at {@code bufFrom}; may be src itself if the ranges are disjoint
     */
    static long inversionsMergeSort(int[] src, int from, int n, int[] buf, int bufFrom) {
        final int run = 32;
        long inv = 0;
        // Insertion sort of short runs: each shift is one inversion, and it beats merging tiny blocks.
        for (int lo = from; lo < from + n; lo += run) {
            int hi = Math.min(lo + run, from + n);
            for (int i = lo + 1; i < hi; i++) {
                int x = src[i];
                int j = i - 1;
                while (j >= lo && src[j] > x) {
                    src[j + 1] = src[j];
                    j--;
                }
                inv += i - 1 - j;
                src[j + 1] = x;
            }
        }
        int[] a = src;
        int aFrom = from;
        int[] b = buf;
        int bFrom = bufFrom;
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    int x = a[aFrom + i];
                    int y = a[aFrom + j];
                    if (y < x) {
                        b[bFrom + k++] = y;
                        j++;
                        inv += mid - i;
                    } else {
                        b[bFrom + k++] = x;
                        i++;
                    }
                }
                while (i < mid) {
                    b[bFrom + k++] = a[aFrom + i++];
                }
                while (j < hi) {
                    b[bFrom + k++] = a[aFrom + j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
            int tf = aFrom;
            aFrom = bFrom;
            bFrom = tf;
        }
        return inv;
    }

    /**
     * A score vector prepared once for all its pairs: dense ranks, the stable order by value,
     * centred average ranks and tie counts. -0.0 and 0.0 are one value (IEEE equality).
     */
    public static final class ScoreRanks {
        final int n;
        final boolean hasNaN;
        /** dense rank of each element, 0..groups−1 */
        final int[] dense;
        /** element indices sorted by value (stable) */
        final int[] byValue;
        /** start of each dense-rank group in byValue, plus n at the end */
        final int[] groupStart;
        /** average rank minus its mean (n+1)/2 */
        final double[] centred;
        final double norm;
        /** tied pairs Σ t(t−1)/2 */
        final long ties;

        private ScoreRanks(double[] x) {
            n = x.length;
            boolean nan = false;
            for (double v : x) {
                nan |= Double.isNaN(v);
            }
            hasNaN = nan;
            dense = new int[n];
            centred = new double[n];
            if (nan) {
                byValue = new int[0];
                groupStart = new int[0];
                norm = Double.NaN;
                ties = 0;
                return;
            }
            byValue = argsort(x);
            int[] starts = new int[n + 1];
            int groups = 0;
            long t = 0;
            double mid = (n + 1) / 2.0;
            double ss = 0;
            for (int i = 0; i < n; ) {
                int j = i + 1;
                while (j < n && x[byValue[j]] == x[byValue[i]]) {
                    j++;
                }
                double avg = (i + 1 + j) / 2.0;
                for (int q = i; q < j; q++) {
                    dense[byValue[q]] = groups;
                    centred[byValue[q]] = avg - mid;
                }
                ss += (avg - mid) * (avg - mid) * (j - i);
                long len = j - i;
                t += len * (len - 1) / 2;
                starts[groups++] = i;
                i = j;
            }
            starts[groups] = n;
            groupStart = Arrays.copyOf(starts, groups + 1);
            ties = t;
            norm = Math.sqrt(ss);
        }

        /** Prepares {@code x} (not kept). */
        public static ScoreRanks of(double[] x) {
            return new ScoreRanks(x);
        }

        public int size() {
            return n;
        }
    }

    /** Spearman ρ of two score vectors: Pearson correlation of their average ranks (scipy.stats.spearmanr). */
    public static double spearman(double[] x, double[] y) {
        return spearman(ScoreRanks.of(x), ScoreRanks.of(y));
    }

    /** Spearman ρ of two prepared score vectors; NaN if either has NaN or is constant. */
    public static double spearman(ScoreRanks x, ScoreRanks y) {
        checkSameLength(x.n, y.n);
        if (x.hasNaN || y.hasNaN || x.norm == 0 || y.norm == 0) {
            return Double.NaN;
        }
        double dot = 0;
        for (int i = 0; i < x.n; i++) {
            dot += x.centred[i] * y.centred[i];
        }
        return clamp(dot / (x.norm * y.norm));
    }

    /**
     * Kendall τ-b of two score vectors with ties (scipy.stats.kendalltau, variant 'b'), Knight's
     * algorithm: stable sorts by x, then by y within x, and a merge-sort count of the pairs
     * whose y falls while x rises; O(n log n).
     */
    public static double kendallTauB(double[] x, double[] y) {
        checkSameLength(x.length, y.length);
        ScoreRanks rx = ScoreRanks.of(x);
        ScoreRanks ry = ScoreRanks.of(y);
        if (rx.hasNaN || ry.hasNaN) {
            return Double.NaN;
        }
        int n = x.length;
        int[] byXY = byXThenY(rx, ry);
        int[] work = new int[2 * n];
        for (int i = 0; i < n; i++) {
            work[i] = ry.dense[byXY[i]];
        }
        long dis = inversionsMergeSort(work, 0, n, work, n);
        return tauB(rx, ry, byXY, dis);
    }

    /**
     * Kendall τ-b of two prepared score vectors: the same count as {@link #kendallTauB(double[], double[])},
     * faster. Within the (x, y) order, ties in y are broken by position, which turns y's ranks into a
     * permutation with the same strict inversions, counted by {@link #inversions}.
     */
    public static double kendallTauB(ScoreRanks x, ScoreRanks y) {
        int n = x.n;
        checkSameLength(n, y.n);
        if (x.hasNaN || y.hasNaN) {
            return Double.NaN;
        }
        int[] byXY = byXThenY(x, y);
        int[] next = Arrays.copyOf(y.groupStart, y.groupStart.length - 1);
        int[] unique = new int[n];
        for (int i = 0; i < n; i++) {
            unique[i] = next[y.dense[byXY[i]]]++;
        }
        return tauB(x, y, byXY, inversions(unique));
    }

    /** Elements ordered by x's value, ties by y's value: y's stable order, then a stable counting sort by x's rank. */
    private static int[] byXThenY(ScoreRanks x, ScoreRanks y) {
        int n = x.n;
        int[] next = Arrays.copyOf(x.groupStart, x.groupStart.length - 1);
        int[] out = new int[n];
        for (int q = 0; q < n; q++) {
            int e = y.byValue[q];
            out[next[x.dense[e]]++] = e;
        }
        return out;
    }

    /** SciPy's τ-b from D and the tie counts; joint ties are runs of equal (x, y) in the (x, y) order. */
    private static double tauB(ScoreRanks x, ScoreRanks y, int[] byXY, long dis) {
        int n = x.n;
        long tot = (long) n * (n - 1) / 2;
        if (x.ties == tot || y.ties == tot) {
            return Double.NaN;
        }
        long joint = 0;
        long run = 1;
        for (int i = 1; i < n; i++) {
            int p = byXY[i - 1];
            int e = byXY[i];
            if (x.dense[p] == x.dense[e] && y.dense[p] == y.dense[e]) {
                run++;
            } else {
                joint += run * (run - 1) / 2;
                run = 1;
            }
        }
        joint += run * (run - 1) / 2;
        double conMinusDis = tot - x.ties - y.ties + joint - 2.0 * dis;
        return clamp(conMinusDis / Math.sqrt(tot - x.ties) / Math.sqrt(tot - y.ties));
    }

    /** Indices of x sorted by value, stable, comparing with {@code <} so that -0.0 equals 0.0. */
    static int[] argsort(double[] x) {
        int n = x.length;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        int[] buf = new int[n];
        int[] a = idx;
        int[] b = buf;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    b[k++] = x[a[j]] < x[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    private static double clamp(double r) {
        return Double.isNaN(r) ? r : Math.max(-1.0, Math.min(1.0, r));
    }

    private static void checkSameLength(int n, int m) {
        if (n != m) {
            throw new IllegalArgumentException("lengths differ: " + n + " vs " + m);
        }
    }
}
