package org.lrppruning.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lrppruning.linalg.Parallel;

/**
 * Max pooling per channel over a {@link Window} (padding counts as −∞). The arg-max of a window is its
 * first maximum in row-major order, a NaN replacing it, as PyTorch's CPU kernel. The gradient and the
 * relevance of an output go to its arg-max (Zennit has no rule for max pooling: the gradient).
 */
public record MaxPool2d(String name, Window window) implements Layer {
    /** The one float species of the code base (see {@code linalg.MatOps}). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    @Override
    public int[] outputShape(int[] in) {
        Shapes.requireImage(name, in);
        return window.output(name, in[0], in);
    }

    /**
     * For every output value (n × C × OH × OW), the index in the batch's input array of its arg-max.
     * Taps in row-major order; the first tap inside the input starts (PyTorch starts at −∞ with the
     * first tap's index: the same choice), a larger value or a NaN takes over, as PyTorch's CPU kernel.
     */
    int[] argmax(float[] x, int n, int[] in) {
        int[] o = outputShape(in);
        int[] idx = new int[n * in[0] * o[1] * o[2]];
        argmax(x, in, o, idx, 0, n * in[0]);
        return idx;
    }

    int[] argmax(double[] x, int n, int[] in) {
        int[] o = outputShape(in);
        int[] idx = new int[n * in[0] * o[1] * o[2]];
        if (window.equals(Window.square(2, 2, 0))) {
            argmax2x2(x, in[1], in[2], o[1], o[2], idx, 0, n * in[0]);
        } else {
            argmax(null, x, in, o, idx, 0, n * in[0]);
        }
        return idx;
    }

    /** {@link #argmax(double[], int, int[])} by the generic loop only (the fast paths' reference in tests). */
    int[] argmaxPlain(double[] x, int n, int[] in) {
        int[] o = outputShape(in);
        int[] idx = new int[n * in[0] * o[1] * o[2]];
        argmax(null, x, in, o, idx, 0, n * in[0]);
        return idx;
    }

    /**
     * The arg-max of the planes [p0, p1) (sample·channel) of float32 x into idx: 2×2 windows of stride 2 fast, other
     * windows fast inside the plane.
     */
    private void argmax(float[] x, int[] in, int[] o, int[] idx, int p0, int p1) {
        if (window.equals(Window.square(2, 2, 0))) {
            argmax2x2(x, in[1], in[2], o[1], o[2], idx, p0, p1);
        } else {
            argmaxRuns(x, in, o, idx, p0, p1);
        }
    }

