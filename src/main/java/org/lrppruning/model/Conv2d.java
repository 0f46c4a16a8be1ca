package org.lrppruning.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.Lanes;
import org.lrppruning.linalg.MatOps;
import org.lrppruning.linalg.Parallel;

/**
 * 2-D convolution (cross-correlation, as PyTorch): y[f, oh, ow] = b[f] + Σ_{c,i,j} W[f, c, i, j] ·
 * x[g·in/G + c, oh·sh − ph + i, ow·sw − pw + j] with c over the in/G channels of f's group g = f / (out/G),
 * zero padding, G = groups (1: dense; G = in: depthwise), dilation 1; W stored out × in/G × kh × kw
 * (PyTorch's layout), input shape {in, H, W}. Units: the output channels (filters).
 *
 * <p>Computed group by group as one matrix product over im2col columns: W_g (out/G × in/G·kh·kw) times the
 * group's columns (in/G·kh·kw × N·OH·OW, one per sample and output position), then the bias, on
 * {@code MatOps} (float32; each output an fma chain over (c, i, j) in order plus one addition, so the bits do
 * not depend on the thread count) or {@code AccurateOps} (float64). Samples go in chunks of about
 * {@value #CHUNK} column values to bound memory; columns are independent, so chunking changes no bit of the
 * outputs. With groups 1 this is the one product of the dense convolution. The LRP rules go through
 * {@link #affine} and {@link #transpose} with modified weights, so they act per group (as Zennit's on a
 * grouped torch convolution).
 */
public final class Conv2d extends AffineParams implements Affine {
    /** The one float species of the code base (see {@code linalg.MatOps}). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Column values per chunk of samples (8 MB of float32). */
    static final int CHUNK = 1 << 21;

    private final int in;
    private final int out;
    private final int groups;
    private final Window window;

    /** A dense convolution (groups 1) with float32 parameters; {@code bias} null for none. */
    public Conv2d(String name, int in, int out, Window window, float[] weight, float[] bias) {
        this(name, in, out, 1, window, weight, bias, null, null);
    }

    /** A grouped convolution (weight out × in/groups × kh × kw; in and out divisible by groups); {@code bias} null for none. */
    public Conv2d(String name, int in, int out, int groups, Window window, float[] weight, float[] bias) {
        this(name, in, out, groups, window, weight, bias, null, null);
    }

    private Conv2d(String name, int in, int out, int groups, Window window, float[] weight, float[] bias,
                   double[] weight64, double[] bias64) {
        super(name, out, (long) checkGroups(name, in, out, groups) * window.kh() * window.kw(),
                out + "x" + in / groups + "x" + window.kh() + "x" + window.kw(), weight, bias, weight64, bias64);
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.window = window;
    }

