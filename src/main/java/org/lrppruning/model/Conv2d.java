package org.lrppruning.model;

import java.util.List;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.MatOps;

/**
 * 2-D convolution (cross-correlation, as PyTorch): y[f, oh, ow] = b[f] + Σ_{c,i,j} W[f, c, i, j] ·
 * x[c, oh·sh − ph + i, ow·sw − pw + j], zero padding, groups 1, dilation 1; W stored out × in × kh × kw
 * (PyTorch's layout), input shape {in, H, W}. Units: the output channels (filters).
 *
 * <p>Computed as one matrix product over im2col columns: W (out × in·kh·kw) times the columns
 * (in·kh·kw × N·OH·OW, one per sample and output position), then the bias, on {@code MatOps} (float32;
 * each output an fma chain over (c, i, j) in order plus one addition, so the bits do not depend on the
 * thread count) or {@code AccurateOps} (float64). Samples go in chunks of about {@value #CHUNK} column
 * values to bound memory; columns are independent, so chunking changes no bit of the outputs.
 */
public final class Conv2d extends AffineParams implements Affine {
    /** Column values per chunk of samples (8 MB of float32). */
    static final int CHUNK = 1 << 21;

    private final int in;
    private final int out;
    private final Window window;

    /** A convolution with float32 parameters; {@code bias} null for none. */
    public Conv2d(String name, int in, int out, Window window, float[] weight, float[] bias) {
        this(name, in, out, window, weight, bias, null, null);
    }

    private Conv2d(String name, int in, int out, Window window, float[] weight, float[] bias, double[] weight64,
                   double[] bias64) {
        super(name, out, (long) in * window.kh() * window.kw(), out + "x" + in + "x" + window.kh() + "x" + window.kw(),
                weight, bias, weight64, bias64);
        this.in = in;
        this.out = out;
        this.window = window;
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
    public int units() {
        return out;
    }

    @Override
    public int fanIn() {
        return in * window.kh() * window.kw();
    }

    @Override
    public int[] outputShape(int[] shape) {
        Shapes.requireImage(name(), shape);
        Shapes.requireFirst(name(), shape, in, "input channels");
        return window.output(name(), out, shape);
    }

    // ------------------------------------------------------------------ geometry

    /**
     * One sample's sizes and the im2col layout of a chunk of samples s0..s1: a K × m matrix (K = in·kh·kw
     * rows, one per tap (c, i, j) in order; m = (s1 − s0)·P columns, one per sample and output position).
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
        void runs(int s0, int s1, Run run) {
            int m = (s1 - s0) * positions;
            int taps = window.kh() * window.kw();
            for (int c = 0; c < in; c++) {
                for (int i = 0; i < window.kh(); i++) {
                    for (int j = 0; j < window.kw(); j++) {
                        int row = c * taps + i * window.kw() + j;
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

        float[] columns(float[] x, int s0, int s1) {
            float[] cols = new float[k * (s1 - s0) * positions];
            int sw = window.sw();
            runs(s0, s1, (dst, src, len) -> {
                if (sw == 1) {
                    System.arraycopy(x, src, cols, dst, len);
                } else {
                    for (int t = 0; t < len; t++) {
                        cols[dst + t] = x[src + t * sw];
                    }
                }
            });
            return cols;
        }

        double[] columns(double[] x, int s0, int s1) {
            double[] cols = new double[k * (s1 - s0) * positions];
            int sw = window.sw();
            runs(s0, s1, (dst, src, len) -> {
                for (int t = 0; t < len; t++) {
                    cols[dst + t] = x[src + t * sw];
                }
            });
            return cols;
        }

        /** col2im: adds the column gradients into gx, taps in order. */
        void scatter(float[] cols, float[] gx, int s0, int s1) {
            int sw = window.sw();
            runs(s0, s1, (dst, src, len) -> {
                for (int t = 0; t < len; t++) {
                    gx[src + t * sw] += cols[dst + t];
                }
            });
        }

        void scatter(double[] cols, double[] gx, int s0, int s1) {
            int sw = window.sw();
            runs(s0, s1, (dst, src, len) -> {
                for (int t = 0; t < len; t++) {
                    gx[src + t * sw] += cols[dst + t];
                }
            });
        }

        /** NCHW q of samples s0..s1 as an out × m matrix (filter-major, then sample, then position). */
        float[] byFilter(float[] q, int s0, int s1) {
            int m = (s1 - s0) * positions;
            float[] r = new float[out * m];
            for (int f = 0; f < out; f++) {
                for (int s = s0; s < s1; s++) {
                    System.arraycopy(q, (s * out + f) * positions, r, f * m + (s - s0) * positions, positions);
                }
            }
            return r;
        }

        double[] byFilter(double[] q, int s0, int s1) {
            int m = (s1 - s0) * positions;
            double[] r = new double[out * m];
            for (int f = 0; f < out; f++) {
                for (int s = s0; s < s1; s++) {
                    System.arraycopy(q, (s * out + f) * positions, r, f * m + (s - s0) * positions, positions);
                }
            }
            return r;
        }

        /** The out × m product back into NCHW y, plus the bias (one float32 addition after each fma chain). */
        void toOutput(float[] z, float[] b, float[] y, int s0, int s1) {
            int m = (s1 - s0) * positions;
            for (int f = 0; f < out; f++) {
                for (int s = s0; s < s1; s++) {
                    int src = f * m + (s - s0) * positions;
                    int dst = (s * out + f) * positions;
                    if (b == null) {
                        System.arraycopy(z, src, y, dst, positions);
                    } else {
                        float bf = b[f];
                        for (int p = 0; p < positions; p++) {
                            y[dst + p] = z[src + p] + bf;
                        }
                    }
                }
            }
        }

        void toOutput(double[] z, double[] b, double[] y, int s0, int s1) {
            int m = (s1 - s0) * positions;
            for (int f = 0; f < out; f++) {
                for (int s = s0; s < s1; s++) {
                    int src = f * m + (s - s0) * positions;
                    int dst = (s * out + f) * positions;
                    double bf = b == null ? 0 : b[f];
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
        Geometry g = new Geometry(shape);
        float[] y = new float[n * out * g.positions];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            float[] z = new float[out * m];
            MatOps.mul(w, g.columns(x, s0, s1), z, out, g.k, m, threads);
            g.toOutput(z, b, y, s0, s1);
        }
        return y;
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
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            double[] z = new double[out * m];
            AccurateOps.mul(w, g.columns(x, s0, s1), z, out, g.k, m);
            g.toOutput(z, b, y, s0, s1);
        }
        return y;
    }

    @Override
    public float[] transpose(float[] q, float[] w, int n, int[] shape, int threads) {
        Geometry g = new Geometry(shape);
        float[] gx = new float[n * g.chw];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            float[] cols = new float[g.k * m];
            MatOps.mulTransA(w, g.byFilter(q, s0, s1), cols, out, g.k, m, threads);
            g.scatter(cols, gx, s0, s1);
        }
        return gx;
    }

