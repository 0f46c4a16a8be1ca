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
    /** Columns per strip of {@link #mulTiles} (two vectors): the width of one panel of B. */
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
        int[] kept = nonzeroColumns(a, 0, m, k, true, new float[k]);
        int count = kept.length;
        // a quarter left out at least, or the copies cost more than they save
        if (count == k || count > k - k / 4) {
            MatOps.mulTransB(a, b, bias, c, m, k, n, threads);
            return;
        }
        MatOps.mulTransB(gatherColumns(a, m, k, kept, count), gatherColumns(b, n, k, kept, count), bias, c, m,
                count, n, threads);
    }

    /** Strips of {@link #STRIP} columns that hold n columns. */
    public static int strips(int n) {
        return (n + STRIP - 1) / STRIP;
    }

    /**
     * Where B[p][j] (k × n) lies in the panels {@link #mulTiles} reads: one panel of k rows of
     * {@link #STRIP} values per strip of columns, {@code strips(n) · k · STRIP} values in all (zero past n).
     */
    public static int panelIndex(int k, int p, int j) {
        return ((j / STRIP) * k + p) * STRIP + j % STRIP;
    }

    /** Depth of one pass of {@link #mulTiles} over B: a panel's block of KC rows is 16 KB, it stays in L1. */
    static final int KC = 256;

    /**
     * C[m×n] = A[m×k] · B[k×n] (+ bias[n]) with B in panels ({@link #panelIndex}), leaving out per tile
     * of {@value #TILE} rows the columns of A that are zero in every row of the tile; {@code finiteB}
     * must say whether every value of B is finite (if not, nothing is left out). Each output is
     * MatOps' fma chain in increasing p without exact-zero terms, then the bias: the bits of
     * {@link MatOps#mulTransB} with Bᵀ. Single-threaded; writes c only.
     *
     * <p>B is read in place: for each block of {@link #KC} rows and each panel, every tile runs its
     * chains on over its own columns in that block (the block of the panel stays in cache, the
     * accumulators are stored between blocks, which changes nothing), so leaving out columns costs no
     * copy of B; only each tile's nonzero columns of A are gathered, column-major, for broadcasting.
     */
    public static void mulTiles(float[] a, int m, int k, float[] b, int n, float[] bias, boolean finiteB,
                                float[] c) {
        int strips = strips(n);
        if (b.length < strips * k * STRIP) {
            throw new IllegalArgumentException("B of " + k + " x " + n + " needs " + strips * k * STRIP
                    + " values in panels, holds " + b.length);
        }
        int tiles = (m + TILE - 1) / TILE;
        float[] mass = new float[k];
        int[][] cols = new int[tiles][];
        float[][] at = new float[tiles][];
        for (int t = 0; t < tiles; t++) {
            int r0 = t * TILE;
            int rows = Math.min(TILE, m - r0);
            int[] kept = nonzeroColumns(a, r0, rows, k, finiteB, mass);
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
        // accumulators per tile and strip, from +0 (the chains' start)
        float[] acc = new float[tiles * strips * TILE * STRIP];
        int[] from = new int[tiles];
        int[] to = new int[tiles];
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            for (int t = 0; t < tiles; t++) {
                from[t] = to[t];
                int q = from[t];
                while (q < cols[t].length && cols[t][q] < p1) {
                    q++;
                }
                to[t] = q;
            }
            for (int sp = 0; sp < strips; sp++) {
                for (int t = 0; t < tiles; t++) {
                    if (to[t] > from[t]) {
                        strip(at[t], cols[t], from[t], to[t], b, sp * k * STRIP, acc, (t * strips + sp) * TILE * STRIP);
                    }
                }
            }
        }
        for (int t = 0; t < tiles; t++) {
            int r0 = t * TILE;
            int rows = Math.min(TILE, m - r0);
            for (int sp = 0; sp < strips; sp++) {
                int j0 = sp * STRIP;
                int width = Math.min(STRIP, n - j0);
                int o = (t * strips + sp) * TILE * STRIP;
                for (int r = 0; r < rows; r++) {
                    int out = (r0 + r) * n + j0;
                    if (bias == null) {
                        System.arraycopy(acc, o + r * STRIP, c, out, width);
                    } else {
                        for (int j = 0; j < width; j++) {
                            c[out + j] = acc[o + r * STRIP + j] + bias[j0 + j];
                        }
                    }
                }
            }
        }
    }

    /** Columns of rows r0..r0+rows of the m × k matrix a that are nonzero in some row (all when skip is false). */
    private static int[] nonzeroColumns(float[] a, int r0, int rows, int k, boolean skip, float[] mass) {
        int[] kept = new int[k];
        int count = 0;
        if (!skip) {
            for (int q = 0; q < k; q++) {
                kept[q] = q;
            }
            return kept;
        }
        columnMass(a, r0, rows, k, mass);
        for (int q = 0; q < k; q++) {
            if (mass[q] != 0f) {
                kept[count++] = q;
            }
        }
        return java.util.Arrays.copyOf(kept, count);
    }

    /**
     * mass[q] = Σ |a[r][q]| over rows r0..r0+rows: 0 only when column q is ±0 in every row (NaN and
     * overflow stay nonzero); plain loops along the rows, which the JIT vectorises.
     */
    private static void columnMass(float[] a, int r0, int rows, int k, float[] mass) {
        java.util.Arrays.fill(mass, 0, k, 0f);
        for (int r = r0; r < r0 + rows; r++) {
            int row = r * k;
            for (int q = 0; q < k; q++) {
                mass[q] += Math.abs(a[row + q]);
            }
        }
    }

    /**
     * acc[ao .. ao + TILE·STRIP) (TILE rows of one strip) carried on over the tile's columns q0..q1:
     * acc[r] = fma(at[q][r], B[cols[q]][strip], acc[r]) in increasing q, B's panel starting at bo.
     */
    private static void strip(float[] at, int[] cols, int q0, int q1, float[] b, int bo, float[] acc, int ao) {
        FloatVector c00 = FloatVector.fromArray(S, acc, ao);
        FloatVector c01 = FloatVector.fromArray(S, acc, ao + L);
        FloatVector c10 = FloatVector.fromArray(S, acc, ao + STRIP);
        FloatVector c11 = FloatVector.fromArray(S, acc, ao + STRIP + L);
        FloatVector c20 = FloatVector.fromArray(S, acc, ao + 2 * STRIP);
        FloatVector c21 = FloatVector.fromArray(S, acc, ao + 2 * STRIP + L);
        FloatVector c30 = FloatVector.fromArray(S, acc, ao + 3 * STRIP);
        FloatVector c31 = FloatVector.fromArray(S, acc, ao + 3 * STRIP + L);
        FloatVector c40 = FloatVector.fromArray(S, acc, ao + 4 * STRIP);
        FloatVector c41 = FloatVector.fromArray(S, acc, ao + 4 * STRIP + L);
        FloatVector c50 = FloatVector.fromArray(S, acc, ao + 5 * STRIP);
        FloatVector c51 = FloatVector.fromArray(S, acc, ao + 5 * STRIP + L);
        for (int q = q0; q < q1; q++) {
            int off = bo + cols[q] * STRIP;
            FloatVector y0 = FloatVector.fromArray(S, b, off);
            FloatVector y1 = FloatVector.fromArray(S, b, off + L);
            int x0 = q * TILE;
            FloatVector x = FloatVector.broadcast(S, at[x0]);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            x = FloatVector.broadcast(S, at[x0 + 1]);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            x = FloatVector.broadcast(S, at[x0 + 2]);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            x = FloatVector.broadcast(S, at[x0 + 3]);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            x = FloatVector.broadcast(S, at[x0 + 4]);
            c40 = x.fma(y0, c40);
            c41 = x.fma(y1, c41);
            x = FloatVector.broadcast(S, at[x0 + 5]);
            c50 = x.fma(y0, c50);
            c51 = x.fma(y1, c51);
        }
        c00.intoArray(acc, ao);
        c01.intoArray(acc, ao + L);
        c10.intoArray(acc, ao + STRIP);
        c11.intoArray(acc, ao + STRIP + L);
        c20.intoArray(acc, ao + 2 * STRIP);
        c21.intoArray(acc, ao + 2 * STRIP + L);
        c30.intoArray(acc, ao + 3 * STRIP);
        c31.intoArray(acc, ao + 3 * STRIP + L);
        c40.intoArray(acc, ao + 4 * STRIP);
        c41.intoArray(acc, ao + 4 * STRIP + L);
        c50.intoArray(acc, ao + 5 * STRIP);
        c51.intoArray(acc, ao + 5 * STRIP + L);
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
