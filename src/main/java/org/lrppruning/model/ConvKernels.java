package org.lrppruning.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lrppruning.linalg.Parallel;

/**
 * Direct (im2col-free) kernels of a dense convolution (groups 1) for {@link Conv2d#affine} in float32 and float64
 * and, at stride 1, for {@link Conv2d#transpose64} (in float32 MatOps' transposed product measured faster). Each
 * sample is copied once into zero-padded planes; a register tile of {@value #P32} positions × {@value #V32} vectors
 * of channels in float32, {@value #P} × {@value #V} in float64 (the lanes along the output channels: filters for
 * the map, input channels for its transpose) runs its fma chains straight from them, with the weights in a panel,
 * entry by entry with the channels contiguous. The entries and their order are those of the im2col products of
 * {@link Conv2d}: the map sums W[f, c, i, j]·x over the taps (c, i, j) in order from +0, then adds the bias; the
 * transpose sums, for each tap (i, j) in order, W[f, c, i, j]·q over the filters in order from +0 and adds these
 * sums in tap order to +0. The padding's zeros enter the map's chains as im2col's do; in the transpose they stand
 * for the taps that fall outside, which add nothing while the weights are finite (checked). So every output has the
 * bits of the MatOps / AccurateOps path, for any thread count (samples are split over threads whole).
 */
final class ConvKernels {
    private ConvKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Positions per tile and vectors of channels per tile, float64. */
    static final int P = 3;
    static final int V = 4;
    /**
     * Positions per tile and vectors of channels per tile, float32: 6 × 2 needs two weight loads and six broadcasts
     * per twelve fmas (3 × 4: four and three; the accumulators and live vectors fit 16 registers either way). With
     * the packed epsilon transposes, the whole {@code scores -c lrp} run of the fixture CNN was 1.05× faster
     * (bench/paired-runs.sh, 8 pairs, 7 faster; docs/performance.md).
     */
    static final int P32 = 6;
    static final int V32 = 2;
    /** Positions per band of the float32 map (a multiple of P32). */
    private static final int BAND = 32 * P32;
    /** Weights of one panel at most (bytes): the panel of a block of channels stays in L2 while the tiles pass. */
    private static final long PANEL_BYTES = 256 * 1024;
    /** Vectors of channels per block the float32 budget counts (the blocks before the tiles of 6 × 2; suitsAffine). */
    private static final int BUDGET_VECTORS32 = 4;

    /** Channels per block: V vectors (float32: V32). */
    private static int block(boolean doubles) {
        return doubles ? V * D.length() : V32 * F.length();
    }

    /**
     * Whether the map of a dense convolution with this fan-in runs here (its panel fits the cache budget). In float32
     * the budget is counted for blocks of four vectors (32 channels on AVX2) as before the tiles of 6 × 16: with 16,
     * resnet18's 256 → 256 at 14 × 14 (fan-in 2304) would come here, and bench/conv-layers.sh ran it in 122–129 ms
     * against MatOps' 66–134 (two alternating runs on a drifting machine).
     */
    static boolean suitsAffine(int groups, int fanIn, boolean doubles) {
        long bytesPerEntry = doubles ? block(true) * 8L : BUDGET_VECTORS32 * F.length() * 4L;
        return groups == 1 && fanIn * bytesPerEntry <= PANEL_BYTES;
    }

    /**
     * Whether the transpose runs here: groups 1, stride 1, padding below the kernel (so that the taps that fall
     * outside land in the padded quotient), a panel within budget.
     */
    static boolean suitsTranspose(int groups, int out, Window w, boolean doubles) {
        return groups == 1 && w.sh() == 1 && w.sw() == 1 && w.ph() < w.kh() && w.pw() < w.kw()
                && (long) out * w.kh() * w.kw() * block(doubles) * (doubles ? 8 : 4) <= PANEL_BYTES;
    }

    /** The sizes of one call: input planes (channels × h × w) read through a padding of (padH, padW). */
    private record Planes(int channels, int h, int w, int padH, int padW) {
        int hp() {
            return h + 2 * padH;
        }

        int wp() {
            return w + 2 * padW;
        }

        int plane() {
            return hp() * wp();
        }

        int size() {
            return channels * plane();
        }

