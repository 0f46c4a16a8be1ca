package org.lrppruning.analysis;

import org.lrppruning.io.PyFloat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class RankStatsTest {
    static final Offset<Double> EPS = Offset.offset(1e-12);

    static int[] permutation(SplittableRandom rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Values with many ties (few levels), some -0.0 against 0.0. */
    static double[] tiedScores(SplittableRandom rnd, int n, int levels) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int l = rnd.nextInt(levels);
            x[i] = l == 0 ? (rnd.nextBoolean() ? -0.0 : 0.0) : l * 0.25 - 1;
        }
        return x;
    }

    // ---- slow, obvious versions ------------------------------------------------------------

    /** Pearson correlation of average ranks, every rank by counting. */
    static double slowSpearman(double[] x, double[] y) {
        double[] rx = slowRanks(x);
        double[] ry = slowRanks(y);
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += rx[i] / n;
            my += ry[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double[] slowRanks(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int less = 0;
            int equal = 0;
            for (double v : x) {
                less += v < x[i] ? 1 : 0;
                equal += v == x[i] ? 1 : 0;
            }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
    }

    /** τ-b by looking at every pair. */
    static double slowTauB(double[] x, double[] y) {
        long con = 0;
        long dis = 0;
        long tx = 0;
        long ty = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double a = Math.signum(x[i] - x[j]);
                double b = Math.signum(y[i] - y[j]);
                if (a == 0 && b == 0) {
                    continue;
                } else if (a == 0) {
                    tx++;
                } else if (b == 0) {
                    ty++;
                } else if (a == b) {
                    con++;
                } else {
                    dis++;
                }
            }
        }
        return (con - dis) / Math.sqrt((double) (con + dis + tx) * (con + dis + ty));
    }

    static double[] asDouble(int[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    static double slowOverlap(int[] a, int[] b, int k, boolean first) {
        int n = a.length;
        int from = first ? 0 : Math.max(0, n - k);
        int to = first ? Math.min(k, n) : n;
        Set<Integer> sa = new HashSet<>();
        Set<Integer> sb = new HashSet<>();
        for (int i = from; i < to; i++) {
            sa.add(a[i]);
            sb.add(b[i]);
        }
        sa.retainAll(sb);
        return (double) sa.size() / k;
    }

    static long slowInversions(int[] v) {
        long c = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = i + 1; j < v.length; j++) {
                c += v[i] > v[j] ? 1 : 0;
            }
        }
        return c;
    }

    // ---- tests ------------------------------------------------------------------------------

    @Test
    void inversionCountsAgreeWithPairCounting() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n : new int[] {0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 511, 512, 513, 1000, 3000, 4096, 4097, 6000}) {
            int[] p = permutation(rnd, n);
            long expected = slowInversions(p);
            assertThat(RankStats.inversionsSmallPermutation(p)).as("small, n = %d", n).isEqualTo(expected);
            int[] work = new int[2 * n];
            System.arraycopy(p, 0, work, 0, n);
            assertThat(RankStats.inversionsMergeSort(work, 0, n, work, n)).as("merge, n = %d", n).isEqualTo(expected);
            assertThat(RankStats.inversions(p)).isEqualTo(expected);
        }
        int[] ties = rnd.ints(2000, 0, 40).toArray();
        int[] work = new int[4000];
        System.arraycopy(ties, 0, work, 0, 2000);
        assertThat(RankStats.inversionsMergeSort(work, 0, 2000, work, 2000)).isEqualTo(slowInversions(ties));
        int[] big = permutation(rnd, RankStats.SMALL_PERMUTATION + 5);
        int[] copy = big.clone();
        int[] w2 = new int[2 * big.length];
        System.arraycopy(big, 0, w2, 0, big.length);
        assertThat(RankStats.inversions(big)).isEqualTo(RankStats.inversionsMergeSort(w2, 0, big.length, w2, big.length));
        assertThat(big).isEqualTo(copy); // not modified
    }

    @Test
    void permutationMeasuresAgreeWithSlowVersions() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n : new int[] {2, 3, 10, 200, 777, 3000}) {
            for (int rep = n < 3000 ? 0 : 1; rep < 3; rep++) {
                int[] a = permutation(rnd, n);
                int[] b = rep == 2 ? a.clone() : permutation(rnd, n);
                if (rep == 1) { // partly agreeing orders, like real ones
                    System.arraycopy(a, 0, b, 0, n / 2);
                    b = completeToPermutation(b, n / 2, rnd);
                }
                double[] da = asDouble(a);
                double[] db = asDouble(b);
                assertThat(RankStats.spearman(a, b)).isCloseTo(slowSpearman(da, db), EPS);
                assertThat(RankStats.kendallTau(a, b)).isCloseTo(slowTauB(da, db), EPS);
                RankStats.Order oa = RankStats.Order.of(a);
                for (int k : new int[] {1, 125, 250, 500, 1000, 5000}) {
                    assertThat(RankStats.firstOverlap(oa, b, k)).isEqualTo(slowOverlap(a, b, k, true));
                    assertThat(RankStats.lastOverlap(oa, b, k)).isEqualTo(slowOverlap(a, b, k, false));
                }
            }
        }
    }

    /** b[0..keep) fixed, the rest filled with the unused values in random order. */
    static int[] completeToPermutation(int[] b, int keep, SplittableRandom rnd) {
        int n = b.length;
        boolean[] used = new boolean[n];
        for (int i = 0; i < keep; i++) {
            used[b[i]] = true;
        }
        int[] rest = new int[n - keep];
        int k = 0;
        for (int v = 0; v < n; v++) {
            if (!used[v]) {
                rest[k++] = v;
            }
        }
        int[] shuffled = permutation(rnd, rest.length);
        for (int i = 0; i < rest.length; i++) {
            b[keep + i] = rest[shuffled[i]];
        }
        return b;
    }

    @Test
    void spearmanRanksTheValuesLikeScipyNotThePositions() {
        // a = (1, 2, 0), b = (0, 2, 1): Σ(a[i] − b[i])² = 2, so ρ = 1 − 12/24 = 0.5; comparing the
        // positions of each index instead would give Σd² = 8 and ρ = −1.
        assertThat(RankStats.spearman(new int[] {1, 2, 0}, new int[] {0, 2, 1})).isEqualTo(0.5);
        assertThat(RankStats.spearman(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0})).isEqualTo(-1.0);
        assertThat(RankStats.kendallTau(new int[] {0, 1, 2, 3}, new int[] {3, 2, 1, 0})).isEqualTo(-1.0);
        assertThat(RankStats.kendallTau(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3})).isEqualTo(1.0);
        assertThat(RankStats.kendallTau(new int[] {0}, new int[] {0})).isNaN();
    }

    @Test
    void scoreMeasuresWithTiesAgreeWithSlowVersions() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int n : new int[] {2, 5, 50, 300, 1500}) {
            for (int levels : new int[] {2, 3, 9, 1000}) {
                double[] x = tiedScores(rnd, n, levels);
                double[] y = rnd.nextBoolean() ? tiedScores(rnd, n, levels) : x.clone();
                if (rnd.nextBoolean()) {
                    for (int i = 0; i < n; i += 3) {
                        y[i] = x[i];
                    }
                }
                double slowT = slowTauB(x, y);
                double slowS = slowSpearman(x, y);
                if (Double.isNaN(slowT)) {
                    assertThat(RankStats.kendallTauB(x, y)).isNaN();
                    continue;
                }
                assertThat(RankStats.kendallTauB(x, y)).as("n %d levels %d", n, levels).isCloseTo(slowT, EPS);
                RankStats.ScoreRanks px = RankStats.ScoreRanks.of(x);
                RankStats.ScoreRanks py = RankStats.ScoreRanks.of(y);
                assertThat(RankStats.kendallTauB(px, py)).isCloseTo(slowT, EPS);
                assertThat(RankStats.spearman(x, y)).isCloseTo(slowS, EPS);
                assertThat(RankStats.spearman(px, py)).isCloseTo(slowS, EPS);
            }
        }
    }

    @Test
    void degenerateScores() {
        assertThat(RankStats.kendallTauB(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isNaN();
        assertThat(RankStats.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isNaN();
        assertThat(RankStats.kendallTauB(new double[] {1, Double.NaN, 3}, new double[] {1, 2, 3})).isNaN();
        assertThat(RankStats.spearman(new double[] {1, 2, 3}, new double[] {1, 2, Double.NaN})).isNaN();
        // -0.0 and 0.0 are one value: x has one tie, so τ-b = 2 / √(2·3)
        assertThat(RankStats.kendallTauB(new double[] {-0.0, 0.0, 1}, new double[] {1, 2, 3}))
                .isCloseTo(2 / Math.sqrt(6), EPS);
        assertThatThrownBy(() -> RankStats.spearman(new int[] {0, 1}, new int[] {0})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RankStats.Order.of(new int[] {0, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    /** The same numbers from scipy.stats, when SciPy is installed. */
    @Test
    void agreesWithScipy() {
        assumeTrue(Python.has("scipy.stats"), "scipy not available");
        SplittableRandom rnd = new SplittableRandom(5);
        StringBuilder in = new StringBuilder();
        int cases = 8;
        int[][] pa = new int[cases][];
        int[][] pb = new int[cases][];
        double[][] sx = new double[cases][];
        double[][] sy = new double[cases][];
        for (int c = 0; c < cases; c++) {
            int n = c < 4 ? 3000 : 257;
            pa[c] = permutation(rnd, n);
            pb[c] = permutation(rnd, n);
            if (c % 2 == 1) {
                System.arraycopy(pa[c], 0, pb[c], 0, n / 3);
                completeToPermutation(pb[c], n / 3, rnd);
            }
            sx[c] = tiedScores(rnd, n, c < 4 ? 40 : 5);
            sy[c] = tiedScores(rnd, n, c < 4 ? 40 : 5);
            for (int i = 0; i < n; i += 2) {
                sy[c][i] = sx[c][i];
            }
            in.append(join(pa[c])).append('\n').append(join(pb[c])).append('\n')
                    .append(join(sx[c])).append('\n').append(join(sy[c])).append('\n');
        }
        String script = String.join("\n",
                "import sys",
                "from scipy.stats import spearmanr, kendalltau",
                "ls = sys.stdin.read().strip().split('\\n')",
                "for c in range(0, len(ls), 4):",
                "    a = [int(t) for t in ls[c].split(',')]; b = [int(t) for t in ls[c+1].split(',')]",
                "    x = [float(t) for t in ls[c+2].split(',')]; y = [float(t) for t in ls[c+3].split(',')]",
                "    print(repr(float(spearmanr(a, b)[0])), repr(float(kendalltau(a, b)[0])),",
                "          repr(float(spearmanr(x, y)[0])), repr(float(kendalltau(x, y)[0])))");
        String out = Python.run(script, in.toString());
        assertThat(out).isNotNull();
        String[] lines = out.split("\n");
        Offset<Double> tol = Offset.offset(1e-13);
        for (int c = 0; c < cases; c++) {
            String[] t = lines[c].split(" ");
            assertThat(RankStats.spearman(pa[c], pb[c])).isCloseTo(Double.parseDouble(t[0]), tol);
            assertThat(RankStats.kendallTau(pa[c], pb[c])).isCloseTo(Double.parseDouble(t[1]), tol);
            assertThat(RankStats.spearman(sx[c], sy[c])).isCloseTo(Double.parseDouble(t[2]), tol);
            assertThat(RankStats.kendallTauB(sx[c], sy[c])).isCloseTo(Double.parseDouble(t[3]), tol);
        }
    }

    static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ",").append(a[i]);
        }
        return sb.toString();
    }

    static String join(double[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            sb.append(i == 0 ? "" : ",").append(PyFloat.repr(a[i]));
        }
        return sb.toString();
    }
}
