package org.lrppruning.model;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.MatOps;

/**
 * 2-D convolution (cross-correlation, as PyTorch): y[f, oh, ow] = b[f] + Σ_{c,i,j} W[f, c, i, j] ·
 * x[c, oh·sh − ph + i, ow·sw − pw + j], zero padding, groups 1, dilation 1; W stored out × in × kh × kw
 * (PyTorch's layout), input shape {in, H, W}. Units: the output channels (filters).
 *
 * <p>Computed as one matrix product over im2col columns: the batch's windows as rows (N·OH·OW) × (in·kh·kw),
 * times Wᵀ, plus the bias, on {@code MatOps} (float32; each output an fma chain over (c, i, j) in order,
 * so the bits do not depend on the thread count) or {@code AccurateOps} (float64). Samples go in chunks
 * of about {@value #CHUNK} column values to bound memory; rows are independent, so chunking changes no bit.
 */
public final class Conv2d implements Affine {
    /** Column values per chunk of samples (8 MB of float32). */
    static final int CHUNK = 1 << 21;

    private final String name;
    private final int in;
    private final int out;
    private final Window window;
    private final float[] weight;
    private final float[] bias;
    private final double[] weight64;
    private final double[] bias64;

    /** A convolution with float32 parameters; {@code bias} null for none. */
    public Conv2d(String name, int in, int out, Window window, float[] weight, float[] bias) {
        this(name, in, out, window, weight, bias, null, null);
    }

