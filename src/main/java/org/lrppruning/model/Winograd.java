package org.lrppruning.model;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lrppruning.linalg.MatOps;
import org.lrppruning.linalg.Parallel;
import org.lrppruning.linalg.ZeroSkip;

/**
 * Winograd's minimal filtering F(2×2, 3×3) (Lavin &amp; Gray, "Fast Algorithms for Convolutional Neural Networks",
 * CVPR 2016) for a dense 3×3 stride-1 convolution in float32: per 2×2 output tile Y = Aᵀ[Σ_c (G g_{f,c} Gᵀ) ⊙
 * (Bᵀ d_c B)]A, 16 products per tile and channel pair where the direct map takes 36. The sum over channels is 16
 * matrix products (tiles × in)·(in × out), one per entry ξ of the 4×4 transformed tile. Its transpose at stride 1 is
 * the same kind of convolution with the filters flipped and in/out swapped, so it runs here too.
 *
 * <p>Only LRP rules' modified products use it ({@link Affine#relevanceAffine}): it rounds differently from the
 * forward pass (whose bits training, pruning and the fixtures rely on), within float32's usual error of a 3×3
 * convolution. Inputs or filters with a non-finite value are left to the direct path (a tile mixes its inputs, so
 * an infinity would spread to its neighbours). Every output's arithmetic is fixed by its tile alone, so the bits
 * are the same for every thread count.
 */
final class Winograd {
    private Winograd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /**
     * Fewest channels read (the products' depth; {@link #suits} asks as many written at least): below, the transforms
     * and packing outweigh the saving.
     * Since the direct map's tiles of 6 × 16, the fixture CNN's 16 → 32 channels at 14×14 go there: the whole
     * {@code scores -c lrp} run was 1.07× faster (bench/paired-runs.sh, 8 pairs, 5 faster), and 0.97× with its
     * 32 → 64 there too (a minimum of 64).
     */
    static final int MIN_DEPTH = 32;
    /**
     * Below this many tiles × channels in × channels out a convolution stays on one thread: in one run of
     * bench/conv-layers.sh, 16 → 32 channels at 14 × 14, batch 16, took 0.9 ms on one thread and 3.4 ms split over
     * two. The bits are the same either way.
     */
    static final long ONE_THREAD_WORK = 1L << 22;
    /**
     * Bytes of transformed inputs and outputs per block of tiles, so that a block stays in the caches while its 16
     * products run (at least 120 tiles though: each block streams all 16 filter matrices once).
     */
    private static final int BLOCK_BYTES = 1 << 20;

    /**
     * Whether a convolution reading {@code depth} channels and writing {@code width} runs here: dense, 3×3, stride 1,
     * padding at most 2, enough channels (its transpose reads the convolution's outputs and writes its inputs), and
     * at least as many written as read: narrowing ones (the transposes of 16 → 32 and 32 → 64) ran 0.6–0.8× the
     * direct map's speed, widening and square ones 1.3–2.2× (bench/conv-layers.sh, one thread).
     */
    static boolean suits(int groups, int depth, int width, Window w) {
        return groups == 1 && w.kh() == 3 && w.kw() == 3 && w.sh() == 1 && w.sw() == 1
                && w.ph() <= 2 && w.pw() <= 2 && depth >= MIN_DEPTH && width >= depth;
    }

    /**
     * y (n × out × oh × ow) = the convolution of x (n × in × h × w) with w (out × in × 3 × 3, padding ph, pw) plus b
     * (may be null); null when x or w has a non-finite value (the caller then runs the direct map).
     */
    static float[] affine(float[] x, float[] w, float[] b, int n, int in, int h, int wd, int out, int ph, int pw,
                          int threads) {
        Filters u = filters(w, in, out, false);
        if (u == null) {
            return null;
        }
        return run(x, u, b, n, in, h, wd, out, ph, pw, threads);
    }

    /**
     * gx (n × in × h × w) = the transpose of that convolution applied to q (n × out × oh × ow): the convolution of q
     * with the flipped filters, in and out swapped, padding (2 − ph, 2 − pw); null when q or w is not finite.
     */
    static float[] transpose(float[] q, float[] w, int n, int in, int h, int wd, int out, int ph, int pw,
                             int threads) {
        Filters u = filters(w, in, out, true);
        if (u == null) {
            return null;
        }
        return run(q, u, null, n, out, h + 2 * ph - 2, wd + 2 * pw - 2, in, 2 - ph, 2 - pw, threads);
    }