    /**
     * The arg-max of any window: inside the plane L neighbouring windows at a time, a lane each, their taps gathered
     * at the stride and compared in row-major order (one window at a time, the comparisons are unpredictable branches;
     * bench/conv-layers.sh times ResNet's 3×3 stride-2 pooling); a run holding an infinity or NaN, the windows at the
     * edges and the rest of a row by the generic comparisons.
     */
    private void argmaxRuns(float[] x, int[] in, int[] o, int[] idx, int p0, int p1) {
        int h = in[1];
        int w = in[2];
        int kh = window.kh();
        int kw = window.kw();
        int[] off = new int[kh * kw];
        for (int r = 0; r < kh; r++) {
            for (int c = 0; c < kw; c++) {
                off[r * kw + c] = r * w + c;
            }
        }
        int sw = window.sw();
        int[] lanes = new int[L];
        for (int l = 0; l < L; l++) {
            lanes[l] = l * sw;
        }
        float[] taken = new float[L];
        // the windows b in [bLo, bHi) lie inside the plane's columns
        int bLo = Math.min(o[2], (window.pw() + sw - 1) / sw);
        int bHi = Math.max(bLo, Math.min(o[2], Math.floorDiv(w - kw + window.pw(), sw) + 1));
        int q = p0 * o[1] * o[2];
        for (int s = p0; s < p1; s++) {
            int base = s * h * w;
            for (int a = 0; a < o[1]; a++) {
                int r0 = a * window.sh() - window.ph();
                boolean rows = r0 >= 0 && r0 + kh <= h;
                for (int b = 0; b < o[2]; b++, q++) {
                    int c0 = b * sw - window.pw();
                    if (rows && b >= bLo && b + L <= bHi) {
                        // L windows side by side, a lane each (gathered at the stride): the same comparisons
                        int i0 = base + r0 * w + c0;
                        FloatVector m = FloatVector.fromArray(F, x, i0, lanes, 0);
                        FloatVector sum = m;
                        FloatVector t = FloatVector.zero(F);
                        for (int k = 1; k < off.length; k++) {
                            FloatVector v = FloatVector.fromArray(F, x, i0 + off[k], lanes, 0);
                            sum = sum.add(v);
                            VectorMask<Float> take = v.compare(VectorOperators.GT, m);
                            m = m.blend(v, take);
                            t = t.blend((float) off[k], take);
                        }
                        if (sum.sub(sum).compare(VectorOperators.EQ, 0f).allTrue()) {
                            t.intoArray(taken, 0);
                            for (int l = 0; l < L; l++) {
                                idx[q + l] = i0 + lanes[l] + (int) taken[l];
                            }
                            b += L - 1;
                            q += L - 1;
                            continue;
                        }
                    }
                    idx[q] = argmaxAt(x, null, base, w, Math.max(0, r0), Math.min(h, r0 + kh), Math.max(0, c0),
                            Math.min(w, c0 + kw));
                }
            }
        }
    }

