package org.lrppruning.linalg;


import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense float32 matrix products over row-major arrays: the kernels every layer, criterion and
 * LRP rule runs on. Arrays may be longer than needed; only their prefix is used.
 *
 * <p><b>Reduction order (the determinism contract).</b> Every output element is one
 * fused-multiply-add chain over k in increasing index order, then the bias:
 * <pre>
 *   s = +0.0f
 *   for p = 0, 1, ..., k-1:  s = fma(x_p, y_p, s)      // Math.fma: one rounding per step
 *   C[i][j] = bias == null ? s : s + bias[j]           // one float addition
 * </pre>
 * where (x_p, y_p) are the two factors of term p of that element. The order depends only on k:
 * not on m or n, on the element's position, on the tile, tail or thread that computes it. So a
 * product gives the same bits for every {@code threads}, and a sub-block of rows computed alone
 * equals the same rows inside the full product. (Cache blocking over k stores the float
 * accumulator between blocks and reloads it, which changes nothing.)
 *
 * <p>Implementation: GotoBLAS-style packing into panels and a {@value #MR}×(2 vectors) register
 * tile driven by the Vector API (one species, {@code SPECIES_PREFERRED}). Outputs at most one
 * vector wide (the output layer, n = K) read the rows of A in place with the lanes along n; other
 * outputs narrower than a tile are computed transposed so the lanes run along m. Each calling
 * thread keeps about 2 MB of packing buffers. {@code threads > 1} splits the output into
 * contiguous blocks of whole tiles, two per thread, which the caller and the shared pool of
 * {@link Parallel} take in turn.
 */
public final class MatOps {
    private MatOps() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Register tile: MR rows (broadcast side) × NR columns (two vectors). */
    private static final int MR = 6;
    private static final int NR = 2 * L;
    /** Cache blocks: KC deep, MC rows of the left operand, NC columns of the right operand. */
    private static final int KC = 256;
    private static final int MC = 20 * MR;
    private static final int NC = 64 * NR;
    /**
     * Thin outputs (n ≤ THIN) run their lanes along n, THIN_ROWS rows at a time. They use the same
     * species as everything else: a second species in the same JVM pollutes the type profiles of
     * the Vector API's shared call sites and C2 then fails to intrinsify other kernels.
     */
    private static final int THIN = L;
    private static final int THIN_ROWS = 8;

    // ---------------------------------------------------------------- public API

    /** C[m×n] = A[m×k] · B[n×k]ᵀ (+ bias[n] when bias is non-null). Writes c only. */
    public static void mulTransB(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n) {
        mulTransB(a, b, bias, c, m, k, n, 1);
    }

    /**
     * C[m×n] = A[m×k] · B[n×k]ᵀ (+ bias[n] when bias is non-null), with the output split over
     * {@code threads} threads. Writes c only; bit-identical for every thread count.
     */
    public static void mulTransB(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n,
                                 int threads) {
        check(m, k, n, threads);
        product(new View(a, 0, k, 1), new View(b, 0, 1, k), bias, c, m, k, n, threads);
    }

    /** C[m×n] = A[m×k] · B[k×n]. Writes c only. */
    public static void mul(float[] a, float[] b, float[] c, int m, int k, int n) {
        mul(a, b, c, m, k, n, 1);
    }

    /** C[m×n] = A[m×k] · B[k×n], output split over {@code threads} threads. Writes c only. */
    public static void mul(float[] a, float[] b, float[] c, int m, int k, int n, int threads) {
        check(m, k, n, threads);
        product(new View(a, 0, k, 1), new View(b, 0, n, 1), null, c, m, k, n, threads);
    }

    /** C[m×n] = A[k×m]ᵀ · B[k×n]. Writes c only. */
    public static void mulTransA(float[] a, float[] b, float[] c, int k, int m, int n) {
        mulTransA(a, b, c, k, m, n, 1);
    }

    /** C[m×n] = A[k×m]ᵀ · B[k×n], output split over {@code threads} threads. Writes c only. */
    public static void mulTransA(float[] a, float[] b, float[] c, int k, int m, int n, int threads) {
        check(m, k, n, threads);
        product(new View(a, 0, 1, m), new View(b, 0, n, 1), null, c, m, k, n, threads);
    }

    /**
     * C[m×n] = A[m×k] · B[n×k]ᵀ for a long k (weight gradients: k = samples × positions), reading the rows
     * of A and B in place, without packing. Its own reduction order, not {@link #mulTransB}'s: element (i, j)
     * is the sum of L lane chains, lane l one fma chain over p = l, l + L, l + 2L, ... below the last multiple
     * of L (in order), the lanes added pairwise ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)), then the remaining
     * p in order as fma steps on that sum. The order depends on k only: the bits are the same for every
     * {@code threads} and for any block of outputs. Writes c only.
     */
    public static void dots(float[] a, float[] b, float[] c, int m, int k, int n, int threads) {
        check(m, k, n, threads);
        int rowTiles = (m + DOT_ROWS - 1) / DOT_ROWS;
        int colTiles = (n + DOT_COLS - 1) / DOT_COLS;
        int bound = S.loopBound(k);
        Parallel.range(rowTiles * colTiles, threads, 1, (t0, t1) -> {
            float[] lanes = new float[L];
            // lane accumulators of every full tile, carried from one block of p to the next: the rows' blocks
            // then stay in the cache while all tiles use them (the chains are the same as in one sweep)
            float[] acc = new float[(t1 - t0) * DOT_ROWS * DOT_COLS * L];
            for (int p0 = 0; p0 < bound; p0 += DOT_DEPTH) {
                int p1 = Math.min(bound, p0 + DOT_DEPTH);
                for (int t = t0; t < t1; t++) {
                    int i0 = t / colTiles * DOT_ROWS;
                    int j0 = t % colTiles * DOT_COLS;
                    if (i0 + DOT_ROWS <= m && j0 + DOT_COLS <= n) {
                        dotTile(a, b, acc, (t - t0) * DOT_ROWS * DOT_COLS * L, i0, j0, k, p0, p1);
                    }
                }
            }
            for (int t = t0; t < t1; t++) {
                int i0 = t / colTiles * DOT_ROWS;
                int j0 = t % colTiles * DOT_COLS;
                if (i0 + DOT_ROWS <= m && j0 + DOT_COLS <= n) {
                    int base = (t - t0) * DOT_ROWS * DOT_COLS * L;
                    for (int r = 0; r < DOT_ROWS; r++) {
                        for (int q = 0; q < DOT_COLS; q++) {
                            FloatVector v = FloatVector.fromArray(S, acc, base + (r * DOT_COLS + q) * L);
                            c[(i0 + r) * n + j0 + q] = finish(v, a, (i0 + r) * k, b, (j0 + q) * k, bound, k, lanes);
                        }
                    }
                } else {
                    for (int i = i0; i < Math.min(m, i0 + DOT_ROWS); i++) {
                        for (int j = j0; j < Math.min(n, j0 + DOT_COLS); j++) {
                            c[i * n + j] = dot(a, i * k, b, j * k, k, lanes);
                        }
                    }
                }
            }
        });
    }

    /** Depth of one block of p in {@link #dots} (a multiple of every lane count): 2 KB of each row. */
    private static final int DOT_DEPTH = 512;

    /** Rows of A and of B per register tile of {@link #dots}. */
    private static final int DOT_ROWS = 4;
    private static final int DOT_COLS = 3;

    /** The fixed-order sum of the lanes of v, pairwise; then the tail p in [bound, k) as fma steps. */
    private static float finish(FloatVector v, float[] a, int ao, float[] b, int bo, int bound, int k, float[] lanes) {
        v.intoArray(lanes, 0);
        for (int w = L; w > 1; w /= 2) {
            for (int l = 0; l < w / 2; l++) {
                lanes[l] = lanes[2 * l] + lanes[2 * l + 1];
            }
        }
        float s = lanes[0];
        for (int p = bound; p < k; p++) {
            s = Math.fma(a[ao + p], b[bo + p], s);
        }
        return s;
    }

    /** One element of {@link #dots}. */
    private static float dot(float[] a, int ao, float[] b, int bo, int k, float[] lanes) {
        int bound = S.loopBound(k);
        FloatVector v = FloatVector.zero(S);
        for (int p = 0; p < bound; p += L) {
            v = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), v);
        }
        return finish(v, a, ao, b, bo, bound, k, lanes);
    }

    /**
     * A DOT_ROWS × DOT_COLS tile of {@link #dots} at (i0, j0) over p in [p0, p1): its twelve lane accumulators
     * loaded from acc (at o, tile-row-major; zero for p0 = 0), the fma steps, stored back.
     */
    private static void dotTile(float[] a, float[] b, float[] acc, int o, int i0, int j0, int k, int p0, int p1) {
        int a0 = i0 * k;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        int b0 = j0 * k;
        int b1 = b0 + k;
        int b2 = b1 + k;
        FloatVector c00 = FloatVector.fromArray(S, acc, o);
        FloatVector c01 = FloatVector.fromArray(S, acc, o + L);
        FloatVector c02 = FloatVector.fromArray(S, acc, o + 2 * L);
        FloatVector c10 = FloatVector.fromArray(S, acc, o + 3 * L);
        FloatVector c11 = FloatVector.fromArray(S, acc, o + 4 * L);
        FloatVector c12 = FloatVector.fromArray(S, acc, o + 5 * L);
        FloatVector c20 = FloatVector.fromArray(S, acc, o + 6 * L);
        FloatVector c21 = FloatVector.fromArray(S, acc, o + 7 * L);
        FloatVector c22 = FloatVector.fromArray(S, acc, o + 8 * L);
        FloatVector c30 = FloatVector.fromArray(S, acc, o + 9 * L);
        FloatVector c31 = FloatVector.fromArray(S, acc, o + 10 * L);
        FloatVector c32 = FloatVector.fromArray(S, acc, o + 11 * L);
        for (int p = p0; p < p1; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            x = FloatVector.fromArray(S, a, a1 + p);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            x = FloatVector.fromArray(S, a, a2 + p);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            x = FloatVector.fromArray(S, a, a3 + p);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
        }
        c00.intoArray(acc, o);
        c01.intoArray(acc, o + L);
        c02.intoArray(acc, o + 2 * L);
        c10.intoArray(acc, o + 3 * L);
        c11.intoArray(acc, o + 4 * L);
        c12.intoArray(acc, o + 5 * L);
        c20.intoArray(acc, o + 6 * L);
        c21.intoArray(acc, o + 7 * L);
        c22.intoArray(acc, o + 8 * L);
        c30.intoArray(acc, o + 9 * L);
        c31.intoArray(acc, o + 10 * L);
        c32.intoArray(acc, o + 11 * L);
    }

    // ---------------------------------------------------------------- driver

    /** Element (r, c) of a strided matrix is data[off + r·rs + c·cs]. */
    private record View(float[] data, int off, int rs, int cs) {
        float get(int r, int c) {
            return data[off + r * rs + c * cs];
        }

        View transpose() {
            return new View(data, off, cs, rs);
        }

        View shift(int r, int c) {
            return new View(data, off + r * rs + c * cs, rs, cs);
        }
    }

    private static void check(int m, int k, int n, int threads) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + " k=" + k + " n=" + n);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
    }

    /**
     * C = X·Y (+ bias along columns) for X(i,p) = left, Y(p,j) = right. A thin output is
     * computed as Cᵀ = Yᵀ·Xᵀ, so the vector lanes run along the long side; each element's
     * fma chain is the same either way. Outputs at most {@value #THIN} wide with rows of X
     * contiguous (the output layer) skip packing X altogether, see {@link #thin}.
     */
    private static void product(View left, View right, float[] bias, float[] c, int m, int k, int n,
                                int threads) {
        if (m == 0 || n == 0) {
            return;
        }
        if (n <= THIN && left.cs == 1) {
            thin(left, right, bias, c, m, k, n, threads);
            return;
        }
        View out = new View(c, 0, n, 1);
        View biasView = bias == null ? null : new View(bias, 0, 0, 1);
        if (n < NR && m > n) {
            split(right.transpose(), left.transpose(), biasView == null ? null : biasView.transpose(),
                    out.transpose(), n, k, m, threads);
        } else {
            split(left, right, biasView, out, m, k, n, threads);
        }
    }

    /** Splits the output into disjoint blocks of whole tiles, one per thread. */
    private static void split(View left, View right, View bias, View out, int m, int k, int n,
                              int threads) {
        int rowTiles = (m + MR - 1) / MR;
        int colTiles = (n + NR - 1) / NR;
        boolean byRows = rowTiles >= colTiles;
        int tiles = byRows ? rowTiles : colTiles;
        if (Math.min(threads, tiles) <= 1) {
            block(left, right, bias, out, m, k, n);
            return;
        }
        // one part per thread: each part packs the whole shared operand again, and with two parts per thread (so that a
        // held-back thread leaves work to the other) training mult took 70.6 s instead of 56.7 s on an idle 2-core EPYC
        Parallel.parts(tiles, threads, threads, (from, to) -> {
            if (byRows) {
                int r0 = from * MR;
                int r1 = Math.min(m, to * MR);
                block(left.shift(r0, 0), right, bias == null ? null : bias.shift(r0, 0), out.shift(r0, 0), r1 - r0, k, n);
            } else {
                int c0 = from * NR;
                int c1 = Math.min(n, to * NR);
                block(left, right.shift(0, c0), bias == null ? null : bias.shift(0, c0), out.shift(0, c0), m, k, c1 - c0);
            }
        });
    }

    /** Packing buffers and a scratch tile, one set per calling thread. */
    private static final class Buffers {
        final float[] left = new float[MC * KC];
        final float[] right = new float[NC * KC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Single-threaded out = left·right (+ bias) over an m×n block. */
    private static void block(View left, View right, View bias, View out, int m, int k, int n) {
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    out.data[out.off + i * out.rs + j * out.cs] = bias == null ? 0f : 0f + bias.get(i, j);
                }
            }
            return;
        }
        Buffers buf = BUFFERS.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean first = pc == 0;
                View lastBias = pc + kc == k ? bias : null;
                packRight(right, pc, kc, jc, nc, buf.right, 0, NR);
                depthBlock(buf, left, buf.right, 0, out, m, pc, kc, jc, nc, first, lastBias);
            }
        }
    }

    /**
     * One block of depth [pc, pc + kc) of out's columns [jc, jc + nc), whose right operand is packed in {@code right}
     * from {@code ro} (panel of columns jr at ro + jr·kc): the left operand packed block by block of rows, then the
     * register tiles.
     */
    private static void depthBlock(Buffers buf, View left, float[] right, int ro, View out, int m, int pc, int kc,
                                   int jc, int nc, boolean first, View bias) {
        for (int ic = 0; ic < m; ic += MC) {
            int mc = Math.min(MC, m - ic);
            packLeft(left, ic, mc, pc, kc, buf.left);
            for (int jr = 0; jr < nc; jr += NR) {
                for (int ir = 0; ir < mc; ir += MR) {
                    tile(buf, right, ir * kc, ro + jr * kc, kc, out, ic + ir, jc + jr,
                            Math.min(MR, mc - ir), Math.min(NR, nc - jr), first, bias);
                }
            }
        }
    }

    /**
     * One MR×NR tile of out at (i0, j0): full tiles with unit column stride go straight to out,
     * anything else (tails, transposed output, bias along rows) through a scratch tile.
     */
    private static void tile(Buffers buf, float[] right, int lo, int ro, int kc, View out, int i0, int j0,
                             int rows, int cols, boolean first, View bias) {
        boolean rowBias = bias == null || (bias.rs == 0 && bias.cs == 1);
        if (rows == MR && cols == NR && out.cs == 1 && rowBias) {
            kernel(buf.left, lo, right, ro, kc, out.data, out.off + i0 * out.rs + j0, out.rs,
                    !first, bias == null ? null : bias.data, bias == null ? 0 : bias.off + j0);
            return;
        }
        float[] t = buf.tile;
        if (!first) {
            for (int r = 0; r < rows; r++) {
                for (int cc = 0; cc < cols; cc++) {
                    t[r * NR + cc] = out.get(i0 + r, j0 + cc);
                }
            }
        }
        kernel(buf.left, lo, right, ro, kc, t, 0, NR, !first, null, 0);
        for (int r = 0; r < rows; r++) {
            for (int cc = 0; cc < cols; cc++) {
                float s = t[r * NR + cc];
                out.data[out.off + (i0 + r) * out.rs + (j0 + cc) * out.cs] =
                        bias == null ? s : s + bias.get(i0 + r, j0 + cc);
            }
        }
    }

    // ---------------------------------------------------------------- a right operand packed once

    /**
     * A right operand B (k×n) packed once into the register tile's column panels, for many products with the same B
     * (Winograd's transformed filters meet every block of tiles): block of depth pc, panel of columns j at
     * {@code pc·npad + j·kc}, where npad is n rounded up to whole panels.
     */
    public static final class PackedRight {
        private final float[] data;
        private final int k;
        private final int n;
        private final int npad;

        private PackedRight(float[] data, int k, int n, int npad) {
            this.data = data;
            this.k = k;
            this.n = n;
            this.npad = npad;
        }

        /** Rows of B (the products' depth). */
        public int k() {
            return k;
        }

        /** Columns of B (the products' output width). */
        public int n() {
            return n;
        }
    }

    /** B[k×n] (row-major from {@code off}) packed for {@link #mul(float[], int, PackedRight, float[], int, int)}. */
    public static PackedRight packRight(float[] b, int off, int k, int n) {
        return packRight(new View(b, off, n, 1), k, n);
    }

    /** Bᵀ packed as {@link #packRight} packs B, for B[n×k] row-major (a Linear's weights for its forward products). */
    public static PackedRight packRightTransposed(float[] b, int k, int n) {
        return packRight(new View(b, 0, 1, k), k, n);
    }

    private static PackedRight packRight(View right, int k, int n) {
        check(1, k, n, 1);
        int npad = (n + NR - 1) / NR * NR;
        float[] data = new float[Math.max(1, k) * npad];
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packRight(right, pc, kc, 0, n, data, pc * npad, NR);
        }
        return new PackedRight(data, k, n, npad);
    }

    /**
     * C[m×n] (row-major from {@code cOff}) = A[m×k] (row-major from {@code aOff}) · B, on the calling thread, with the
     * bits of {@link #mul(float[], float[], float[], int, int, int)} of the same operands (the same fma chains).
     */
    public static void mul(float[] a, int aOff, PackedRight b, float[] c, int cOff, int m) {
        int k = b.k;
        int n = b.n;
        check(m, k, n, 1);
        if (m == 0 || n == 0) {
            return;
        }
        View left = new View(a, aOff, k, 1);
        View out = new View(c, cOff, n, 1);
        if (k == 0) {
            block(left, new View(new float[0], 0, n, 1), null, out, m, 0, n);
            return;
        }
        Buffers buf = BUFFERS.get();
        for (int pc = 0; pc < k; pc += KC) {
            depthBlock(buf, left, b.data, pc * b.npad, out, m, pc, Math.min(KC, k - pc), 0, n, pc == 0, null);
        }
    }

    // ---------------------------------------------------------------- thin outputs

    /**
     * C = X·Y (+ bias) for n ≤ THIN with rows of X contiguous: Y is packed once into k×THIN and
     * each row of X is read in place, so the long side is never transposed.
     */
    private static void thin(View left, View right, float[] bias, float[] c, int m, int k, int n,
                             int threads) {
        float[] y = new float[k * THIN];
        packRight(right, 0, k, 0, n, y, 0, THIN);
        float[] paddedBias = padded(bias, n);
        int groups = (m + THIN_ROWS - 1) / THIN_ROWS;
        Parallel.parts(groups, 2L * threads, threads,
                (g0, g1) -> thinRows(left, y, paddedBias, c, g0 * THIN_ROWS, Math.min(m, g1 * THIN_ROWS), k, n));
    }

    /** bias[0..n) zero-padded to one vector; null stays null (adding +0 would turn -0 into +0). */
    private static float[] padded(float[] bias, int n) {
        if (bias == null) {
            return null;
        }
        float[] out = new float[THIN];
        System.arraycopy(bias, 0, out, 0, n);
        return out;
    }

    /** Rows r0..r1 of the thin product: THIN_ROWS independent fma chains at a time, then single rows. */
    private static void thinRows(View x, float[] y, float[] bias, float[] c, int r0, int r1, int k, int n) {
        float[] a = x.data;
        int lda = x.rs;
        int i = r0;
        for (; i + THIN_ROWS <= r1; i += THIN_ROWS) {
            int a0 = x.off + i * lda;
            int a1 = a0 + lda;
            int a2 = a1 + lda;
            int a3 = a2 + lda;
            int a4 = a3 + lda;
            int a5 = a4 + lda;
            int a6 = a5 + lda;
            int a7 = a6 + lda;
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int p = 0; p < k; p++) {
                FloatVector yp = FloatVector.fromArray(S, y, p * THIN);
                s0 = FloatVector.broadcast(S, a[a0 + p]).fma(yp, s0);
                s1 = FloatVector.broadcast(S, a[a1 + p]).fma(yp, s1);
                s2 = FloatVector.broadcast(S, a[a2 + p]).fma(yp, s2);
                s3 = FloatVector.broadcast(S, a[a3 + p]).fma(yp, s3);
                s4 = FloatVector.broadcast(S, a[a4 + p]).fma(yp, s4);
                s5 = FloatVector.broadcast(S, a[a5 + p]).fma(yp, s5);
                s6 = FloatVector.broadcast(S, a[a6 + p]).fma(yp, s6);
                s7 = FloatVector.broadcast(S, a[a7 + p]).fma(yp, s7);
            }
            thinStore(s0, bias, c, i * n, n);
            thinStore(s1, bias, c, (i + 1) * n, n);
            thinStore(s2, bias, c, (i + 2) * n, n);
            thinStore(s3, bias, c, (i + 3) * n, n);
            thinStore(s4, bias, c, (i + 4) * n, n);
            thinStore(s5, bias, c, (i + 5) * n, n);
            thinStore(s6, bias, c, (i + 6) * n, n);
            thinStore(s7, bias, c, (i + 7) * n, n);
        }
        for (; i < r1; i++) {
            int a0 = x.off + i * lda;
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < k; p++) {
                s0 = FloatVector.broadcast(S, a[a0 + p]).fma(FloatVector.fromArray(S, y, p * THIN), s0);
            }
            thinStore(s0, bias, c, i * n, n);
        }
    }

    /** c[off..off+n) = s (+ bias), lane by lane. */
    private static void thinStore(FloatVector s, float[] bias, float[] c, int off, int n) {
        if (bias != null) {
            s = s.add(FloatVector.fromArray(S, bias, 0));
        }
        if (n == THIN) {
            s.intoArray(c, off);
        } else {
            for (int j = 0; j < n; j++) {
                c[off + j] = s.lane(j);
            }
        }
    }

    // ---------------------------------------------------------------- packing

    /**
     * Packs rows i0..i0+mc, depth p0..p0+kc of x into MR-row panels, dst[panel][p][r], zero-padded.
     * Every operand here is contiguous along one of its two axes; the loops follow that axis.
     */
    private static void packLeft(View x, int i0, int mc, int p0, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int src = x.off + (i0 + ir) * x.rs + p0 * x.cs;
            if (x.cs == 1) {
                transposeInto(x.data, src, x.rs, rows, kc, dst, ir * kc, MR);
            } else {
                copyInto(x.data, src, x.cs, rows, kc, dst, ir * kc, MR);
            }
        }
    }

    /**
     * Packs depth p0..p0+kc, columns j0..j0+nc of y into panels of {@code width} columns from dst[to]:
     * dst[panel][p][c], zero-padded.
     */
    private static void packRight(View y, int p0, int kc, int j0, int nc, float[] dst, int to, int width) {
        for (int jr = 0; jr < nc; jr += width) {
            int cols = Math.min(width, nc - jr);
            int src = y.off + p0 * y.rs + (j0 + jr) * y.cs;
            if (y.cs == 1) {
                copyInto(y.data, src, y.rs, cols, kc, dst, to + jr * kc, width);
            } else {
                transposeInto(y.data, src, y.cs, cols, kc, dst, to + jr * kc, width);
            }
        }
    }

    /** dst[to + p·width + w] = src[from + p·stride + w] for w < count, 0 for count ≤ w < width. */
    private static void copyInto(float[] src, int from, int stride, int count, int kc, float[] dst, int to,
                                 int width) {
        if (count == NR && width == NR) {
            for (int p = 0; p < kc; p++) {
                int s = from + p * stride;
                int t = to + p * NR;
                FloatVector.fromArray(S, src, s).intoArray(dst, t);
                FloatVector.fromArray(S, src, s + L).intoArray(dst, t + L);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int s = from + p * stride;
            int t = to + p * width;
            for (int w = 0; w < count; w++) {
                dst[t + w] = src[s + w];
            }
            for (int w = count; w < width; w++) {
                dst[t + w] = 0f;
            }
        }
    }

    /** dst[to + p·width + w] = src[from + w·stride + p] for w < count, 0 for count ≤ w < width. */
    private static void transposeInto(float[] src, int from, int stride, int count, int kc, float[] dst,
                                      int to, int width) {
        if (count == width) {
            // a whole panel: the destination row by row (contiguous stores), its values from `width` source rows read
            // side by side; column by column the stores went one cache line apart and ran several times slower
            for (int p = 0; p < kc; p++) {
                int t = to + p * width;
                int s = from + p;
                for (int w = 0; w < width; w++) {
                    dst[t + w] = src[s + w * stride];
                }
            }
            return;
        }
        for (int w = 0; w < width; w++) {
            int t = to + w;
            if (w < count) {
                int s = from + w * stride;
                for (int p = 0; p < kc; p++) {
                    dst[t + p * width] = src[s + p];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    dst[t + p * width] = 0f;
                }
            }
        }
    }

    // ---------------------------------------------------------------- register tile

    /**
     * c[MR×NR at co, row stride ldc] = (load ? c : 0) + Σ_p lp[p][r]·rp[p][·] as fma chains in p
     * order, then + bias[bo..bo+NR) when bias is non-null.
     */
    private static void kernel(float[] lp, int lo, float[] rp, int ro, int kc, float[] c, int co, int ldc,
                               boolean load, float[] bias, int bo) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (load) {
            c00 = FloatVector.fromArray(S, c, co);
            c01 = FloatVector.fromArray(S, c, co + L);
            c10 = FloatVector.fromArray(S, c, co + ldc);
            c11 = FloatVector.fromArray(S, c, co + ldc + L);
            c20 = FloatVector.fromArray(S, c, co + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, co + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, co + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, co + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, co + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, co + 5 * ldc + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z;
            c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
        }
        for (int p = 0; p < kc; p++) {
            int r = ro + p * NR;
            int l = lo + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, rp, r);
            FloatVector b1 = FloatVector.fromArray(S, rp, r + L);
            FloatVector a = FloatVector.broadcast(S, lp[l]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, lp[l + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, lp[l + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, lp[l + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, lp[l + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, lp[l + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        if (bias != null) {
            FloatVector d0 = FloatVector.fromArray(S, bias, bo);
            FloatVector d1 = FloatVector.fromArray(S, bias, bo + L);
            c00 = c00.add(d0); c01 = c01.add(d1);
            c10 = c10.add(d0); c11 = c11.add(d1);
            c20 = c20.add(d0); c21 = c21.add(d1);
            c30 = c30.add(d0); c31 = c31.add(d1);
            c40 = c40.add(d0); c41 = c41.add(d1);
            c50 = c50.add(d0); c51 = c51.add(d1);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
    }
}