    // ------------------------------------------------------------------ filters

    /**
     * The 16 transformed filter matrices U_ξ (channels in × out, both zero-padded to whole vectors), each packed once
     * for the products.
     */
    private record Filters(MatOps.PackedRight[] u) {
    }

    /**
     * Transformed filters by the identity of the weight array, weakly: a layer's arrays are never changed after it is
     * built (see {@link Linear}); the trainer's private copies are, but no LRP rule runs on them.
     */
    private static final Map<float[], Filters[]> FILTERS = Collections.synchronizedMap(new WeakHashMap<>());
    /** A stand-in for the filters of weights with a non-finite value (they take the direct map). */
    private static final Filters NOT_FINITE = new Filters(new MatOps.PackedRight[0]);

    /**
     * U_ξ[c][f] = (G g Gᵀ)_ξ of filter g = w[f, c] (or, flipped, of g = w[c, f] rotated by 180°, for the
     * transpose, whose channels in are the convolution's out), in float64 and rounded once; zero in the padding.
     */
    private static Filters filters(float[] w, int in, int out, boolean flipped) {
        Filters[] both = FILTERS.computeIfAbsent(w, k -> new Filters[2]);
        synchronized (both) {
            int slot = flipped ? 1 : 0;
            if (both[slot] == null && !ZeroSkip.finite(w)) {
                both[slot] = NOT_FINITE;
            }
            if (both[slot] == null) {
                int cin = whole(flipped ? out : in);
                int cout = whole(flipped ? in : out);
                float[][] u = new float[16][cin * cout];
                double[] g = new double[9];
                double[] t = new double[12];
                for (int f = 0; f < out; f++) {
                    for (int c = 0; c < in; c++) {
                        int at = (f * in + c) * 9;
                        for (int i = 0; i < 9; i++) {
                            g[i] = flipped ? w[at + 8 - i] : w[at + i];
                        }
                        // t = G g (4×3), then (G g) Gᵀ (4×4)
                        for (int j = 0; j < 3; j++) {
                            t[j] = g[j];
                            t[3 + j] = 0.5 * (g[j] + g[3 + j] + g[6 + j]);
                            t[6 + j] = 0.5 * (g[j] - g[3 + j] + g[6 + j]);
                            t[9 + j] = g[6 + j];
                        }
                        int row = flipped ? f : c;
                        int col = flipped ? c : f;
                        for (int i = 0; i < 4; i++) {
                            double a0 = t[3 * i];
                            double a1 = t[3 * i + 1];
                            double a2 = t[3 * i + 2];
                            int o = row * cout + col;
                            u[4 * i][o] = (float) a0;
                            u[4 * i + 1][o] = (float) (0.5 * (a0 + a1 + a2));
                            u[4 * i + 2][o] = (float) (0.5 * (a0 - a1 + a2));
                            u[4 * i + 3][o] = (float) a2;
                        }
                    }
                }
                MatOps.PackedRight[] packed = new MatOps.PackedRight[16];
                for (int xi = 0; xi < 16; xi++) {
                    packed[xi] = MatOps.packRight(u[xi], 0, cin, cout);
                }
                both[slot] = new Filters(packed);
            }
            return both[slot] == NOT_FINITE ? null : both[slot];
        }
    }

    /** Channels rounded up to whole vectors: the transforms then need no scalar tails. */
    private static int whole(int channels) {
        return (channels + L - 1) / L * L;
    }

    // ------------------------------------------------------------------ the convolution