    private Conv2d(String name, int in, int out, Window window, float[] weight, float[] bias, double[] weight64,
                   double[] bias64) {
        if (in < 0 || out < 0) {
            throw new IllegalArgumentException(name + ": negative channel counts " + out + "x" + in);
        }
        long expected = (long) out * in * window.kh() * window.kw();
        if (weight.length != expected) {
            throw new IllegalArgumentException(name + ".weight has " + weight.length + " values, expected "
                    + out + "x" + in + "x" + window.kh() + "x" + window.kw());
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.window = window;
        this.weight = weight;
        this.bias = bias;
        this.weight64 = weight64;
        this.bias64 = bias64;
    }

    @Override
    public String name() {
        return name;
    }

    /** Input channels. */
    public int in() {
        return in;
    }

    /** Output channels (filters). */
    public int out() {
        return out;
    }

    /** Kernel, stride and padding. */
    public Window window() {
        return window;
    }

    @Override
    public float[] weight() {
        return weight;
    }

    @Override
    public float[] bias() {
        return bias;
    }

    @Override
    public int units() {
        return out;
    }

    @Override
    public int fanIn() {
        return in * window.kh() * window.kw();
    }

    @Override
    public double[] weight64() {
        return weight64 != null ? weight64 : Affine.widen(weight);
    }

    @Override
    public double[] bias64() {
        return weight64 != null ? bias64 : Affine.widen(bias);
    }

    @Override
    public int[] outputShape(int[] shape) {
        Shapes.requireImage(name, shape);
        Shapes.requireFirst(name, shape, in, "input channels");
        return window.output(name, out, shape);
    }

    // ------------------------------------------------------------------ geometry

    /** Sizes of one sample: input plane, output positions, window size K = in·kh·kw, and the im2col table. */
    private final class Geometry {
        final int plane;
        final int chw;
        final int positions;
        final int k;
        /** Entry p·K + (c·kh·kw + t): the input offset within the sample, −1 in the padding. */
        final int[] table;
        final int chunk;

        Geometry(int[] shape) {
            int[] o = outputShape(shape);
            plane = shape[1] * shape[2];
            chw = in * plane;
            positions = o[1] * o[2];
            k = fanIn();
            int taps = window.kh() * window.kw();
            int[] t = window.taps(shape[1], shape[2]);
            table = new int[positions * k];
            for (int p = 0; p < positions; p++) {
                for (int c = 0; c < in; c++) {
                    for (int j = 0; j < taps; j++) {
                        int off = t[p * taps + j];
                        table[p * k + c * taps + j] = off < 0 ? -1 : c * plane + off;
                    }
                }
            }
            chunk = Math.max(1, CHUNK / Math.max(1, positions * k));
        }

        /** im2col rows of samples s0..s1: row (s − s0)·P + p holds the window of output position p. */
        float[] columns(float[] x, int s0, int s1) {
            float[] cols = new float[(s1 - s0) * positions * k];
            int q = 0;
            for (int s = s0; s < s1; s++) {
                int base = s * chw;
                for (int e : table) {
                    cols[q++] = e < 0 ? 0f : x[base + e];
                }
            }
            return cols;
        }

        double[] columns(double[] x, int s0, int s1) {
            double[] cols = new double[(s1 - s0) * positions * k];
            int q = 0;
            for (int s = s0; s < s1; s++) {
                int base = s * chw;
                for (int e : table) {
                    cols[q++] = e < 0 ? 0.0 : x[base + e];
                }
            }
            return cols;
        }

        /** NCHW q of samples s0..s1 as rows (s − s0)·P + p of length out. */
        float[] rows(float[] q, int s0, int s1) {
            float[] r = new float[(s1 - s0) * positions * out];
            for (int s = s0; s < s1; s++) {
                for (int f = 0; f < out; f++) {
                    int src = (s * out + f) * positions;
                    int dst = (s - s0) * positions * out + f;
                    for (int p = 0; p < positions; p++) {
                        r[dst + p * out] = q[src + p];
                    }
                }
            }
            return r;
        }

        double[] rows(double[] q, int s0, int s1) {
            double[] r = new double[(s1 - s0) * positions * out];
            for (int s = s0; s < s1; s++) {
                for (int f = 0; f < out; f++) {
                    int src = (s * out + f) * positions;
                    int dst = (s - s0) * positions * out + f;
                    for (int p = 0; p < positions; p++) {
                        r[dst + p * out] = q[src + p];
                    }
                }
            }
            return r;
        }

        /** Rows (s − s0)·P + p of length out back into NCHW y. */
        void unrows(float[] r, float[] y, int s0, int s1) {
            for (int s = s0; s < s1; s++) {
                for (int f = 0; f < out; f++) {
                    int dst = (s * out + f) * positions;
                    int src = (s - s0) * positions * out + f;
                    for (int p = 0; p < positions; p++) {
                        y[dst + p] = r[src + p * out];
                    }
                }
            }
        }

        void unrows(double[] r, double[] y, int s0, int s1) {
            for (int s = s0; s < s1; s++) {
                for (int f = 0; f < out; f++) {
                    int dst = (s * out + f) * positions;
                    int src = (s - s0) * positions * out + f;
                    for (int p = 0; p < positions; p++) {
                        y[dst + p] = r[src + p * out];
                    }
                }
            }
        }

        /** col2im: adds column gradients of samples s0..s1 into gx, windows in order, taps in order. */
        void scatter(float[] cols, float[] gx, int s0, int s1) {
            int q = 0;
            for (int s = s0; s < s1; s++) {
                int base = s * chw;
                for (int e : table) {
                    if (e >= 0) {
                        gx[base + e] += cols[q];
                    }
                    q++;
                }
            }
        }

        void scatter(double[] cols, double[] gx, int s0, int s1) {
            int q = 0;
            for (int s = s0; s < s1; s++) {
                int base = s * chw;
                for (int e : table) {
                    if (e >= 0) {
                        gx[base + e] += cols[q];
                    }
                    q++;
                }
            }
        }
    }

    // ------------------------------------------------------------------ maps

    @Override
    public float[] affine(float[] x, float[] w, float[] b, int n, int[] shape, int threads) {
        Geometry g = new Geometry(shape);
        float[] y = new float[n * out * g.positions];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int rows = (s1 - s0) * g.positions;
            float[] z = new float[rows * out];
            MatOps.mulTransB(g.columns(x, s0, s1), w, b, z, rows, g.k, out, threads);
            g.unrows(z, y, s0, s1);
        }
        return y;
    }