    /** Input channels per group, or an IllegalArgumentException when groups does not divide both channel counts. */
    private static int checkGroups(String name, int in, int out, int groups) {
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(name + ": groups " + groups + " must divide the input channels (" + in
                    + ") and the output channels (" + out + ")");
        }
        return in / groups;
    }

    /** Input channels. */
    public int in() {
        return in;
    }

    /** Output channels (filters). */
    public int out() {
        return out;
    }

    /** Channel groups: 1 dense, {@code in} depthwise. */
    public int groups() {
        return groups;
    }

    /** Whether every output channel reads one input channel of its own: groups == in. */
    public boolean depthwise() {
        return groups > 1 && groups == in;
    }

    /** Kernel, stride and padding. */
    public Window window() {
        return window;
    }

    @Override
    public int units() {
        return out;
    }

    @Override
    public int fanIn() {
        return in / groups * window.kh() * window.kw();
    }

    @Override
    public int[] outputShape(int[] shape) {
        Shapes.requireImage(name(), shape);
        Shapes.requireFirst(name(), shape, in, "input channels");
        return window.output(name(), out, shape);
    }

    // ------------------------------------------------------------------ scratch

    /** Scratch slots: the product before it is laid out as NCHW, im2col columns, gradients filter-major. */
    private static final int SCRATCH_PRODUCT = 0;
    private static final int SCRATCH_COLUMNS = 1;
    private static final int SCRATCH_BY_FILTER = 2;

    /**
     * Per-thread arrays for the temporaries of one call (never returned, never kept): a training batch
     * would otherwise allocate (and the collector copy) tens of megabytes of them. Only their prefix is used.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    /** The calling thread's scratch array of a slot, at least {@code size} long, contents undefined. */
    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) {
            s[slot] = new float[size];
        }
        return s[slot];
    }

    // ------------------------------------------------------------------ geometry

    /**
     * One sample's sizes and the im2col layout of one group's channels in a chunk of samples s0..s1: a K × m
     * matrix (K = in/G·kh·kw rows, one per tap (c, i, j) of the group in order; m = (s1 − s0)·P columns, one
     * per sample and output position). Group g reads input channels g·ci.. and writes filters g·co...
     */
    private final class Geometry {
        final int h;
        final int w;
        final int oh;
        final int ow;
        final int plane;
        final int chw;
        final int positions;
        final int k;
        final int chunk;
        /** Input channels and filters per group. */
        final int ci;
        final int co;

        Geometry(int[] shape) {
            int[] o = outputShape(shape);
            h = shape[1];
            w = shape[2];
            oh = o[1];
            ow = o[2];
            plane = h * w;
            chw = in * plane;
            positions = oh * ow;
            k = fanIn();
            ci = in / groups;
            co = out / groups;
            chunk = Math.max(1, CHUNK / Math.max(1, positions * k));
        }

        /** Output columns b with input column b·sw − pw + j inside [0, w): [first, last). */
        int first(int j) {
            return Math.max(0, Math.floorDiv(window.pw() - j + window.sw() - 1, window.sw()));
        }

        int last(int j) {
            return Math.min(ow, Math.floorDiv(w - 1 + window.pw() - j, window.sw()) + 1);
        }

        /**
         * Visits every run of the im2col matrix of samples s0..s1 that lies inside the input: row k = (c, i, j),
         * sample s, output row a; the run covers output columns [b0, b1) and reads input offset src + b·sw.
         */
        void runs(int s0, int s1, int group, Run run) {
            int m = (s1 - s0) * positions;
            int taps = window.kh() * window.kw();
            for (int c = group * ci; c < (group + 1) * ci; c++) {
                for (int i = 0; i < window.kh(); i++) {
                    for (int j = 0; j < window.kw(); j++) {
                        int row = (c - group * ci) * taps + i * window.kw() + j;
                        int b0 = first(j);
                        int b1 = last(j);
                        for (int s = s0; s < s1; s++) {
                            for (int a = 0; a < oh; a++) {
                                int r = a * window.sh() - window.ph() + i;
                                if (r < 0 || r >= h || b0 >= b1) {
                                    continue;
                                }
                                int dst = row * m + (s - s0) * positions + a * ow;
                                int src = s * chw + c * plane + r * w + b0 * window.sw() - window.pw() + j;
                                run.at(dst + b0, src, b1 - b0);
                            }
                        }
                    }
                }
            }
        }

        /**
         * Whether consecutive output rows read consecutive input rows of the same width (stride 1, output as wide
         * as the input): then the runs of one tap over all rows are one contiguous span.
         */
        boolean flat() {
            return window.sh() == 1 && window.sw() == 1 && ow == w;
        }

        /** x[at + t] += v[from + t] for t < len, lane-wise (each element one addition, as the scalar loop). */
        void addInto(float[] x, int at, float[] v, int from, int len) {
            int t = 0;
            for (int end = F.loopBound(len); t < end; t += F.length()) {
                FloatVector.fromArray(F, x, at + t).add(FloatVector.fromArray(F, v, from + t)).intoArray(x, at + t);
            }
            for (; t < len; t++) {
                x[at + t] += v[from + t];
            }
        }

        /** Zeroes, in the rows [0, rows) of ow columns from {@code start}, the columns outside [b0, b1) between runs. */
        void clearGaps(float[] v, int start, int rows, int b0, int b1) {
            for (int b = b1; b < ow; b++) {
                for (int r = start + b, end = start + (rows - 1) * ow; r < end; r += ow) {
                    v[r] = 0f;
                }
            }
            for (int b = 0; b < b0; b++) {
                for (int r = start + ow + b, end = start + rows * ow; r < end; r += ow) {
                    v[r] = 0f;
                }
            }
        }

        /** The im2col matrix of a group's channels for samples s0..s1 (a scratch array when {@code temporary}). */
        float[] columns(float[] x, int s0, int s1, int group, int threads, boolean temporary) {
            int m = (s1 - s0) * positions;
            float[] cols = temporary ? scratch(SCRATCH_COLUMNS, k * m) : new float[k * m];
            if (temporary) {
                java.util.Arrays.fill(cols, 0, k * m, 0f); // the padding's zeros: move writes only the runs
            }
            Parallel.range(s1 - s0, threads, 1, (r0, r1) -> move(x, cols, true, s0, s1, group, s0 + r0, s0 + r1));
            return cols;
        }

        double[] columns(double[] x, int s0, int s1, int group) {
            double[] cols = new double[k * (s1 - s0) * positions];
            int sw = window.sw();
            runs(s0, s1, group, (dst, src, len) -> {
                for (int t = 0; t < len; t++) {
                    cols[dst + t] = x[src + t * sw];
                }
            });
            return cols;
        }

        /**
         * col2im: adds the column gradients into gx, taps in order (sample by sample: each input value still
         * receives its terms in tap order, as in {@link #runs}' order).
         */
        void scatter(float[] cols, float[] gx, int s0, int s1, int group, int threads) {
            Parallel.range(s1 - s0, threads, 1, (r0, r1) -> move(gx, cols, false, s0, s1, group, s0 + r0, s0 + r1));
        }

        /**
         * The runs of {@link #runs} for the samples [from, to) of the chunk s0..s1 as plain loops (no call per
         * run): {@code gather} copies input x into the columns (im2col), else adds the columns into x (col2im),
         * for each sample tap by tap. A same-size stride-1 convolution ({@link #flat}) moves one span per tap
         * and sample; the values the span wraps around (padding positions) are zeroed in the columns, after the
         * copy or before the sum.
         */
        private void move(float[] x, float[] cols, boolean gather, int s0, int s1, int group, int from, int to) {
            int m = (s1 - s0) * positions;
            int taps = window.kh() * window.kw();
            int sh = window.sh();
            int sw = window.sw();
            for (int s = from; s < to; s++) {
                for (int c = group * ci; c < (group + 1) * ci; c++) {
                    for (int i = 0; i < window.kh(); i++) {
                        int a0 = Math.max(0, Math.floorDiv(window.ph() - i + sh - 1, sh));
                        int a1 = Math.min(oh, Math.floorDiv(h - 1 + window.ph() - i, sh) + 1);
                        for (int j = 0; j < window.kw(); j++) {
                            int b0 = first(j);
                            int len = last(j) - b0;
                            if (len <= 0 || a1 <= a0) {
                                continue;
                            }
                            int dst0 = ((c - group * ci) * taps + i * window.kw() + j) * m + (s - s0) * positions + b0;
                            int src0 = s * chw + c * plane + b0 * sw - window.pw() + j;
                            if (flat()) {
                                int first = dst0 + a0 * ow;
                                int at = src0 + (a0 - window.ph() + i) * w;
                                int span = (a1 - a0 - 1) * ow + len;
                                if (gather) {
                                    System.arraycopy(x, at, cols, first, span);
                                    clearGaps(cols, first - b0, a1 - a0, b0, b0 + len);
                                } else {
                                    clearGaps(cols, first - b0, a1 - a0, b0, b0 + len);
                                    addInto(x, at, cols, first, span);
                                }
                                continue;
                            }
                            for (int a = a0; a < a1; a++) {
                                int dst = dst0 + a * ow;
                                int src = src0 + (a * sh - window.ph() + i) * w;
                                for (int t = 0; t < len; t++) {
                                    if (gather) {
                                        cols[dst + t] = x[src + t * sw];
                                    } else {
                                        x[src + t * sw] += cols[dst + t];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        void scatter(double[] cols, double[] gx, int s0, int s1, int group) {
            int sw = window.sw();
            runs(s0, s1, group, (dst, src, len) -> {
                for (int t = 0; t < len; t++) {
                    gx[src + t * sw] += cols[dst + t];
                }
            });
        }

        /** NCHW q of samples s0..s1, a group's filters, as a co × m matrix (filter-major, then sample, then position). */
        float[] byFilter(float[] q, int s0, int s1, int group, int threads) {
            int m = (s1 - s0) * positions;
            float[] r = scratch(SCRATCH_BY_FILTER, co * m);
            int base = group * co;
            Parallel.range(co, threads, 1, (f0, f1) -> {
                for (int f = f0; f < f1; f++) {
                    for (int s = s0; s < s1; s++) {
                        System.arraycopy(q, (s * out + base + f) * positions, r, f * m + (s - s0) * positions, positions);
                    }
                }
            });
            return r;
        }

        double[] byFilter(double[] q, int s0, int s1, int group) {
            int m = (s1 - s0) * positions;
            double[] r = new double[co * m];
            for (int f = 0; f < co; f++) {
                for (int s = s0; s < s1; s++) {
                    System.arraycopy(q, (s * out + group * co + f) * positions, r, f * m + (s - s0) * positions, positions);
                }
            }
            return r;
        }

        /** A group's co × m product back into NCHW y, plus the bias (one float32 addition after each fma chain). */
        void toOutput(float[] z, float[] b, float[] y, int s0, int s1, int group, int threads) {
            int m = (s1 - s0) * positions;
            int base = group * co;
            Parallel.range(co, threads, 1, (f0, f1) -> {
                for (int f = f0; f < f1; f++) {
                    for (int s = s0; s < s1; s++) {
                        int src = f * m + (s - s0) * positions;
                        int dst = (s * out + base + f) * positions;
                        if (b == null) {
                            System.arraycopy(z, src, y, dst, positions);
                        } else {
                            float bf = b[base + f];
                            int p = 0;
                            for (int end = F.loopBound(positions); p < end; p += F.length()) {
                                FloatVector.fromArray(F, z, src + p).add(bf).intoArray(y, dst + p);
                            }
                            for (; p < positions; p++) {
                                y[dst + p] = z[src + p] + bf;
                            }
                        }
                    }
                }
            });
        }

        void toOutput(double[] z, double[] b, double[] y, int s0, int s1, int group) {
            int m = (s1 - s0) * positions;
            for (int f = 0; f < co; f++) {
                for (int s = s0; s < s1; s++) {
                    int src = f * m + (s - s0) * positions;
                    int dst = (s * out + group * co + f) * positions;
                    double bf = b == null ? 0 : b[group * co + f];
                    for (int p = 0; p < positions; p++) {
                        y[dst + p] = b == null ? z[src + p] : z[src + p] + bf;
                    }
                }
            }
        }
    }

    /** A run of the im2col matrix: {@code len} columns from {@code dst}, input offsets src, src + sw, .... */
    @FunctionalInterface
    private interface Run {
        void at(int dst, int src, int len);
    }

    // ------------------------------------------------------------------ maps

    @Override
    public float[] affine(float[] x, float[] w, float[] b, int n, int[] shape, int threads) {
        return affine(x, w, b, n, shape, threads, null);
    }

    /** {@link #affine}, handing each chunk's im2col columns to {@code keep} (null: dropped). */
    private float[] affine(float[] x, float[] w, float[] b, int n, int[] shape, int threads, List<float[]> keep) {
        Geometry g = new Geometry(shape);
        float[] y = new float[n * out * g.positions];
        if (keep == null && g.k > DIRECT_FAN_IN && ConvKernels.suitsAffine(groups, g.k, false)) {
            ConvKernels.affine(x, w, b, y, n, in, g.h, g.w, out, window, threads);
            return y;
        }
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            if (byGroups(threads)) {
                int c0 = s0;
                Parallel.range(groups, threads, 1, (g0, g1) -> {
                    for (int group = g0; group < g1; group++) {
                        forward(x, w, b, y, g, c0, s1, group, 1, true);
                    }
                });
                continue;
            }
            for (int group = 0; group < groups; group++) {
                float[] cols = forward(x, w, b, y, g, s0, s1, group, threads, keep == null);
                if (keep != null) {
                    keep.add(cols);
                }
            }
        }
        return y;
    }

    /**
     * Whether the groups go to the threads whole (many groups: a depthwise convolution), rather than each group's
     * work split over them. Every output is computed alike either way, so the bits are the same.
     */
    private boolean byGroups(int threads) {
        return groups > 1 && groups >= threads;
    }

    /** One group's outputs for samples s0..s1 into y; returns its im2col columns. */
    private float[] forward(float[] x, float[] w, float[] b, float[] y, Geometry g, int s0, int s1, int group,
                            int threads, boolean temporary) {
        int m = (s1 - s0) * g.positions;
        float[] cols = g.columns(x, s0, s1, group, threads, temporary);
        if (g.k <= DIRECT_FAN_IN && g.positions >= 2 * F.length()) {
            int f0 = group * g.co;
            Parallel.range(s1 - s0, threads, 1, (r0, r1) -> {
                for (int s = s0 + r0; s < s0 + r1; s++) {
                    direct(w, b, cols, m, (s - s0) * g.positions, y, s * out * g.positions, g.k, g.positions, f0,
                            f0 + g.co);
                }
            });
        } else {
            float[] z = scratch(SCRATCH_PRODUCT, g.co * m);
            MatOps.mul(groupRows(w, group, g.co * g.k), cols, z, g.co, g.k, m, threads);
            g.toOutput(z, b, y, s0, s1, group, threads);
        }
        return cols;
    }

    /** Group g's block of rows of w (the filters g·co..): w itself when there is one group. */
    private float[] groupRows(float[] w, int group, int size) {
        return groups == 1 ? w : Arrays.copyOfRange(w, group * size, (group + 1) * size);
    }

    private double[] groupRows(double[] w, int group, int size) {
        return groups == 1 ? w : Arrays.copyOfRange(w, group * size, (group + 1) * size);
    }

    /**
     * Fan-in up to which the forward pass skips the packed product (the first layer's 9 taps): its fma chains
     * are too short to pay for packing and for the product's own layout; the direct tiles write NCHW in place.
     */
    static final int DIRECT_FAN_IN = 32;

    /**
     * One sample's outputs y[f, p] = b[f] + Σ_t w[f, t]·cols[t, c0 + p] for the filters [from, to) (t in order,
     * one fma chain from +0, then the bias: MatOps' order), written in place into NCHW y from {@code yo}: tiles
     * of 4 filters × 16 positions, the sample's columns staying in the cache across the filters; the filters
     * left over (all of them in a depthwise convolution) one at a time, a vector of positions per chain.
     */
    private void direct(float[] w, float[] b, float[] cols, int m, int c0, float[] y, int yo, int k, int positions,
                        int from, int to) {
        int L = F.length();
        int f = from;
        for (; f + 4 <= to; f += 4) {
            int w0 = f * k;
            int w1 = w0 + k;
            int w2 = w1 + k;
            int w3 = w2 + k;
            int p = 0;
            for (; p + 2 * L <= positions; p += 2 * L) {
                FloatVector z = FloatVector.zero(F);
                FloatVector a0 = z, a1 = z, b0 = z, b1 = z, c0v = z, c1 = z, d0 = z, d1 = z;
                for (int t = 0, at = c0 + p; t < k; t++, at += m) {
                    FloatVector x0 = FloatVector.fromArray(F, cols, at);
                    FloatVector x1 = FloatVector.fromArray(F, cols, at + L);
                    FloatVector v = FloatVector.broadcast(F, w[w0 + t]);
                    a0 = v.fma(x0, a0);
                    a1 = v.fma(x1, a1);
                    v = FloatVector.broadcast(F, w[w1 + t]);
                    b0 = v.fma(x0, b0);
                    b1 = v.fma(x1, b1);
                    v = FloatVector.broadcast(F, w[w2 + t]);
                    c0v = v.fma(x0, c0v);
                    c1 = v.fma(x1, c1);
                    v = FloatVector.broadcast(F, w[w3 + t]);
                    d0 = v.fma(x0, d0);
                    d1 = v.fma(x1, d1);
                }
                store(a0, a1, b, f, y, yo + f * positions + p);
                store(b0, b1, b, f + 1, y, yo + (f + 1) * positions + p);
                store(c0v, c1, b, f + 2, y, yo + (f + 2) * positions + p);
                store(d0, d1, b, f + 3, y, yo + (f + 3) * positions + p);
            }
            for (int r = f; r < f + 4; r++) {
                directTail(w, b, cols, m, c0, y, yo, k, positions, r, p);
            }
        }
        for (; f < to; f++) {
            int p = 0;
            for (; p + L <= positions; p += L) {
                FloatVector acc = FloatVector.zero(F);
                for (int t = 0, at = c0 + p; t < k; t++, at += m) {
                    acc = FloatVector.broadcast(F, w[f * k + t]).fma(FloatVector.fromArray(F, cols, at), acc);
                }
                (b == null ? acc : acc.add(b[f])).intoArray(y, yo + f * positions + p);
            }
            directTail(w, b, cols, m, c0, y, yo, k, positions, f, p);
        }
    }

    /** Two vectors of one filter's outputs plus its bias (none: as they are). */
    private static void store(FloatVector v0, FloatVector v1, float[] b, int f, float[] y, int at) {
        if (b != null) {
            v0 = v0.add(b[f]);
            v1 = v1.add(b[f]);
        }
        v0.intoArray(y, at);
        v1.intoArray(y, at + F.length());
    }

    /** Filter f's outputs from position p on, one fma chain each (the positions no full tile covers). */
    private static void directTail(float[] w, float[] b, float[] cols, int m, int c0, float[] y, int yo, int k,
                                   int positions, int f, int p) {
        for (int q = p; q < positions; q++) {
            float acc = 0f;
            for (int t = 0; t < k; t++) {
                acc = Math.fma(w[f * k + t], cols[t * m + c0 + q], acc);
            }
            y[yo + f * positions + q] = b == null ? acc : acc + b[f];
        }
    }

    /**
     * A training forward pass: the outputs, and the im2col columns of every chunk for
     * {@link #weightGradient(List, float[], int, int[], int)}; null for a grouped convolution, whose weight
     * gradient recomputes them from the input (its columns are groups times what a budget of
     * samples × positions × fanIn counts).
     */
    public record Kept(float[] output, List<float[]> columns) {
    }

    /** Keeps the im2col columns for the weight gradient while the pass's budget lasts (groups 1). */
    @Override
    public Saved trainForward(float[] x, int n, int[] shape, TrainingPass pass, int threads) {
        long values = (long) n * (Shapes.size(outputShape(shape)) / Math.max(1, out)) * fanIn();
        if (!pass.keep(values)) {
            return new Saved(forward(x, n, shape, threads), null);
        }
        Kept k = forwardKeeping(x, n, shape, threads);
        return new Saved(k.output(), k.columns());
    }

    @Override
    public Grads trainBackward(float[] x, Object state, float[] gy, int n, int[] shape, boolean input,
                               boolean parameters, int threads) {
        @SuppressWarnings("unchecked")
        List<float[]> columns = state instanceof List<?> ? (List<float[]>) state : null;
        float[] w = !parameters ? null : columns != null ? weightGradient(columns, gy, n, shape, threads)
                : weightGradient(x, gy, n, shape, threads);
        float[] b = parameters && bias() != null ? biasGradient(gy, n, shape) : null;
        return new Grads(input ? backward(x, gy, n, shape, threads) : null, w, b);
    }

    /** The forward pass (the bits of {@link #forward}) keeping its im2col columns when groups is 1. */
    public Kept forwardKeeping(float[] x, int n, int[] shape, int threads) {
        if (groups != 1) {
            return new Kept(affine(x, weight(), bias(), n, shape, threads, null), null);
        }
        List<float[]> cols = new ArrayList<>();
        return new Kept(affine(x, weight(), bias(), n, shape, threads, cols), cols);
    }

    @Override
    public float[] forwardAccurate(float[] x, int n, int[] shape) {
        double[] y = affine64(AccurateOps.widen(x, n * Shapes.size(shape)), Affine.widen(weight()), Affine.widen(bias()), n,
                shape);
        return Affine.round(y);
    }

    @Override
    public double[] affine64(double[] x, double[] w, double[] b, int n, int[] shape) {
        Geometry g = new Geometry(shape);
        double[] y = new double[n * out * g.positions];
        if (ConvKernels.suitsAffine(groups, g.k, true)) {
            ConvKernels.affine(x, w, b, y, n, in, g.h, g.w, out, window, Parallel.lent());
            return y;
        }
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            for (int group = 0; group < groups; group++) {
                double[] z = new double[g.co * m];
                AccurateOps.mul(groupRows(w, group, g.co * g.k), g.columns(x, s0, s1, group), z, g.co, g.k, m);
                g.toOutput(z, b, y, s0, s1, group);
            }
        }
        return y;
    }

    @Override
    public float[] relevanceAffine(float[] x, float[] w, float[] b, int n, int[] shape, int threads) {
        if (Winograd.suits(groups, in, out, window)) {
            float[] y = Winograd.affine(x, w, b, n, in, shape[1], shape[2], out, window.ph(), window.pw(), threads);
            if (y != null) {
                return y;
            }
        }
        return affine(x, w, b, n, shape, threads);
    }

    @Override
    public float[] relevanceTranspose(float[] q, float[] w, int n, int[] shape, int threads) {
        if (Winograd.suits(groups, out, in, window)) {
            float[] gx = Winograd.transpose(q, w, n, in, shape[1], shape[2], out, window.ph(), window.pw(), threads);
            if (gx != null) {
                return gx;
            }
        }
        return transpose(q, w, n, shape, threads);
    }

    @Override
    public float[] transpose(float[] q, float[] w, int n, int[] shape, int threads) {
        Geometry g = new Geometry(shape);
        float[] gx = new float[n * g.chw];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            int c0 = s0;
            // each group adds into its own input channels only: groups may run side by side
            Parallel.Range body = (g0, g1) -> {
                int t = byGroups(threads) ? 1 : threads;
                for (int group = g0; group < g1; group++) {
                    float[] cols = scratch(SCRATCH_COLUMNS, g.k * m);
                    MatOps.mulTransA(groupRows(w, group, g.co * g.k), g.byFilter(q, c0, s1, group, t), cols, g.co, g.k,
                            m, t);
                    g.scatter(cols, gx, c0, s1, group, t);
                }
            };
            if (byGroups(threads)) {
                Parallel.range(groups, threads, 1, body);
            } else {
                body.run(0, groups);
            }
        }
        return gx;
    }

    @Override
    public double[] transpose64(double[] q, double[] w, int n, int[] shape) {
        Geometry g = new Geometry(shape);
        if (ConvKernels.suitsTranspose(groups, out, window, true) && finite(w)) {
            double[] gx = new double[n * g.chw];
            ConvKernels.transpose(q, w, gx, n, in, g.h, g.w, out, window, Parallel.lent());
            return gx;
        }
        double[][] wt = new double[groups][g.k * g.co]; // each group's W_gᵀ, fanIn × co
        for (int f = 0; f < out; f++) {
            for (int t = 0; t < g.k; t++) {
                wt[f / g.co][t * g.co + f % g.co] = w[f * g.k + t];
            }
        }
        double[] gx = new double[n * g.chw];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            for (int group = 0; group < groups; group++) {
                double[] cols = new double[g.k * m];
                AccurateOps.mul(wt[group], g.byFilter(q, s0, s1, group), cols, g.k, g.co, m);
                g.scatter(cols, gx, s0, s1, group);
            }
        }
        return gx;
    }

    /** Whether every value is finite (the direct transpose leaves out the taps that fall outside only then). */
    private static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /** Σ over the batch of gy·columnsᵀ, chunk by chunk in sample order ({@code MatOps.dots} within a chunk and group). */
    @Override
    public float[] weightGradient(float[] x, float[] gy, int n, int[] shape, int threads) {
        Geometry g = new Geometry(shape);
        if (groups == 1) {
            List<float[]> cols = new ArrayList<>();
            for (int s0 = 0; s0 < n; s0 += g.chunk) {
                cols.add(g.columns(x, s0, Math.min(n, s0 + g.chunk), 0, threads, false));
            }
            return weightGradient(cols, gy, n, shape, threads);
        }
        float[] gw = new float[out * g.k];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            int c0 = s0;
            // each group writes its own rows of gw: groups may run side by side
            Parallel.Range body = (g0, g1) -> {
                int t = byGroups(threads) ? 1 : threads;
                float[] part = new float[g.co * g.k];
                for (int group = g0; group < g1; group++) {
                    float[] cols = g.columns(x, c0, s1, group, t, true);
                    MatOps.dots(g.byFilter(gy, c0, s1, group, t), cols, part, g.co, m, g.k, t);
                    int at = group * part.length;
                    for (int i = 0; i < part.length; i++) {
                        gw[at + i] = c0 == 0 ? part[i] : gw[at + i] + part[i];
                    }
                }
            };
            if (byGroups(threads)) {
                Parallel.range(groups, threads, 1, body);
            } else {
                body.run(0, groups);
            }
        }
        return gw;
    }

    /**
     * {@link #weightGradient(float[], float[], int, int[], int)} from the columns a {@link #forwardKeeping} pass kept
     * (groups 1 only: a grouped convolution keeps none).
     */
    public float[] weightGradient(List<float[]> columns, float[] gy, int n, int[] shape, int threads) {
        if (groups != 1) {
            throw new IllegalStateException(name() + ": a grouped convolution keeps no columns; use the input");
        }
        Geometry g = new Geometry(shape);
        float[] gw = new float[out * g.k];
        float[] part = new float[out * g.k];
        int c = 0;
        for (int s0 = 0; s0 < n; s0 += g.chunk, c++) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            MatOps.dots(g.byFilter(gy, s0, s1, 0, threads), columns.get(c), s0 == 0 ? gw : part, out, m, g.k, threads);
            if (s0 > 0) {
                for (int i = 0; i < gw.length; i++) {
                    gw[i] += part[i];
                }
            }
        }
        return gw;
    }

    @Override
    public float[] biasGradient(float[] gy, int n, int[] shape) {
        int positions = Shapes.size(outputShape(shape)) / Math.max(1, out);
        double[] s = new double[out];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < out; f++) {
                s[f] += Lanes.sum(gy, (r * out + f) * positions, positions);
            }
        }
        return Affine.round(s);
    }

    // ------------------------------------------------------------------ pruning

    /**
     * Without the filters whose keep entry is false. A grouped convolution stays grouped when every group keeps
     * as many filters as the others; otherwise (a depthwise convolution losing some of its channels: their
     * inputs still arrive) the result is the same map as an ungrouped convolution, its block-diagonal weights
     * written out with zeros, in/groups times the weights and MACs. To remove a depthwise channel entirely,
     * prune it where it is made: {@link #withoutInputs} then takes it out of the depthwise convolution.
     */
    @Override
    public Conv2d withoutUnits(boolean[] keep) {
        float[][] kept = keptUnits(keep, out, fanIn());
        int count = Shapes.count(keep);
        if (groups == 1) {
            return new Conv2d(name(), in, count, window, kept[0], kept[1]);
        }
        int co = out / groups;
        int perGroup = -1;
        boolean uniform = true;
        for (int g = 0; g < groups; g++) {
            int c = 0;
            for (int f = g * co; f < (g + 1) * co; f++) {
                c += keep[f] ? 1 : 0;
            }
            uniform &= perGroup < 0 || c == perGroup;
            perGroup = c;
        }
        if (uniform) {
            return new Conv2d(name(), in, groups * perGroup, groups, window, kept[0], kept[1]);
        }
        int taps = window.kh() * window.kw();
        int ci = in / groups;
        float[] dense = new float[count * in * taps];
        int r = 0;
        for (int f = 0; f < out; f++) {
            if (keep[f]) {
                System.arraycopy(weight(), f * fanIn(), dense, (r * in + f / co * ci) * taps, fanIn());
                r++;
            }
        }
        return new Conv2d(name(), in, count, 1, window, dense, kept[1]);
    }

    /**
     * Without the input channels whose keep entry is false. Groups 1: the weights' columns go. Grouped: a group
     * whose inputs all go disappears with its filters (the outputs' mask goes on downstream; a depthwise
     * convolution so passes the mask on as it is), and the other groups must keep the same number of inputs
     * each; any other choice is an IllegalArgumentException.
     */
    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] shape) {
        if (groups == 1) {
            float[] w = keptInputs(keep, out, in, window.kh() * window.kw());
            return new Shrunk(new Conv2d(name(), Shapes.count(keep), out, window, w, biasCopy()), null);
        }
        if (keep.length != in) {
            throw new IllegalArgumentException(name() + ": keep mask over " + keep.length + " inputs, layer has " + in);
        }
        int ci = in / groups;
        int co = out / groups;
        int taps = window.kh() * window.kw();
        int perGroup = 0;
        int survivors = 0;
        for (int g = 0; g < groups; g++) {
            int c = 0;
            for (int k = g * ci; k < (g + 1) * ci; k++) {
                c += keep[k] ? 1 : 0;
            }
            if (c > 0 && survivors > 0 && c != perGroup) {
                throw new IllegalArgumentException(name() + ": groups " + groups + " of " + ci
                        + " input channels would keep " + perGroup + " and " + c
                        + " channels: only whole groups, or as many channels in every group, can go");
            }
            if (c > 0) {
                perGroup = c;
                survivors++;
            }
        }
        boolean[] next = new boolean[out];
        float[] w = new float[survivors * co * perGroup * taps];
        float[] b = bias() == null ? null : new float[survivors * co];
        int q = 0;
        int r = 0;
        for (int f = 0; f < out; f++) {
            int g = f / co;
            for (int k = g * ci; k < (g + 1) * ci; k++) {
                if (keep[k]) {
                    System.arraycopy(weight(), (f * ci + k - g * ci) * taps, w, q, taps);
                    q += taps;
                    next[f] = true;
                }
            }
            if (next[f] && b != null) {
                b[r] = bias()[f];
            }
            r += next[f] ? 1 : 0;
        }
        Conv2d shrunk = new Conv2d(name(), survivors * perGroup, survivors * co, Math.max(1, survivors), window, w, b);
        return new Shrunk(shrunk, survivors == groups ? null : next);
    }

    @Override
    public Conv2d withParameters(float[] w, float[] b) {
        return new Conv2d(name(), in, out, groups, window, w, b);
    }

    @Override
    public Conv2d withParameters64(double[] w, double[] b) {
        return new Conv2d(name(), in, out, groups, window, Affine.round(w), Affine.round(b), w, b);
    }

    @Override
    public List<Param> parameters() {
        return params(new int[] {out, in / groups, window.kh(), window.kw()});
    }

    @Override
    public long macs(int[] shape) {
        int[] o = outputShape(shape);
        return (long) o[1] * o[2] * out * fanIn();
    }

    @Override
    public String toString() {
        return "Conv2d(" + name() + ", " + in + " -> " + out + (groups == 1 ? "" : ", groups " + groups) + ", " + window
                + (bias() == null ? ", no bias" : "") + ")";
    }
}