    /**
     * y (n × k × oh × ow) = x (n × c × h × w) convolved at stride 1 with the filters, padding (ph, pw), plus b: the
     * input padded once into channel-last planes (channels zero-padded to whole vectors), then block by block of tiles
     * the input transform, the 16 products and the output transform; null when x holds a non-finite value.
     */
    private static float[] run(float[] x, Filters u, float[] b, int n, int c, int h, int wd, int k, int ph, int pw,
                               int threads) {
        int oh = h + 2 * ph - 2;
        int ow = wd + 2 * pw - 2;
        float[] y = new float[n * k * Math.max(0, oh) * Math.max(0, ow)];
        if (n == 0 || oh <= 0 || ow <= 0) {
            return y;
        }
        int th = (oh + 1) / 2;
        int tw = (ow + 1) / 2;
        int hp = 2 * th + 2;
        int wp = 2 * tw + 2;
        int cp = whole(c);
        int kp = whole(k);
        float[] xp = new float[n * hp * wp * cp];
        java.util.concurrent.atomic.AtomicBoolean finite = new java.util.concurrent.atomic.AtomicBoolean(true);
        int workers = (long) n * th * tw * c * k < ONE_THREAD_WORK ? 1 : threads;
        Parallel.range(n, workers, 1, (s0, s1) -> {
            float check = 0f;
            for (int s = s0; s < s1; s++) {
                // row by row, so that the channel-last row being written stays in the cache
                for (int r = 0; r < h; r++) {
                    int row = ((s * hp + r + ph) * wp + pw) * cp;
                    for (int ch = 0; ch < c; ch++) {
                        int src = ((s * c + ch) * h + r) * wd;
                        for (int col = 0; col < wd; col++) {
                            float v = x[src + col];
                            check += v - v;
                            xp[row + col * cp + ch] = v;
                        }
                    }
                }
            }
            if (check != 0f) {
                finite.set(false);
            }
        });
        if (!finite.get()) {
            return null;
        }
        int tiles = n * th * tw;
        int per = Math.max(120, Math.min(480, BLOCK_BYTES / (64 * (cp + kp)))) / 6 * 6;
        int blocks = (tiles + per - 1) / per;
        float[] bias = b == null ? null : java.util.Arrays.copyOf(b, kp);
        Geometry geo = new Geometry(cp, k, kp, th, tw, hp, wp, oh, ow);
        Parallel.range(blocks, workers, 1, (b0, b1) -> {
            float[] v = new float[16 * per * cp];
            float[] m = new float[16 * per * kp];
            float[] lanes = new float[4 * L];
            for (int blk = b0; blk < b1; blk++) {
                int t0 = blk * per;
                int cnt = Math.min(per, tiles - t0);
                for (int tt = 0; tt < cnt; tt++) {
                    geo.inputTile(xp, t0 + tt, v, tt, cnt);
                }
                for (int xi = 0; xi < 16; xi++) {
                    MatOps.mul(v, xi * cnt * cp, u.u()[xi], m, xi * cnt * kp, cnt);
                }
                for (int tt = 0; tt < cnt; tt++) {
                    geo.outputTile(m, t0 + tt, tt, cnt, bias, y, lanes);
                }
            }
        });
        return y;
    }

    /**
     * The sizes of one call: channels c in (whole vectors), k out (kp padded), th × tw tiles per sample, padded
     * planes hp × wp, output oh × ow.
     */
    private record Geometry(int c, int k, int kp, int th, int tw, int hp, int wp, int oh, int ow) {
        /**
         * V_ξ[tt][·] = (Bᵀ d B)_ξ of tile t for every channel, d the tile's 4×4 input window (channel-last, so the
         * lanes run along the channels), Bᵀ = [[1, 0, −1, 0], [0, 1, 1, 0], [0, −1, 1, 0], [0, 1, 0, −1]].
         */
        void inputTile(float[] xp, int t, float[] v, int tt, int cnt) {
            int s = t / (th * tw);
            int r = t % (th * tw);
            int row = wp * c;
            int base = ((s * hp + 2 * (r / tw)) * wp + 2 * (r % tw)) * c;
            int stride = cnt * c;
            int out = tt * c;
            for (int ch = 0; ch < c; ch += L) {
                int at = base + ch;
                for (int i = 0; i < 4; i++) {
                    // row i of Bᵀ d: d0 − d2, d1 + d2, d2 − d1, d1 − d3 (rows of d), column by column
                    int ra = at + (i == 0 ? 0 : 1) * row;
                    int rb = at + (i == 3 ? 3 : 2) * row;
                    FloatVector e0 = combine(xp, ra, rb, i);
                    FloatVector e1 = combine(xp, ra + c, rb + c, i);
                    FloatVector e2 = combine(xp, ra + 2 * c, rb + 2 * c, i);
                    FloatVector e3 = combine(xp, ra + 3 * c, rb + 3 * c, i);
                    int o = 4 * i * stride + out + ch;
                    e0.sub(e2).intoArray(v, o);
                    e1.add(e2).intoArray(v, o + stride);
                    e2.sub(e1).intoArray(v, o + 2 * stride);
                    e1.sub(e3).intoArray(v, o + 3 * stride);
                }
            }
        }

