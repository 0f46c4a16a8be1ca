package org.lrppruning.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·Bᵀ (+ bias) as {@link MatOps#mulTransB}, leaving out the inner indices p where column p of A is
 * zero in every row. Each output is then MatOps' fma chain without its exact-zero terms, and
 * fma(±0, b, s) = s for a finite b since s is never −0 (it starts at +0), so the bits are those of the
 * full product; 0 · ∞ is NaN, so a B that is not finite keeps every index. Rows that lie close together
 * after a ReLU (a tile of a decision grid, a group of neighbouring points) share most of their zeros.
 * {@link #mulTiles} leaves out the zero columns of every {@value #TILE} rows on their own.
 */
public final class ZeroSkip {
    private ZeroSkip() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows per tile of {@link #mulTiles}: the rows that share one list of nonzero columns. */
    public static final int TILE = 6;
    /** Columns per strip of {@link #mulTiles} (two vectors); B's rows are padded to a multiple of it. */
    public static final int STRIP = 2 * L;

    /**
     * C[m×n] = A[m×k] · B[n×k]ᵀ (+ bias[n]) over the columns of A that are nonzero in some row;
     * {@code finiteB} must say whether every value of B is finite ({@link #finite}). Writes c only.
     */
    public static void mulTransB(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n,
                                 boolean finiteB, int threads) {
        if (!finiteB || k == 0) {
            MatOps.mulTransB(a, b, bias, c, m, k, n, threads);
            return;
        }
        // |x| summed per column: 0 only when the column is ±0 in every row (NaN and overflow stay nonzero);
        // plain loops over arrays, which the JIT vectorises
        float[] mass = new float[k];
        for (int r = 0; r < m; r++) {
            int row = r * k;
            for (int q = 0; q < k; q++) {
                mass[q] += Math.abs(a[row + q]);
            }
        }
        int[] kept = new int[k];
        int count = 0;
        for (int q = 0; q < k; q++) {
            if (mass[q] != 0f) {
                kept[count++] = q;
            }
        }
        // a quarter left out at least, or the copies cost more than they save
        if (count == k || count > k - k / 4) {
            MatOps.mulTransB(a, b, bias, c, m, k, n, threads);
            return;
        }
        MatOps.mulTransB(gatherColumns(a, m, k, kept, count), gatherColumns(b, n, k, kept, count), bias, c, m,
                count, n, threads);
    }

    /**
     * The row length of the B of {@link #mulTiles}: n rounded up to an odd number of {@link #STRIP}s
     * (an even one would map a strip's rows onto half of the cache's sets).
     */
    public static int padded(int n) {
        int strips = (n + STRIP - 1) / STRIP;
        return (strips | 1) * STRIP;
    }

    /**
     * C[m×n] = A[m×k] · B[k×n] (+ bias[n]) with B stored k-major in rows of {@code ldb} values
     * ({@link #padded}(n); any values beyond n), leaving out per tile of {@value #TILE} rows the columns of A that are zero in
     * every row of the tile; {@code finiteB} must say whether every value of B is finite (if not,
     * nothing is left out). Each output is MatOps' fma chain in increasing p without exact-zero terms,
     * then the bias: the bits of {@link MatOps#mulTransB} with Bᵀ. Single-threaded; writes c only.
     *
     * <p>B is read in place, a strip of {@value #STRIP} columns at a time for all tiles (the strip of
     * k rows stays in cache), so leaving out columns costs no copy of B; only each tile's nonzero
     * columns of A are gathered, column-major, for broadcasting.
     */
    public static void mulTiles(float[] a, int m, int k, float[] b, int ldb, int n, float[] bias, boolean finiteB,
                                float[] c) {
        if (ldb % STRIP != 0 || ldb < n || b.length < k * ldb) {
            throw new IllegalArgumentException("B must be " + k + " rows of a multiple of " + STRIP + " values, at least "
                    + n + ", as padded(n); holds " + b.length + " values in rows of " + ldb);
        }
        int tiles = (m + TILE - 1) / TILE;
        int[][] cols = new int[tiles][];
        float[][] at = new float[tiles][];
        for (int t = 0; t < tiles; t++) {
            int r0 = t * TILE;
            int rows = Math.min(TILE, m - r0);
            int[] kept = nonzeroColumns(a, r0, rows, k, finiteB);
            float[] g = new float[kept.length * TILE]; // column-major; rows past m stay zero
            for (int r = 0; r < rows; r++) {
                int row = (r0 + r) * k;
                for (int q = 0; q < kept.length; q++) {
                    g[q * TILE + r] = a[row + kept[q]];
                }
            }
            cols[t] = kept;
            at[t] = g;
        }
        float[] pb = new float[ldb];
        if (bias != null) {
            System.arraycopy(bias, 0, pb, 0, n);
        }
        float[] out = new float[TILE * STRIP];
        for (int j0 = 0; j0 < n; j0 += STRIP) {
            for (int t = 0; t < tiles; t++) {
                strip(at[t], cols[t], b, ldb, j0, out);
                int r0 = t * TILE;
                int rows = Math.min(TILE, m - r0);
                int width = Math.min(STRIP, n - j0);
                for (int r = 0; r < rows; r++) {
                    int o = (r0 + r) * n + j0;
                    if (bias == null) {
                        System.arraycopy(out, r * STRIP, c, o, width);
                    } else {
                        for (int j = 0; j < width; j++) {
                            c[o + j] = out[r * STRIP + j] + pb[j0 + j];
                        }
                    }
                }
            }
        }
    }

    /** Columns of rows r0..r0+rows of the m × k matrix a that are nonzero in some row (all when skip is false). */
    private static int[] nonzeroColumns(float[] a, int r0, int rows, int k, boolean skip) {
        int[] kept = new int[k];
        int count = 0;
        if (!skip) {
            for (int q = 0; q < k; q++) {
                kept[q] = q;
            }
            return kept;
        }
        for (int q = 0; q < k; q++) {
            // |x| summed: 0 only when the column is ±0 in every row (NaN and overflow stay nonzero)
            float mass = 0f;
            for (int r = 0; r < rows; r++) {
                mass += Math.abs(a[(r0 + r) * k + q]);
            }
            if (mass != 0f) {
                kept[count++] = q;
            }
        }
        return java.util.Arrays.copyOf(kept, count);
    }

    /**
     * out[TILE × STRIP] = the fma chains over the tile's columns: Σ_q at[q][r] · b[cols[q]][j0 ..], each
     * from +0 in increasing q.
     */
    private static void strip(float[] at, int[] cols, float[] b, int ldb, int j0, float[] out) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int q = 0; q < cols.length; q++) {
            int bo = cols[q] * ldb + j0;
            FloatVector y0 = FloatVector.fromArray(S, b, bo);
            FloatVector y1 = FloatVector.fromArray(S, b, bo + L);
            int ao = q * TILE;
            FloatVector x = FloatVector.broadcast(S, at[ao]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = FloatVector.broadcast(S, at[ao + 1]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = FloatVector.broadcast(S, at[ao + 2]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = FloatVector.broadcast(S, at[ao + 3]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            x = FloatVector.broadcast(S, at[ao + 4]);
            c40 = x.fma(y0, c40);
            c41 = x.fma(y1, c41);
            x = FloatVector.broadcast(S, at[ao + 5]);
            c50 = x.fma(y0, c50);
            c51 = x.fma(y1, c51);
        }
        c00.intoArray(out, 0);
        c01.intoArray(out, L);
        c10.intoArray(out, STRIP);
        c11.intoArray(out, STRIP + L);
        c20.intoArray(out, 2 * STRIP);
        c21.intoArray(out, 2 * STRIP + L);
        c30.intoArray(out, 3 * STRIP);
        c31.intoArray(out, 3 * STRIP + L);
        c40.intoArray(out, 4 * STRIP);
        c41.intoArray(out, 4 * STRIP + L);
        c50.intoArray(out, 5 * STRIP);
        c51.intoArray(out, 5 * STRIP + L);
    }

    /** Whether every value is finite: x · 0 is 0 for finite x, NaN for an infinity or a NaN. */
    public static boolean finite(float[] v) {
        float s = 0f;
        for (float x : v) {
            s += x * 0f;
        }
        return s == 0f;
    }

    /** Columns {@code cols[0..count)} of the rows × k matrix m, in that order. */
    private static float[] gatherColumns(float[] m, int rows, int k, int[] cols, int count) {
        float[] g = new float[rows * count];
        for (int r = 0; r < rows; r++) {
            int from = r * k;
            int to = r * count;
            for (int c = 0; c < count; c++) {
                g[to + c] = m[from + cols[c]];
            }
        }
        return g;
    }
}
