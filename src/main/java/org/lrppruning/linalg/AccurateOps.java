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
        transB(widen(a, m * k), widened(b), bias == null ? null : widen(bias, n), c, null, m, k, n);
    }

    /** C[m×n] = A[m×k]·B[n×k]ᵀ (+ bias[n] when non-null) in float64, in the order of the float32 variant. */
    public static void mulTransB(double[] a, double[] b, double[] bias, double[] c, int m, int k, int n) {
        transB(a, b, bias, null, c, m, k, n);
    }

    /** The product of both variants, stored into cf (rounded) or cd. */
    private static void transB(double[] ad, double[] bd, double[] bias, float[] cf, double[] cd, int m, int k,
                               int n) {
        int kv = k - k % L;
        double[] lanes = new double[L];
        double[] tile = new double[16];
        int m4 = m - m % 4;
        // Blocks of 64 rows of B (512 KB at k = 1000) stay in L2 while every block of A rows passes.
        for (int jb = 0; jb < n; jb += 64) {
            int je = Math.min(n, jb + 64);
            int j4 = jb + (je - jb) - (je - jb) % 4;
            for (int i = 0; i < m4; i += 4) {
                for (int j = jb; j < j4; j += 4) {
                    tile4x4(ad, bd, bias, tile, i, j, k, kv, lanes);
                    for (int r = 0; r < 4; r++) {
                        for (int q = 0; q < 4; q++) {
                            store(cf, cd, (i + r) * n + j + q, tile[r * 4 + q]);
                        }
                    }
                }
                for (int j = j4; j < je; j++) {
                    for (int r = 0; r < 4; r++) {
                        store(cf, cd, (i + r) * n + j, single(ad, bd, bias, i + r, j, k, kv, lanes));
                    }
                }
            }
            for (int i = m4; i < m; i++) {
                for (int j = jb; j < je; j++) {
                    store(cf, cd, i * n + j, single(ad, bd, bias, i, j, k, kv, lanes));
                }
            }
        }
    }

    private static void store(float[] cf, double[] cd, int at, double v) {
        if (cf != null) {
            cf[at] = (float) v;
        } else {
            cd[at] = v;
        }
    }

    /** A 4 × 4 block of C into t (row-major 4×4); sixteen accumulators in locals (an array of vectors would live on the heap). */
    private static void tile4x4(double[] a, double[] b, double[] bias, double[] t, int i, int j, int k, int kv,
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
        t[0] = finish(lanes, a, b, bias, i + 0, j + 0, k, kv);
        s01.intoArray(lanes, 0);
        t[1] = finish(lanes, a, b, bias, i + 0, j + 1, k, kv);
        s02.intoArray(lanes, 0);
        t[2] = finish(lanes, a, b, bias, i + 0, j + 2, k, kv);
        s03.intoArray(lanes, 0);
        t[3] = finish(lanes, a, b, bias, i + 0, j + 3, k, kv);
        s10.intoArray(lanes, 0);
        t[4] = finish(lanes, a, b, bias, i + 1, j + 0, k, kv);
        s11.intoArray(lanes, 0);
        t[5] = finish(lanes, a, b, bias, i + 1, j + 1, k, kv);
        s12.intoArray(lanes, 0);
        t[6] = finish(lanes, a, b, bias, i + 1, j + 2, k, kv);
        s13.intoArray(lanes, 0);
        t[7] = finish(lanes, a, b, bias, i + 1, j + 3, k, kv);
        s20.intoArray(lanes, 0);
        t[8] = finish(lanes, a, b, bias, i + 2, j + 0, k, kv);
        s21.intoArray(lanes, 0);
        t[9] = finish(lanes, a, b, bias, i + 2, j + 1, k, kv);
        s22.intoArray(lanes, 0);
        t[10] = finish(lanes, a, b, bias, i + 2, j + 2, k, kv);
        s23.intoArray(lanes, 0);
        t[11] = finish(lanes, a, b, bias, i + 2, j + 3, k, kv);
        s30.intoArray(lanes, 0);
        t[12] = finish(lanes, a, b, bias, i + 3, j + 0, k, kv);
        s31.intoArray(lanes, 0);
        t[13] = finish(lanes, a, b, bias, i + 3, j + 1, k, kv);
        s32.intoArray(lanes, 0);
        t[14] = finish(lanes, a, b, bias, i + 3, j + 2, k, kv);
        s33.intoArray(lanes, 0);
        t[15] = finish(lanes, a, b, bias, i + 3, j + 3, k, kv);
    }

    private static double single(double[] a, double[] b, double[] bias, int i, int j, int k, int kv, double[] lanes) {
        DoubleVector acc = DoubleVector.zero(D);
        for (int p = 0; p < kv; p += L) {
            acc = DoubleVector.fromArray(D, a, i * k + p).fma(DoubleVector.fromArray(D, b, j * k + p), acc);
        }
        acc.intoArray(lanes, 0);
        return finish(lanes, a, b, bias, i, j, k, kv);
    }

    /** Lanes in order, then the tail in order, then the bias. */
    private static double finish(double[] lanes, double[] a, double[] b, double[] bias, int i, int j, int k, int kv) {
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
        int nv = n - n % L;
        int m4 = m - m % 4;
        // Column strips outside, row blocks inside: a strip of B (k × L doubles) stays in cache
        // while every block of rows streams past it.
        for (int j = 0; j < nv; j += L) {
            for (int i = 0; i < m4; i += 4) {
                DoubleVector c0 = DoubleVector.zero(D);
                DoubleVector c1 = DoubleVector.zero(D);
                DoubleVector c2 = DoubleVector.zero(D);
                DoubleVector c3 = DoubleVector.zero(D);
                int a0 = i * k;
                for (int p = 0; p < k; p++) {
                    DoubleVector y = DoubleVector.fromArray(D, bd, p * n + j);
                    c0 = DoubleVector.broadcast(D, a[a0 + p]).fma(y, c0);
                    c1 = DoubleVector.broadcast(D, a[a0 + k + p]).fma(y, c1);
                    c2 = DoubleVector.broadcast(D, a[a0 + 2 * k + p]).fma(y, c2);
                    c3 = DoubleVector.broadcast(D, a[a0 + 3 * k + p]).fma(y, c3);
                }
                c0.intoArray(c, i * n + j);
                c1.intoArray(c, (i + 1) * n + j);
                c2.intoArray(c, (i + 2) * n + j);
                c3.intoArray(c, (i + 3) * n + j);
            }
            for (int i = m4; i < m; i++) {
                DoubleVector acc = DoubleVector.zero(D);
                for (int p = 0; p < k; p++) {
                    acc = DoubleVector.broadcast(D, a[i * k + p]).fma(DoubleVector.fromArray(D, bd, p * n + j), acc);
                }
                acc.intoArray(c, i * n + j);
            }
        }
        for (int i = 0; i < m; i++) {
            scalarColumns(a, bd, c, i, k, n, nv);
        }
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