    /** The arg-max of rows [r0, r1) × columns [c0, c1) of the plane at base (width w), by the plain comparisons. */
    private static int argmaxAt(float[] xf, double[] xd, int base, int w, int r0, int r1, int c0, int c1) {
        int best = base + r0 * w + c0;
        double max = Double.NEGATIVE_INFINITY;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                int at = base + r * w + c;
                double v = xf != null ? xf[at] : xd[at];
                boolean take = v > max | v != v;
                max = take ? v : max;
                best = take ? at : best;
            }
        }
        return best;
    }

    /** One loop for both precisions: exactly one of xf, xd is non-null (float32 values compare exactly as doubles). */
    private void argmax(float[] xf, double[] xd, int[] in, int[] o, int[] idx, int p0, int p1) {
        int h = in[1];
        int w = in[2];
        int plane = h * w;
        int q = p0 * o[1] * o[2];
        for (int s = p0; s < p1; s++) {
            int base = s * plane;
            for (int a = 0; a < o[1]; a++) {
                int r0 = Math.max(0, a * window.sh() - window.ph());
                int r1 = Math.min(h, a * window.sh() - window.ph() + window.kh());
                for (int b = 0; b < o[2]; b++) {
                    int c0 = Math.max(0, b * window.sw() - window.pw());
                    int c1 = Math.min(w, b * window.sw() - window.pw() + window.kw());
                    idx[q++] = argmaxAt(xf, xd, base, w, r0, r1, c0, c1);
                }
            }
        }
    }

    /**
     * The 2×2, stride 2 arg-max of the planes [p0, p1) of h×w: taps (0,0), (0,1), (1,0), (1,1) in that order.
     * Without branches on the data (on real data the comparisons are coin flips): for finite values, −0
     * made +0, "v beats the maximum m" is the sign bit of m − v, and m moves by Math.max; a window holding
     * an infinity or NaN (its sum is not finite) takes the plain comparisons.
     */
    private static void argmax2x2(float[] x, int h, int w, int oh, int ow, int[] idx, int p0, int p1) {
        int q = p0 * oh * ow;
        for (int s = p0; s < p1; s++) {
            int base = s * h * w;
            for (int a = 0; a < oh; a++) {
                int row = base + 2 * a * w;
                for (int b = 0; b < ow; b++, q++) {
                    int i0 = row + 2 * b;
                    float x0 = x[i0] + 0f;
                    float x1 = x[i0 + 1] + 0f;
                    float x2 = x[i0 + w] + 0f;
                    float x3 = x[i0 + w + 1] + 0f;
                    float sum = x0 + x1 + x2 + x3;
                    if (sum - sum != 0f) {
                        idx[q] = argmax2x2Plain(x, i0, w);
                        continue;
                    }
                    float m = x0;
                    int t = 0;
                    int up = Float.floatToRawIntBits(m - x1) >>> 31;
                    t ^= (t ^ 1) & -up;
                    m = Math.max(m, x1);
                    up = Float.floatToRawIntBits(m - x2) >>> 31;
                    t ^= (t ^ w) & -up;
                    m = Math.max(m, x2);
                    up = Float.floatToRawIntBits(m - x3) >>> 31;
                    t ^= (t ^ (w + 1)) & -up;
                    idx[q] = i0 + t;
                }
            }
        }
    }

    /** {@link #argmax2x2(float[], int, int, int, int, int[], int, int)} for float64 values, the same branch-free steps. */
    private static void argmax2x2(double[] x, int h, int w, int oh, int ow, int[] idx, int p0, int p1) {
        int q = p0 * oh * ow;
        for (int s = p0; s < p1; s++) {
            int base = s * h * w;
            for (int a = 0; a < oh; a++) {
                int row = base + 2 * a * w;
                for (int b = 0; b < ow; b++, q++) {
                    int i0 = row + 2 * b;
                    double x0 = x[i0] + 0.0;
                    double x1 = x[i0 + 1] + 0.0;
                    double x2 = x[i0 + w] + 0.0;
                    double x3 = x[i0 + w + 1] + 0.0;
                    double sum = x0 + x1 + x2 + x3;
                    if (sum - sum != 0.0) {
                        idx[q] = argmax2x2Plain(x, i0, w);
                        continue;
                    }
                    double m = x0;
                    int t = 0;
                    int up = (int) (Double.doubleToRawLongBits(m - x1) >>> 63);
                    t ^= (t ^ 1) & -up;
                    m = Math.max(m, x1);
                    up = (int) (Double.doubleToRawLongBits(m - x2) >>> 63);
                    t ^= (t ^ w) & -up;
                    m = Math.max(m, x2);
                    up = (int) (Double.doubleToRawLongBits(m - x3) >>> 63);
                    t ^= (t ^ (w + 1)) & -up;
                    idx[q] = i0 + t;
                }
            }
        }
    }

    /** {@link #argmax2x2Plain(float[], int, int)} for float64 values. */
    private static int argmax2x2Plain(double[] x, int i0, int w) {
        int best = i0;
        double max = x[i0];
        int[] taps = {i0 + 1, i0 + w, i0 + w + 1};
        for (int i : taps) {
            double v = x[i];
            if (v > max || v != v) {
                max = v;
                best = i;
            }
        }
        return best;
    }

    /** One 2×2 window by the plain comparisons (NaN taking the arg-max, as the generic path). */
    private static int argmax2x2Plain(float[] x, int i0, int w) {
        int best = i0;
        float max = x[i0];
        int[] taps = {i0 + 1, i0 + w, i0 + w + 1};
        for (int i : taps) {
            float v = x[i];
            if (v > max || v != v) {
                max = v;
                best = i;
            }
        }
        return best;
    }

    /** Planes per part when split over threads. */
    private static final int GRAIN = 16;

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        return forwardKeeping(x, n, in, threads).output();
    }

    /** A forward pass and its arg-max indices, kept for {@link #backward(int[], float[], int, int[], int)}. */
    public record Kept(float[] output, int[] argmax) {
    }

    /** The forward pass keeping each output's arg-max (its index in the batch's input array). */
    public Kept forwardKeeping(float[] x, int n, int[] in, int threads) {
        int[] o = outputShape(in);
        int positions = o[1] * o[2];
        int[] idx = new int[n * in[0] * positions];
        float[] y = new float[idx.length];
        Parallel.range(n * in[0], threads, GRAIN, (p0, p1) -> {
            argmax(x, in, o, idx, p0, p1);
            for (int i = p0 * positions; i < p1 * positions; i++) {
                y[i] = x[idx[i]];
            }
        });
        return new Kept(y, idx);
    }

    /** Keeps the arg-max for the backward pass. */
    @Override
    public Saved trainForward(float[] x, int n, int[] in, TrainingPass pass, int threads) {
        return forwardSaving(x, n, in, threads);
    }

    /** Keeps the arg-max for the relevance (or backward) pass. */
    @Override
    public Saved forwardSaving(float[] x, int n, int[] in, int threads) {
        Kept k = forwardKeeping(x, n, in, threads);
        return new Saved(k.output(), k.argmax());
    }

    @Override
    public Grads trainBackward(float[] x, Object state, float[] gy, int n, int[] in, boolean input, boolean parameters,
                               int threads) {
        if (!input) {
            return new Grads(null, null, null);
        }
        return new Grads(backward(x, state, gy, n, in, threads), null, null);
    }

    /** The backward pass from the arg-max a forward pass kept ({@code saved}), or searching it in x (null). */
    private float[] backward(float[] x, Object saved, float[] gy, int n, int[] in, int threads) {
        return saved instanceof int[] argmax ? backward(argmax, gy, n, in, threads) : backward(x, gy, n, in, threads);
    }

    /** {@link #backward(float[], float[], int, int[], int)} from the arg-max of a {@link #forwardKeeping} pass. */
    public float[] backward(int[] argmax, float[] gy, int n, int[] in, int threads) {
        int positions = Shapes.size(outputShape(in)) / in[0];
        float[] g = new float[n * Shapes.size(in)];
        Parallel.range(n * in[0], threads, GRAIN, (p0, p1) -> {
            for (int i = p0 * positions; i < p1 * positions; i++) {
                g[argmax[i]] += gy[i];
            }
        });
        return g;
    }

    /** Each output's gradient added to its arg-max (windows that overlap add in output order). */
    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        int[] o = outputShape(in);
        int positions = o[1] * o[2];
        int[] idx = new int[n * in[0] * positions];
        float[] g = new float[n * Shapes.size(in)];
        Parallel.range(n * in[0], threads, GRAIN, (p0, p1) -> {
            argmax(x, in, o, idx, p0, p1);
            for (int i = p0 * positions; i < p1 * positions; i++) {
                g[idx[i]] += gy[i];
            }
        });
        return g;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        int[] idx = argmax(x, n, in);
        double[] y = new double[idx.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[idx[i]];
        }
        return y;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return scatter(argmax(x, n, in), gy, n * Shapes.size(in));
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return scatter(argmax(x, n, in), gy, n * Shapes.size(in));
    }

    private static double[] scatter(int[] idx, double[] gy, int size) {
        double[] g = new double[size];
        for (int i = 0; i < idx.length; i++) {
            g[idx[i]] += gy[i];
        }
        return g;
    }

    /** As the gradient: each output's relevance goes to its arg-max. */
    @Override
    public float[] relevance(float[] x, float[] r, int n, int[] in, int threads) {
        return backward(x, r, n, in, threads);
    }

    /** {@link #relevance(float[], float[], int, int[], int)} from the arg-max the forward pass kept. */
    @Override
    public float[][] relevance(float[][] x, Object saved, float[] r, int n, int[][] in, int threads) {
        return new float[][] {backward(x[0], saved, r, n, in[0], threads)};
    }

    @Override
    public double[] relevance64(double[] x, double[] r, int n, int[] in) {
        return backward64(x, r, n, in);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
