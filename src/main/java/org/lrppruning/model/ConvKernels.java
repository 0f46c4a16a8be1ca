package org.lrppruning.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lrppruning.linalg.Parallel;

/**
 * Direct (im2col-free) kernels of a dense convolution (groups 1) for {@link Conv2d#affine} in float32 and float64
 * and, at stride 1, for {@link Conv2d#transpose64} (in float32 MatOps' transposed product measured faster). Each sample is copied once into zero-padded planes; a register
 * tile of {@value #P} positions × {@value #V} vectors of channels (the lanes along the output channels: filters for
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
    /** Positions per tile and vectors of channels per tile. */
    static final int P = 3;
    static final int V = 4;
    /** Weights of one panel at most (bytes): the panel of a block of channels stays in L2 while the tiles pass. */
    private static final long PANEL_BYTES = 256 * 1024;

    /** Channels per block: V vectors. */
    private static int block(boolean doubles) {
        return V * (doubles ? D.length() : F.length());
    }

    /** Whether the map of a dense convolution with this fan-in runs here (its panel fits the cache budget). */
    static boolean suitsAffine(int groups, int fanIn, boolean doubles) {
        return groups == 1 && (long) fanIn * block(doubles) * (doubles ? 8 : 4) <= PANEL_BYTES;
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
        float[] panel = panel(w, affinePanel(k, out, block(false)));
        Parallel.range(n, threads, 1, (s0, s1) -> {
            float[] xp = new float[pl.size()];
            float[] tile = new float[P * block(false)];
            for (int s = s0; s < s1; s++) {
                pl.pad(x, s, xp);
                run(xp, lay, panel, k, tile, y, s, b);
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
     * All tiles of one sample's planes xp: per block of channels and tile of positions one fma chain over the k
     * entries, plus the bias (null: none), into sample s of the NCHW output y.
     */
    private static void run(float[] xp, Layout lay, float[] panel, int k, float[] tile, float[] y, int s,
                            float[] bias) {
        int fb = block(false);
        int blocks = (lay.channels() + fb - 1) / fb;
        int[] base = lay.base();
        for (int blk = 0; blk < blocks; blk++) {
            int po = blk * k * fb;
            for (int p0 = 0; p0 < lay.positions(); p0 += P) {
                int rows = Math.min(P, lay.positions() - p0);
                if (rows == P) {
                    tile3(xp, base[p0], base[p0 + 1], base[p0 + 2], lay.offset(), 0, k, panel, po, tile);
                } else {
                    for (int r = 0; r < rows; r++) {
                        tile1(xp, base[p0 + r], lay.offset(), 0, k, panel, po, tile, r * fb);
                    }
                }
                int channels = Math.min(fb, lay.channels() - blk * fb);
                for (int c = 0; c < channels; c++) {
                    int ch = blk * fb + c;
                    int at = (s * lay.channels() + ch) * lay.positions() + p0;
                    for (int r = 0; r < rows; r++) {
                        float v = tile[r * fb + c];
                        y[at + r] = bias == null ? v : v + bias[ch];
                    }
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
     * P = 3 positions (bases b0, b1, b2) × V = 4 vectors of channels: the fma chains over entries [e0, e1) from +0,
     * into tile (position-major, a block of channels per position).
     */
    private static void tile3(float[] xp, int b0, int b1, int b2, int[] off, int e0, int e1, float[] panel, int po,
                              float[] tile) {
        int L = F.length();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0, a2 = a0, a3 = a0, c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        for (int e = e0, q = po + e0 * 4 * L; e < e1; e++, q += 4 * L) {
            // three broadcasts, then one weight vector at a time: 12 accumulators + 4 live vectors fit 16 registers
            int o = off[e];
            FloatVector x0 = FloatVector.broadcast(F, xp[b0 + o]);
            FloatVector x1 = FloatVector.broadcast(F, xp[b1 + o]);
            FloatVector x2 = FloatVector.broadcast(F, xp[b2 + o]);
            FloatVector w = FloatVector.fromArray(F, panel, q);
            a0 = x0.fma(w, a0);
            c0 = x1.fma(w, c0);
            d0 = x2.fma(w, d0);
            w = FloatVector.fromArray(F, panel, q + L);
            a1 = x0.fma(w, a1);
            c1 = x1.fma(w, c1);
            d1 = x2.fma(w, d1);
            w = FloatVector.fromArray(F, panel, q + 2 * L);
            a2 = x0.fma(w, a2);
            c2 = x1.fma(w, c2);
            d2 = x2.fma(w, d2);
            w = FloatVector.fromArray(F, panel, q + 3 * L);
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

    /** One position of {@link #tile3}, into tile at {@code to}. */
    private static void tile1(float[] xp, int b0, int[] off, int e0, int e1, float[] panel, int po, float[] tile, int to) {
        int L = F.length();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0, a2 = a0, a3 = a0;
        for (int e = e0, q = po + e0 * 4 * L; e < e1; e++, q += 4 * L) {
            FloatVector x = FloatVector.broadcast(F, xp[b0 + off[e]]);
            a0 = x.fma(FloatVector.fromArray(F, panel, q), a0);
            a1 = x.fma(FloatVector.fromArray(F, panel, q + L), a1);
            a2 = x.fma(FloatVector.fromArray(F, panel, q + 2 * L), a2);
            a3 = x.fma(FloatVector.fromArray(F, panel, q + 3 * L), a3);
        }
        a0.intoArray(tile, to);
        a1.intoArray(tile, to + L);
        a2.intoArray(tile, to + 2 * L);
        a3.intoArray(tile, to + 3 * L);
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
     * {@link #run(float[], Layout, float[], int, float[], float[], int, float[])} in float64, with chains of
     * {@code chain} entries (0: one chain over all k), each chain's sums added to the tile's running sum from +0
     * (with one chain the result is that chain as it is).
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

    /** {@link #tile3(float[], int, int, int, int[], int, int, float[], int, float[])} in float64. */
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

    /** {@link #tile1(float[], int, int[], int, int, float[], int, float[], int)} in float64. */
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