    @Override
    public double[] transpose64(double[] q, double[] w, int n, int[] shape) {
        Geometry g = new Geometry(shape);
        double[] wt = new double[g.k * out];
        for (int f = 0; f < out; f++) {
            for (int t = 0; t < g.k; t++) {
                wt[t * out + f] = w[f * g.k + t];
            }
        }
        double[] gx = new double[n * g.chw];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            double[] cols = new double[g.k * m];
            AccurateOps.mul(wt, g.byFilter(q, s0, s1), cols, g.k, out, m);
            g.scatter(cols, gx, s0, s1);
        }
        return gx;
    }

    /** Σ over the batch of gy·columnsᵀ, chunk by chunk in sample order (within a chunk one fma chain per weight). */
    @Override
    public float[] weightGradient(float[] x, float[] gy, int n, int[] shape, int threads) {
        Geometry g = new Geometry(shape);
        float[] gw = new float[out * g.k];
        float[] part = new float[out * g.k];
        for (int s0 = 0; s0 < n; s0 += g.chunk) {
            int s1 = Math.min(n, s0 + g.chunk);
            int m = (s1 - s0) * g.positions;
            MatOps.mulTransB(g.byFilter(gy, s0, s1), g.columns(x, s0, s1), null, s0 == 0 ? gw : part, out, m, g.k,
                    threads);
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
        float[][] kept = keptUnits(keep, out, fanIn());
        return new Conv2d(name(), in, Shapes.count(keep), window, kept[0], kept[1]);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] shape) {
        float[] w = keptInputs(keep, out, in, window.kh() * window.kw());
        return new Shrunk(new Conv2d(name(), Shapes.count(keep), out, window, w, biasCopy()), null);
    }

    @Override
    public Conv2d withParameters(float[] w, float[] b) {
        return new Conv2d(name(), in, out, window, w, b);
    }

    @Override
    public Conv2d withParameters64(double[] w, double[] b) {
        return new Conv2d(name(), in, out, window, Affine.round(w), Affine.round(b), w, b);
    }

    @Override
    public List<Param> parameters() {
        return params(new int[] {out, in, window.kh(), window.kw()});
    }

    @Override
    public long macs(int[] shape) {
        int[] o = outputShape(shape);
        return (long) o[1] * o[2] * out * fanIn();
    }

    @Override
    public String toString() {
        return "Conv2d(" + name() + ", " + in + " -> " + out + ", " + window + (bias() == null ? ", no bias" : "") + ")";
    }
}