    @Override
    public float[] forwardAccurate(float[] x, int n, int[] shape) {
        Geometry g = new Geometry(shape);
        float[] y = new float[n * out * g.positions];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int rows = (s1 - s0) * g.positions;
            float[] z = new float[rows * out];
            AccurateOps.mulTransB(g.columns(x, s0, s1), weight, bias, z, rows, g.k, out);
            g.unrows(z, y, s0, s1);
        }
        return y;
    }

    @Override
    public double[] affine64(double[] x, double[] w, double[] b, int n, int[] shape) {
        Geometry g = new Geometry(shape);
        double[] y = new double[n * out * g.positions];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int rows = (s1 - s0) * g.positions;
            double[] z = new double[rows * out];
            AccurateOps.mulTransB(g.columns(x, s0, s1), w, b, z, rows, g.k, out);
            g.unrows(z, y, s0, s1);
        }
        return y;
    }

    @Override
    public float[] transpose(float[] q, float[] w, int n, int[] shape, int threads) {
        Geometry g = new Geometry(shape);
        float[] gx = new float[n * g.chw];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int rows = (s1 - s0) * g.positions;
            float[] cols = new float[rows * g.k];
            MatOps.mul(g.rows(q, s0, s1), w, cols, rows, out, g.k, threads);
            g.scatter(cols, gx, s0, s1);
        }
        return gx;
    }

    @Override
    public double[] transpose64(double[] q, double[] w, int n, int[] shape) {
        Geometry g = new Geometry(shape);
        double[] gx = new double[n * g.chw];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int rows = (s1 - s0) * g.positions;
            double[] cols = new double[rows * g.k];
            AccurateOps.mul(g.rows(q, s0, s1), w, cols, rows, out, g.k);
            g.scatter(cols, gx, s0, s1);
        }
        return gx;
    }

    /** Σ over the batch of gyᵀ·columns, chunk by chunk in sample order (each chunk one fma chain per weight). */
    @Override
    public float[] weightGradient(float[] x, float[] gy, int n, int[] shape, int threads) {
        Geometry g = new Geometry(shape);
        float[] gw = new float[out * g.k];
        float[] part = new float[out * g.k];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int rows = (s1 - s0) * g.positions;
            MatOps.mulTransA(g.rows(gy, s0, s1), g.columns(x, s0, s1), s0 == 0 ? gw : part, rows, out, g.k, threads);
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
                int base = (r * out + f) * positions;
                for (int p = 0; p < positions; p++) {
                    s[f] += gy[base + p];
                }
            }
        }
        return Affine.round(s);
    }

    // ------------------------------------------------------------------ pruning

    @Override
    public Conv2d withoutUnits(boolean[] keep) {
        checkMask(keep, out, "output channels");
        int kept = Shapes.count(keep);
        int k = fanIn();
        float[] w = new float[kept * k];
        float[] b = bias == null ? null : new float[kept];
        int r = 0;
        for (int f = 0; f < out; f++) {
            if (keep[f]) {
                System.arraycopy(weight, f * k, w, r * k, k);
                if (b != null) {
                    b[r] = bias[f];
                }
                r++;
            }
        }
        return new Conv2d(name, in, kept, window, w, b);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] shape) {
        checkMask(keep, in, "input channels");
        int kept = Shapes.count(keep);
        int taps = window.kh() * window.kw();
        float[] w = new float[out * kept * taps];
        int q = 0;
        for (int f = 0; f < out; f++) {
            for (int c = 0; c < in; c++) {
                if (keep[c]) {
                    System.arraycopy(weight, (f * in + c) * taps, w, q, taps);
                    q += taps;
                }
            }
        }
        return new Shrunk(new Conv2d(name, kept, out, window, w, bias == null ? null : bias.clone()), null);
    }

    private void checkMask(boolean[] keep, int size, String what) {
        if (keep.length != size) {
            throw new IllegalArgumentException(name + ": keep mask over " + keep.length + " " + what + ", layer has " + size);
        }
    }

    @Override
    public Conv2d withParameters(float[] w, float[] b) {
        return new Conv2d(name, in, out, window, w, b);
    }

    @Override
    public Conv2d withParameters64(double[] w, double[] b) {
        return new Conv2d(name, in, out, window, Affine.round(w), Affine.round(b), w, b);
    }

    @Override
    public List<Param> parameters() {
        List<Param> p = new ArrayList<>();
        p.add(new Param("weight", new int[] {out, in, window.kh(), window.kw()}, weight));
        if (bias != null) {
            p.add(new Param("bias", new int[] {out}, bias));
        }
        return p;
    }

    @Override
    public long macs(int[] shape) {
        int[] o = outputShape(shape);
        return (long) o[1] * o[2] * out * fanIn();
    }

    @Override
    public String toString() {
        return "Conv2d(" + name + ", " + in + " -> " + out + ", " + window + (bias == null ? ", no bias" : "") + ")";
    }
}
