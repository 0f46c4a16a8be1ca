package org.lrppruning.linalg;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float64 products for the criteria, where sums over samples cancel and float32 rounding would show
 * in the scores. Every output element is reduced in one fixed order that depends only on k, so
 * results do not depend on blocking, on the row's position or on whether the JIT compiled the loop.
 */
public final class AccurateOps {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** Weights converted once per array: the criteria run on the same unpruned models again and again. */
    private static final Map<float[], double[]> WIDENED = Collections.synchronizedMap(new WeakHashMap<>());

    private AccurateOps() {}

    /** The float64 copy of a weight array (cached by identity; arrays are never modified in place). */
    public static double[] widened(float[] w) {
        double[] d = WIDENED.get(w);
        if (d == null) {
            d = widen(w, w.length);
            WIDENED.put(w, d);
        }
        return d;
    }

    /** A float64 copy of the first {@code n} values. */
    public static double[] widen(float[] v, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /**
     * C[m×n] = float32(Σ_p A[i,p]·B[j,p] + bias[j]), the sum in float64 (products of floats are exact
     * in double). Order per element: lane l of L accumulates p ≡ l (mod L) for p below k − k mod L by
     * fma; the lanes are added 0..L−1 in sequence; the tail p follows in order; then the bias.
     */
    public static void mulTransB(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n) {
        double[] ad = widen(a, m * k);
        double[] bd = widened(b);
        int kv = k - k % L;
        double[] lanes = new double[L];
        int m4 = m - m % 4;
        // Blocks of 64 rows of B (512 KB at k = 1000) stay in L2 while every block of A rows passes.
        for (int jb = 0; jb < n; jb += 64) {
            int je = Math.min(n, jb + 64);
            int j4 = jb + (je - jb) - (je - jb) % 4;
            for (int i = 0; i < m4; i += 4) {
                for (int j = jb; j < j4; j += 4) {
                    tile4x4(ad, bd, bias, c, i, j, k, kv, n, lanes);
                }
                for (int j = j4; j < je; j++) {
                    for (int r = 0; r < 4; r++) {
                        c[(i + r) * n + j] = single(ad, bd, bias, i + r, j, k, kv, lanes);
                    }
                }
            }
            for (int i = m4; i < m; i++) {
                for (int j = jb; j < je; j++) {
                    c[i * n + j] = single(ad, bd, bias, i, j, k, kv, lanes);
                }
            }
        }
    }

    /** A 4 × 4 block of C; sixteen accumulators in locals (an array of vectors would live on the heap). */
    private static void tile4x4(double[] a, double[] b, float[] bias, float[] c, int i, int j, int k, int kv, int n,
                                double[] lanes) {
        DoubleVector s00 = DoubleVector.zero(D);
        DoubleVector s01 = DoubleVector.zero(D);
        DoubleVector s02 = DoubleVector.zero(D);
        DoubleVector s03 = DoubleVector.zero(D);
        DoubleVector s10 = DoubleVector.zero(D);
        DoubleVector s11 = DoubleVector.zero(D);
        DoubleVector s12 = DoubleVector.zero(D);
        DoubleVector s13 = DoubleVector.zero(D);
        DoubleVector s20 = DoubleVector.zero(D);
        DoubleVector s21 = DoubleVector.zero(D);
        DoubleVector s22 = DoubleVector.zero(D);
        DoubleVector s23 = DoubleVector.zero(D);
        DoubleVector s30 = DoubleVector.zero(D);
        DoubleVector s31 = DoubleVector.zero(D);
        DoubleVector s32 = DoubleVector.zero(D);
        DoubleVector s33 = DoubleVector.zero(D);
        int a0 = i * k;
        int b0 = j * k;
        for (int p = 0; p < kv; p += L) {
            DoubleVector x0 = DoubleVector.fromArray(D, a, a0 + 0 * k + p);
            DoubleVector x1 = DoubleVector.fromArray(D, a, a0 + 1 * k + p);
            DoubleVector x2 = DoubleVector.fromArray(D, a, a0 + 2 * k + p);
            DoubleVector x3 = DoubleVector.fromArray(D, a, a0 + 3 * k + p);
            DoubleVector y0 = DoubleVector.fromArray(D, b, b0 + 0 * k + p);
            s00 = x0.fma(y0, s00);
            s10 = x1.fma(y0, s10);
            s20 = x2.fma(y0, s20);
            s30 = x3.fma(y0, s30);
            DoubleVector y1 = DoubleVector.fromArray(D, b, b0 + 1 * k + p);
            s01 = x0.fma(y1, s01);
            s11 = x1.fma(y1, s11);
            s21 = x2.fma(y1, s21);
            s31 = x3.fma(y1, s31);
            DoubleVector y2 = DoubleVector.fromArray(D, b, b0 + 2 * k + p);
            s02 = x0.fma(y2, s02);
            s12 = x1.fma(y2, s12);
            s22 = x2.fma(y2, s22);
            s32 = x3.fma(y2, s32);
            DoubleVector y3 = DoubleVector.fromArray(D, b, b0 + 3 * k + p);
            s03 = x0.fma(y3, s03);
            s13 = x1.fma(y3, s13);
            s23 = x2.fma(y3, s23);
            s33 = x3.fma(y3, s33);
        }
        s00.intoArray(lanes, 0);
        c[(i + 0) * n + j + 0] = finish(lanes, a, b, bias, i + 0, j + 0, k, kv);
        s01.intoArray(lanes, 0);
        c[(i + 0) * n + j + 1] = finish(lanes, a, b, bias, i + 0, j + 1, k, kv);
        s02.intoArray(lanes, 0);
        c[(i + 0) * n + j + 2] = finish(lanes, a, b, bias, i + 0, j + 2, k, kv);
        s03.intoArray(lanes, 0);
        c[(i + 0) * n + j + 3] = finish(lanes, a, b, bias, i + 0, j + 3, k, kv);
        s10.intoArray(lanes, 0);
        c[(i + 1) * n + j + 0] = finish(lanes, a, b, bias, i + 1, j + 0, k, kv);
        s11.intoArray(lanes, 0);
        c[(i + 1) * n + j + 1] = finish(lanes, a, b, bias, i + 1, j + 1, k, kv);
        s12.intoArray(lanes, 0);
        c[(i + 1) * n + j + 2] = finish(lanes, a, b, bias, i + 1, j + 2, k, kv);
        s13.intoArray(lanes, 0);
        c[(i + 1) * n + j + 3] = finish(lanes, a, b, bias, i + 1, j + 3, k, kv);
        s20.intoArray(lanes, 0);
        c[(i + 2) * n + j + 0] = finish(lanes, a, b, bias, i + 2, j + 0, k, kv);
        s21.intoArray(lanes, 0);
        c[(i + 2) * n + j + 1] = finish(lanes, a, b, bias, i + 2, j + 1, k, kv);
        s22.intoArray(lanes, 0);
        c[(i + 2) * n + j + 2] = finish(lanes, a, b, bias, i + 2, j + 2, k, kv);
        s23.intoArray(lanes, 0);
        c[(i + 2) * n + j + 3] = finish(lanes, a, b, bias, i + 2, j + 3, k, kv);
        s30.intoArray(lanes, 0);
        c[(i + 3) * n + j + 0] = finish(lanes, a, b, bias, i + 3, j + 0, k, kv);
        s31.intoArray(lanes, 0);
        c[(i + 3) * n + j + 1] = finish(lanes, a, b, bias, i + 3, j + 1, k, kv);
        s32.intoArray(lanes, 0);
        c[(i + 3) * n + j + 2] = finish(lanes, a, b, bias, i + 3, j + 2, k, kv);
        s33.intoArray(lanes, 0);
        c[(i + 3) * n + j + 3] = finish(lanes, a, b, bias, i + 3, j + 3, k, kv);
    }

    private static float single(double[] a, double[] b, float[] bias, int i, int j, int k, int kv, double[] lanes) {
        DoubleVector acc = DoubleVector.zero(D);
        for (int p = 0; p < kv; p += L) {
            acc = DoubleVector.fromArray(D, a, i * k + p).fma(DoubleVector.fromArray(D, b, j * k + p), acc);
        }
        acc.intoArray(lanes, 0);
        return finish(lanes, a, b, bias, i, j, k, kv);
    }

    /** Lanes in order, then the tail in order, then the bias; rounded to float once. */
    private static float finish(double[] lanes, double[] a, double[] b, float[] bias, int i, int j, int k, int kv) {
        double s = 0;
        for (double v : lanes) {
            s += v;
        }
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[i * k + p], b[j * k + p], s);
        }
        return (float) (bias == null ? s : s + bias[j]);
    }

    /**
     * C[m×n] = A[m×k]·B[n×k]ᵀ (+ bias[n] when non-null) in float64, each element in the order of the
     * float32 variant (lanes by fma, lanes added in sequence, the tail, then the bias), in tiles of 4 rows × 2
     * columns (eight independent chains; the tiling changes no element's order).
     */
    public static void mulTransB(double[] a, double[] b, double[] bias, double[] c, int m, int k, int n) {
        int kv = k - k % L;
        double[] lanes = new double[L];
        int m4 = m - m % 4;
        int n2 = n - n % 2;
        for (int i = 0; i < m4; i += 4) {
            for (int j = 0; j < n2; j += 2) {
                tile4x2(a, b, bias, c, i, j, k, kv, n, lanes);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = i < m4 ? n2 : 0; j < n; j++) {
                DoubleVector acc = DoubleVector.zero(D);
                for (int p = 0; p < kv; p += L) {
                    acc = DoubleVector.fromArray(D, a, i * k + p).fma(DoubleVector.fromArray(D, b, j * k + p), acc);
                }
                c[i * n + j] = finish(acc, lanes, a, b, bias, i, j, k, kv);
            }
        }
    }

    /** C[i..i+4)[j..j+2) of {@link #mulTransB(double[], double[], double[], double[], int, int, int)}: 8 lane chains. */
    private static void tile4x2(double[] a, double[] b, double[] bias, double[] c, int i, int j, int k, int kv, int n,
                                double[] lanes) {
        DoubleVector s00 = DoubleVector.zero(D);
        DoubleVector s01 = DoubleVector.zero(D);
        DoubleVector s10 = DoubleVector.zero(D);
        DoubleVector s11 = DoubleVector.zero(D);
        DoubleVector s20 = DoubleVector.zero(D);
        DoubleVector s21 = DoubleVector.zero(D);
        DoubleVector s30 = DoubleVector.zero(D);
        DoubleVector s31 = DoubleVector.zero(D);
        int a0 = i * k;
        int b0 = j * k;
        for (int p = 0; p < kv; p += L) {
            DoubleVector y0 = DoubleVector.fromArray(D, b, b0 + p);
            DoubleVector y1 = DoubleVector.fromArray(D, b, b0 + k + p);
            DoubleVector x = DoubleVector.fromArray(D, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            x = DoubleVector.fromArray(D, a, a0 + k + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            x = DoubleVector.fromArray(D, a, a0 + 2 * k + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            x = DoubleVector.fromArray(D, a, a0 + 3 * k + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
        }
        c[i * n + j] = finish(s00, lanes, a, b, bias, i, j, k, kv);
        c[i * n + j + 1] = finish(s01, lanes, a, b, bias, i, j + 1, k, kv);
        c[(i + 1) * n + j] = finish(s10, lanes, a, b, bias, i + 1, j, k, kv);
        c[(i + 1) * n + j + 1] = finish(s11, lanes, a, b, bias, i + 1, j + 1, k, kv);
        c[(i + 2) * n + j] = finish(s20, lanes, a, b, bias, i + 2, j, k, kv);
        c[(i + 2) * n + j + 1] = finish(s21, lanes, a, b, bias, i + 2, j + 1, k, kv);
        c[(i + 3) * n + j] = finish(s30, lanes, a, b, bias, i + 3, j, k, kv);
        c[(i + 3) * n + j + 1] = finish(s31, lanes, a, b, bias, i + 3, j + 1, k, kv);
    }

    /** The lanes of acc added 0..L−1 in sequence, the tail p in [kv, k) by fma in order, then the bias (float64). */
    private static double finish(DoubleVector acc, double[] lanes, double[] a, double[] b, double[] bias, int i, int j,
                                 int k, int kv) {
        acc.intoArray(lanes, 0);
        double s = 0;
        for (double v : lanes) {
            s += v;
        }
        for (int p = kv; p < k; p++) {
            s = Math.fma(a[i * k + p], b[j * k + p], s);
        }
        return bias == null ? s : s + bias[j];
    }

    /**
     * C[m×n] = A[m×k]·B[k×n] in float64 with B a float32 weight matrix; c is overwritten. Each C[i][j]
     * is an fma chain over p = 0..k−1 in order.
     */
    public static void mul(double[] a, float[] b, double[] c, int m, int k, int n) {
        mul(a, widened(b), c, m, k, n);
    }

    /** C[m×n] = A[m×k]·B[k×n] in float64; c is overwritten. Each C[i][j] is an fma chain over p = 0..k−1 in order. */
    public static void mul(double[] a, double[] bd, double[] c, int m, int k, int n) {
        mul(a, bd, c, m, k, n, Parallel.lent());
    }

    /**
     * {@link #mul(double[], double[], double[], int, int, int)} with its column strips split over {@code threads}
     * threads (each element's fma chain is the same, so are the bits).
     */
    public static void mul(double[] a, double[] bd, double[] c, int m, int k, int n, int threads) {
        int w = 2 * L;
        int strips = n / w;
        int m4 = m - m % 4;
        // Column strips outside, row blocks inside. A strip of B (k × 2L doubles) is first copied to a contiguous
        // buffer: read in place its k rows lie n doubles apart (a page or more for im2col columns), a cache and TLB
        // miss per row, and the strip stays in L1 while every block of rows streams past it; 4 × 2 vectors of
        // accumulators hide the fma latency.
        Parallel.range(strips, threads, 1, (s0, s1) -> {
            double[] strip = new double[k * w];
            for (int s = s0; s < s1; s++) {
                int j = s * w;
                for (int p = 0; p < k; p++) {
                    System.arraycopy(bd, p * n + j, strip, p * w, w);
                }
                for (int i = 0; i < m4; i += 4) {
                    tile4x2(a, strip, c, i, j, k, n);
                }
                for (int i = m4; i < m; i++) {
                    packedRow(a, strip, c, i, j, k, n);
                }
            }
        });
        int n2 = strips * w;
        int nv = n - n % L;
        for (int j = n2; j < nv; j += L) {
            for (int i = 0; i < m; i++) {
                strip(a, bd, c, i, j, k, n);
            }
        }
        for (int i = 0; i < m; i++) {
            scalarColumns(a, bd, c, i, k, n, nv);
        }
    }

    /** C[i..i+4)[j..j+2L) of {@link #mul(double[], double[], double[], int, int, int)} from a packed strip (k × 2L). */
    private static void tile4x2(double[] a, double[] strip, double[] c, int i, int j, int k, int n) {
        DoubleVector c00 = DoubleVector.zero(D);
        DoubleVector c01 = DoubleVector.zero(D);
        DoubleVector c10 = DoubleVector.zero(D);
        DoubleVector c11 = DoubleVector.zero(D);
        DoubleVector c20 = DoubleVector.zero(D);
        DoubleVector c21 = DoubleVector.zero(D);
        DoubleVector c30 = DoubleVector.zero(D);
        DoubleVector c31 = DoubleVector.zero(D);
        int a0 = i * k;
        for (int p = 0, q = 0; p < k; p++, q += 2 * L) {
            DoubleVector y0 = DoubleVector.fromArray(D, strip, q);
            DoubleVector y1 = DoubleVector.fromArray(D, strip, q + L);
            DoubleVector x = DoubleVector.broadcast(D, a[a0 + p]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = DoubleVector.broadcast(D, a[a0 + k + p]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = DoubleVector.broadcast(D, a[a0 + 2 * k + p]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = DoubleVector.broadcast(D, a[a0 + 3 * k + p]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
        }
        c00.intoArray(c, i * n + j);
        c01.intoArray(c, i * n + j + L);
        c10.intoArray(c, (i + 1) * n + j);
        c11.intoArray(c, (i + 1) * n + j + L);
        c20.intoArray(c, (i + 2) * n + j);
        c21.intoArray(c, (i + 2) * n + j + L);
        c30.intoArray(c, (i + 3) * n + j);
        c31.intoArray(c, (i + 3) * n + j + L);
    }

    /** C[i][j..j+2L) from a packed strip: two vectors, each one fma chain per lane. */
    private static void packedRow(double[] a, double[] strip, double[] c, int i, int j, int k, int n) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        for (int p = 0, q = 0; p < k; p++, q += 2 * L) {
            DoubleVector x = DoubleVector.broadcast(D, a[i * k + p]);
            acc0 = x.fma(DoubleVector.fromArray(D, strip, q), acc0);
            acc1 = x.fma(DoubleVector.fromArray(D, strip, q + L), acc1);
        }
        acc0.intoArray(c, i * n + j);
        acc1.intoArray(c, i * n + j + L);
    }

    /** C[i][j..j+L) of {@link #mul(double[], double[], double[], int, int, int)}, B read in place. */
    private static void strip(double[] a, double[] bd, double[] c, int i, int j, int k, int n) {
        DoubleVector acc = DoubleVector.zero(D);
        for (int p = 0; p < k; p++) {
            acc = DoubleVector.broadcast(D, a[i * k + p]).fma(DoubleVector.fromArray(D, bd, p * n + j), acc);
        }
        acc.intoArray(c, i * n + j);
    }

    private static void scalarColumns(double[] a, double[] b, double[] c, int i, int k, int n, int from) {
        for (int j = from; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) {
                s = Math.fma(a[i * k + p], b[p * n + j], s);
            }
            c[i * n + j] = s;
        }
    }

    static {
        // Touch the operator class so a missing incubator module fails here, with its own message.
        VectorOperators.ADD.name();
    }
}