        /**
         * Tile t of y from M_ξ[tt][·] (lanes along the filters; b padded like them): Y = Aᵀ M A + b,
         * Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]], the padding's filters and the outputs past the plane's edge dropped.
         */
        void outputTile(float[] m, int t, int tt, int cnt, float[] b, float[] y, float[] lanes) {
            int s = t / (th * tw);
            int r = t % (th * tw);
            int oy = 2 * (r / tw);
            int ox = 2 * (r % tw);
            boolean down = oy + 1 < oh;
            boolean right = ox + 1 < ow;
            int plane = oh * ow;
            int first = (s * k) * plane + oy * ow + ox;
            int stride = cnt * kp;
            for (int f = 0; f < kp; f += L) {
                int at = tt * kp + f;
                // rows of Aᵀ M: m0 + m1 + m2 and m1 − m2 − m3 (rows of M), column by column
                FloatVector p0 = row0(m, at, stride, 0);
                FloatVector p1 = row0(m, at, stride, 1);
                FloatVector p2 = row0(m, at, stride, 2);
                FloatVector p3 = row0(m, at, stride, 3);
                FloatVector y00 = p0.add(p1).add(p2);
                FloatVector y01 = p1.sub(p2).sub(p3);
                FloatVector q0 = row1(m, at, stride, 0);
                FloatVector q1 = row1(m, at, stride, 1);
                FloatVector q2 = row1(m, at, stride, 2);
                FloatVector q3 = row1(m, at, stride, 3);
                FloatVector y10 = q0.add(q1).add(q2);
                FloatVector y11 = q1.sub(q2).sub(q3);
                if (b != null) {
                    FloatVector bv = FloatVector.fromArray(F, b, f);
                    y00 = y00.add(bv);
                    y01 = y01.add(bv);
                    y10 = y10.add(bv);
                    y11 = y11.add(bv);
                }
                y00.intoArray(lanes, 0);
                y01.intoArray(lanes, L);
                y10.intoArray(lanes, 2 * L);
                y11.intoArray(lanes, 3 * L);
                for (int l = 0, real = Math.min(L, k - f); l < real; l++) {
                    int o = first + (f + l) * plane;
                    y[o] = lanes[l];
                    if (right) {
                        y[o + 1] = lanes[L + l];
                    }
                    if (down) {
                        y[o + ow] = lanes[2 * L + l];
                        if (right) {
                            y[o + ow + 1] = lanes[3 * L + l];
                        }
                    }
                }
            }
        }
    }

    /** Row i of Bᵀ d at one column from rows a = d_{0 or 1} and b = d_{2 or 3}: a − b (i = 0, 3: d0 − d2, d1 − d3), a + b (1), b − a (2). */
    private static FloatVector combine(float[] xp, int ra, int rb, int i) {
        FloatVector a = FloatVector.fromArray(F, xp, ra);
        FloatVector b = FloatVector.fromArray(F, xp, rb);
        return i == 1 ? a.add(b) : i == 2 ? b.sub(a) : a.sub(b);
    }

    /** Column j of row 0 of Aᵀ M: M_{0j} + M_{1j} + M_{2j}. */
    private static FloatVector row0(float[] m, int at, int stride, int j) {
        return FloatVector.fromArray(F, m, j * stride + at)
                .add(FloatVector.fromArray(F, m, (4 + j) * stride + at))
                .add(FloatVector.fromArray(F, m, (8 + j) * stride + at));
    }

    /** Column j of row 1 of Aᵀ M: M_{1j} − M_{2j} − M_{3j}. */
    private static FloatVector row1(float[] m, int at, int stride, int j) {
        return FloatVector.fromArray(F, m, (4 + j) * stride + at)
                .sub(FloatVector.fromArray(F, m, (8 + j) * stride + at))
                .sub(FloatVector.fromArray(F, m, (12 + j) * stride + at));
    }
}