        /** Sample s of src (channels × h × w each) into dst, zero-padded (dst's padding is zero already). */
        void pad(float[] src, int s, float[] dst) {
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(src, ((s * channels + c) * h + r) * w, dst, c * plane() + (r + padH) * wp() + padW, w);
                }
            }
        }

        void pad(double[] src, int s, double[] dst) {
            for (int c = 0; c < channels; c++) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(src, ((s * channels + c) * h + r) * w, dst, c * plane() + (r + padH) * wp() + padW, w);
                }
            }
        }
    }

    /**
     * One call's layout: per entry its offset in the padded planes (from a position's base) and per output position
     * its base; the panel holds, block by block of channels, entry by entry, the block's weights (zero past the last
     * channel).
     */
    private record Layout(int[] offset, int[] base, int entries, int channels, int positions) {
    }

    /** The map's layout: entries (c, i, j) in order, positions (oy, ox) row-major. */
    private static Layout affineLayout(int in, int out, Window win, Planes pl, int oh, int ow) {
        int taps = win.kh() * win.kw();
        int[] offset = new int[in * taps];
        for (int c = 0; c < in; c++) {
            for (int i = 0; i < win.kh(); i++) {
                for (int j = 0; j < win.kw(); j++) {
                    offset[c * taps + i * win.kw() + j] = c * pl.plane() + i * pl.wp() + j;
                }
            }
        }
        int[] base = new int[oh * ow];
        for (int a = 0; a < oh; a++) {
            for (int b = 0; b < ow; b++) {
                base[a * ow + b] = a * win.sh() * pl.wp() + b * win.sw();
            }
        }
        return new Layout(offset, base, in * taps, out, oh * ow);
    }

    /**
     * The transpose's layout (stride 1): entries (i, j, f) in order; the quotient's planes padded by (kh − 1 − ph,
     * kw − 1 − pw), so that input position (y, x) finds q[f, y + ph − i, x + pw − j] at its base plus the offset.
     */
    private static Layout transposeLayout(int in, int out, Window win, Planes pl, int h, int w) {
        int taps = win.kh() * win.kw();
        int[] offset = new int[taps * out];
        for (int i = 0; i < win.kh(); i++) {
            for (int j = 0; j < win.kw(); j++) {
                for (int f = 0; f < out; f++) {
                    offset[(i * win.kw() + j) * out + f] = f * pl.plane() + (win.ph() + pl.padH() - i) * pl.wp()
                            + win.pw() + pl.padW() - j;
                }
            }
        }
        int[] base = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                base[y * w + x] = y * pl.wp() + x;
            }
        }
        return new Layout(offset, base, taps * out, in, h * w);
    }

    // ------------------------------------------------------------------ float32

    /** y (n × out × oh × ow, NCHW) = the convolution of x (n × in × h × w) with w (out × in × kh × kw), plus b (may be null). */
    static void affine(float[] x, float[] w, float[] b, float[] y, int n, int in, int h, int wd, int out, Window win,
                       int threads) {
        Planes pl = new Planes(in, h, wd, win.ph(), win.pw());
        Layout lay = affineLayout(in, out, win, pl, win.outH(h), win.outW(wd));
        int k = lay.entries();
        int fb = block(false);
        float[] panel = panel(w, affinePanel(k, out, fb));
        int stride = (out + fb - 1) / fb * fb;
        // the positions' bases up to a whole last tile, which repeats the last position in the rows past the end
        // (each row's chains are its own: the others' bits do not change)
        int[] bases = new int[(lay.positions() + P32 - 1) / P32 * P32];
        for (int p = 0; p < bases.length; p++) {
            bases[p] = lay.base()[Math.min(p, lay.positions() - 1)];
        }
        Parallel.range(n, threads, 1, (s0, s1) -> {
            float[] xp = new float[pl.size()];
            float[] tile = new float[bases.length * stride];
            for (int s = s0; s < s1; s++) {
                pl.pad(x, s, xp);
                run(xp, lay, bases, panel, k, tile, stride, y, s, b);
            }
        });
    }

    /**
     * gx (n × in × h × w) = the transpose of the stride-1 convolution with w (out × in × kh × kw) applied to q
     * (n × out × oh × ow), in float64; w must be finite. (In float32 MatOps' transposed product measured faster.)
     */
    static void transpose(double[] q, double[] w, double[] gx, int n, int in, int h, int wd, int out, Window win,
                          int threads) {
        Planes pl = new Planes(out, win.outH(h), win.outW(wd), win.kh() - 1 - win.ph(), win.kw() - 1 - win.pw());
        Layout lay = transposeLayout(in, out, win, pl, h, wd);
        double[] panel = panel(w, transposePanel(in, out, win.kh() * win.kw(), block(true)));
        Parallel.range(n, threads, 1, (s0, s1) -> {
            double[] qp = new double[pl.size()];
            double[] tile = new double[P * block(true)];
            double[] sum = new double[P * block(true)];
            for (int s = s0; s < s1; s++) {
                pl.pad(q, s, qp);
                run(qp, lay, panel, out, lay.entries(), tile, sum, gx, s, null);
            }
        });
    }

    /**
     * All tiles of one sample's planes xp: per block of channels and tile of positions (bases padded to whole tiles)
     * one fma chain over the k entries into {@code tile} (positions × channels, a row of {@code stride} per position),
     * then the sample's NCHW output y is read from it channel by channel, plus the bias (null: none).
     */
    private static void run(float[] xp, Layout lay, int[] bases, float[] panel, int k, float[] tile, int stride,
                            float[] y, int s, float[] bias) {
        int fb = block(false);
        int blocks = stride / fb;
        int positions = lay.positions();
        // bands of positions, each band's planes read by every block while they are in cache (a large sample's
        // planes exceed L2); within a band, a block's panel stays in L1 while the tiles pass
        for (int band = 0; band < positions; band += BAND) {
            int end = Math.min(positions, band + BAND);
            for (int blk = 0; blk < blocks; blk++) {
                for (int p0 = band; p0 < end; p0 += P32) {
                    tile6(xp, bases, p0, lay.offset(), k, panel, blk * k * fb, tile, p0 * stride + blk * fb, stride);
                }
            }
        }
        for (int c = 0; c < lay.channels(); c++) {
            int at = (s * lay.channels() + c) * positions;
            if (bias == null) {
                for (int p = 0; p < positions; p++) {
                    y[at + p] = tile[p * stride + c];
                }
            } else {
                float bc = bias[c];
                for (int p = 0; p < positions; p++) {
                    y[at + p] = tile[p * stride + c] + bc;
                }
            }
        }
    }

    /**
     * Where each slot of the map's panel comes from: slot (block, t, lane) holds W[f, t] of filter f = block·fb + lane
     * (index f·k + t), −1 (zero) past the last filter.
     */
    private static int[] affinePanel(int k, int out, int fb) {
        int[] src = new int[(out + fb - 1) / fb * k * fb];
        java.util.Arrays.fill(src, -1);
        for (int f = 0; f < out; f++) {
            for (int t = 0; t < k; t++) {
                src[(f / fb * k + t) * fb + f % fb] = f * k + t;
            }
        }
        return src;
    }

    /** The transpose's panel: slot (block, (tap, f), lane) holds W[f, c, tap] of input channel c = block·fb + lane. */
    private static int[] transposePanel(int in, int out, int taps, int fb) {
        int k = taps * out;
        int[] src = new int[(in + fb - 1) / fb * k * fb];
        java.util.Arrays.fill(src, -1);
        for (int f = 0; f < out; f++) {
            for (int c = 0; c < in; c++) {
                for (int t = 0; t < taps; t++) {
                    src[(c / fb * k + t * out + f) * fb + c % fb] = (f * in + c) * taps + t;
                }
            }
        }
        return src;
    }

    private static float[] panel(float[] w, int[] src) {
        float[] panel = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            panel[i] = src[i] < 0 ? 0f : w[src[i]];
        }
        return panel;
    }

    private static double[] panel(double[] w, int[] src) {
        double[] panel = new double[src.length];
        for (int i = 0; i < src.length; i++) {
            panel[i] = src[i] < 0 ? 0.0 : w[src[i]];
        }
        return panel;
    }

    /**
     * P32 = 6 positions (bases b[p0..p0 + 5]) × V32 = 2 vectors of channels: the fma chains over the k entries from
     * +0, into tile from {@code to}, a row of {@code stride} per position.
     */
    private static void tile6(float[] xp, int[] b, int p0, int[] off, int k, float[] panel, int po, float[] tile,
                              int to, int stride) {
        int L = F.length();
        FloatVector z = FloatVector.zero(F);
        FloatVector a0 = z, a1 = z, c0 = z, c1 = z, d0 = z, d1 = z, e0 = z, e1 = z, f0 = z, f1 = z, g0 = z, g1 = z;
        int b0 = b[p0], b1 = b[p0 + 1], b2 = b[p0 + 2], b3 = b[p0 + 3], b4 = b[p0 + 4], b5 = b[p0 + 5];
        for (int e = 0, q = po; e < k; e++, q += 2 * L) {
            // two weight vectors, then one broadcast at a time: 12 accumulators + 3 live vectors fit 16 registers
            int o = off[e];
            FloatVector w0 = FloatVector.fromArray(F, panel, q);
            FloatVector w1 = FloatVector.fromArray(F, panel, q + L);
            FloatVector x = FloatVector.broadcast(F, xp[b0 + o]);
            a0 = x.fma(w0, a0);
            a1 = x.fma(w1, a1);
            x = FloatVector.broadcast(F, xp[b1 + o]);
            c0 = x.fma(w0, c0);
            c1 = x.fma(w1, c1);
            x = FloatVector.broadcast(F, xp[b2 + o]);
            d0 = x.fma(w0, d0);
            d1 = x.fma(w1, d1);
            x = FloatVector.broadcast(F, xp[b3 + o]);
            e0 = x.fma(w0, e0);
            e1 = x.fma(w1, e1);
            x = FloatVector.broadcast(F, xp[b4 + o]);
            f0 = x.fma(w0, f0);
            f1 = x.fma(w1, f1);
            x = FloatVector.broadcast(F, xp[b5 + o]);
            g0 = x.fma(w0, g0);
            g1 = x.fma(w1, g1);
        }
        a0.intoArray(tile, to);
        a1.intoArray(tile, to + L);
        c0.intoArray(tile, to + stride);
        c1.intoArray(tile, to + stride + L);
        d0.intoArray(tile, to + 2 * stride);
        d1.intoArray(tile, to + 2 * stride + L);
        e0.intoArray(tile, to + 3 * stride);
        e1.intoArray(tile, to + 3 * stride + L);
        f0.intoArray(tile, to + 4 * stride);
        f1.intoArray(tile, to + 4 * stride + L);
        g0.intoArray(tile, to + 5 * stride);
        g1.intoArray(tile, to + 5 * stride + L);
    }

    // ------------------------------------------------------------------ float64

    /** {@link #affine} in float64. */
    static void affine(double[] x, double[] w, double[] b, double[] y, int n, int in, int h, int wd, int out,
                       Window win, int threads) {
        Planes pl = new Planes(in, h, wd, win.ph(), win.pw());
        Layout lay = affineLayout(in, out, win, pl, win.outH(h), win.outW(wd));
        int k = lay.entries();
        double[] panel = panel(w, affinePanel(k, out, block(true)));
        Parallel.range(n, threads, 1, (s0, s1) -> {
            double[] xp = new double[pl.size()];
            double[] tile = new double[P * block(true)];
            for (int s = s0; s < s1; s++) {
                pl.pad(x, s, xp);
                run(xp, lay, panel, 0, k, tile, null, y, s, b);
            }
        });
    }

    /**
     * The float32 {@link #run(float[], Layout, int[], float[], int, float[], int, float[], int, float[])} in float64
     * (tiles of P × V), with chains of {@code chain} entries (0: one chain over all k), each chain's sums added to the
     * tile's running sum from +0 (with one chain the result is that chain as it is).
     */
    private static void run(double[] xp, Layout lay, double[] panel, int chain, int k, double[] tile, double[] sum,
                            double[] y, int s, double[] bias) {
        int fb = block(true);
        int L = D.length();
        int blocks = (lay.channels() + fb - 1) / fb;
        int len = chain == 0 ? k : chain;
        int[] base = lay.base();
        for (int blk = 0; blk < blocks; blk++) {
            int po = blk * k * fb;
            for (int p0 = 0; p0 < lay.positions(); p0 += P) {
                int rows = Math.min(P, lay.positions() - p0);
                if (sum != null) {
                    java.util.Arrays.fill(sum, 0.0);
                }
                for (int e0 = 0; e0 < k; e0 += len) {
                    if (rows == P) {
                        tile3(xp, base[p0], base[p0 + 1], base[p0 + 2], lay.offset(), e0, e0 + len, panel, po, tile);
                    } else {
                        for (int r = 0; r < rows; r++) {
                            tile1(xp, base[p0 + r], lay.offset(), e0, e0 + len, panel, po, tile, r * fb);
                        }
                    }
                    if (sum != null) {
                        for (int i = 0; i < rows * fb; i += L) {
                            DoubleVector.fromArray(D, sum, i).add(DoubleVector.fromArray(D, tile, i)).intoArray(sum, i);
                        }
                    }
                }
                double[] result = sum != null ? sum : tile;
                int channels = Math.min(fb, lay.channels() - blk * fb);
                for (int c = 0; c < channels; c++) {
                    int ch = blk * fb + c;
                    int at = (s * lay.channels() + ch) * lay.positions() + p0;
                    for (int r = 0; r < rows; r++) {
                        double v = result[r * fb + c];
                        y[at + r] = bias == null ? v : v + bias[ch];
                    }
                }
            }
        }
    }

    /** P = 3 positions × V = 4 vectors of channels of float64: the fma chains over entries [e0, e1) from +0. */
    private static void tile3(double[] xp, int b0, int b1, int b2, int[] off, int e0, int e1, double[] panel, int po,
                              double[] tile) {
        int L = D.length();
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        for (int e = e0, q = po + e0 * 4 * L; e < e1; e++, q += 4 * L) {
            // three broadcasts, then one weight vector at a time: 12 accumulators + 4 live vectors fit 16 registers
            int o = off[e];
            DoubleVector x0 = DoubleVector.broadcast(D, xp[b0 + o]);
            DoubleVector x1 = DoubleVector.broadcast(D, xp[b1 + o]);
            DoubleVector x2 = DoubleVector.broadcast(D, xp[b2 + o]);
            DoubleVector w = DoubleVector.fromArray(D, panel, q);
            a0 = x0.fma(w, a0);
            c0 = x1.fma(w, c0);
            d0 = x2.fma(w, d0);
            w = DoubleVector.fromArray(D, panel, q + L);
            a1 = x0.fma(w, a1);
            c1 = x1.fma(w, c1);
            d1 = x2.fma(w, d1);
            w = DoubleVector.fromArray(D, panel, q + 2 * L);
            a2 = x0.fma(w, a2);
            c2 = x1.fma(w, c2);
            d2 = x2.fma(w, d2);
            w = DoubleVector.fromArray(D, panel, q + 3 * L);
            a3 = x0.fma(w, a3);
            c3 = x1.fma(w, c3);
            d3 = x2.fma(w, d3);
        }
        a0.intoArray(tile, 0);
        a1.intoArray(tile, L);
        a2.intoArray(tile, 2 * L);
        a3.intoArray(tile, 3 * L);
        c0.intoArray(tile, 4 * L);
        c1.intoArray(tile, 5 * L);
        c2.intoArray(tile, 6 * L);
        c3.intoArray(tile, 7 * L);
        d0.intoArray(tile, 8 * L);
        d1.intoArray(tile, 9 * L);
        d2.intoArray(tile, 10 * L);
        d3.intoArray(tile, 11 * L);
    }

    /** One position of the float64 tile3, into tile at {@code to}. */
    private static void tile1(double[] xp, int b0, int[] off, int e0, int e1, double[] panel, int po, double[] tile,
                              int to) {
        int L = D.length();
        DoubleVector a0 = DoubleVector.zero(D);
        DoubleVector a1 = a0, a2 = a0, a3 = a0;
        for (int e = e0, q = po + e0 * 4 * L; e < e1; e++, q += 4 * L) {
            DoubleVector x = DoubleVector.broadcast(D, xp[b0 + off[e]]);
            a0 = x.fma(DoubleVector.fromArray(D, panel, q), a0);
            a1 = x.fma(DoubleVector.fromArray(D, panel, q + L), a1);
            a2 = x.fma(DoubleVector.fromArray(D, panel, q + 2 * L), a2);
            a3 = x.fma(DoubleVector.fromArray(D, panel, q + 3 * L), a3);
        }
        a0.intoArray(tile, to);
        a1.intoArray(tile, to + L);
        a2.intoArray(tile, to + 2 * L);
        a3.intoArray(tile, to + 3 * L);
    }
}
