package org.lrppruning.workbench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import java.util.List;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Layer;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Window;

/**
 * {@link Conv2d}'s forward pass for a dense stride-1 convolution computed straight from a zero-padded copy of each
 * sample, without im2col columns or packed panels: the evaluation of a pruned vgg-small spent more time building and
 * packing those than multiplying. The bits are Conv2d's: each output is one fma chain from +0 over the taps (c, i, j)
 * in order, the padding's zeros included, then + bias when there is one (ForwardTest and DirectConvTest compare).
 *
 * <p>The outputs are computed on the padded grid (a·Wp + b, Wp the padded width), where tap (c, i, j) of every
 * position sits at the same offset c·plane + i·Wp + j, so a vector of positions reads one contiguous run; the
 * columns b ≥ OW of that grid are computed and dropped. A register tile holds {@value #FT} filters × {@value #VT}
 * vectors of positions (twelve independent fma chains keep both fma pipes busy); the filters are padded with zero
 * weights to whole tiles and the grid to whole vectors, and those outputs are dropped too.
 *
 * <p>The per-channel layers after the convolution (BatchNorm, ReLU, max pooling, Dropout) may be applied to each
 * output plane as it is laid out, with their own float operations in their order: their intermediate outputs are
 * never written, which saves the passes over them and most of the allocations of a batch.
 */
final class DirectConv {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Filters and position vectors of a register tile. */
    private static final int FT = 6;
    private static final int VT = 2;

    private final Conv2d conv;
    private final int in;
    private final int h;
    private final int w;
    private final int oh;
    private final int ow;
    private final int wp;
    private final int plane;
    private final int filters;
    /** Grid positions per filter, whole tiles. */
    private final int width;
    private final int[] offsets;
    private final float[] wt;
    private final Epilogue post;

    private DirectConv(Conv2d c, List<Layer> then, int[] shape) {
        Window win = c.window();
        int[] o = c.outputShape(shape);
        this.conv = c;
        this.in = shape[0];
        this.h = shape[1];
        this.w = shape[2];
        this.oh = o[1];
        this.ow = o[2];
        this.filters = (c.out() + FT - 1) / FT * FT;
        this.wp = w + 2 * win.pw();
        this.plane = (h + 2 * win.ph()) * wp;
        int k = in * win.kh() * win.kw();
        this.width = (oh * wp + VT * L - 1) / (VT * L) * VT * L;
        this.offsets = new int[k];
        int t = 0;
        for (int ch = 0; ch < in; ch++) {
            for (int i = 0; i < win.kh(); i++) {
                for (int j = 0; j < win.kw(); j++) {
                    offsets[t++] = ch * plane + i * wp + j;
                }
            }
        }
        this.wt = tapMajor(c.weight(), c.out(), filters, k);
        this.post = new Epilogue(then, o);
    }

    /** Whether {@code l} is a convolution this path computes: dense, stride 1. */
    static boolean applies(Layer l) {
        if (!(l instanceof Conv2d c) || c.groups() != 1) {
            return false;
        }
        Window w = c.window();
        return w.sh() == 1 && w.sw() == 1;
    }

    /** Whether {@code l} acts per channel and may follow a convolution here: BatchNorm, ReLU, max pooling, Dropout. */
    static boolean fuses(Layer l) {
        return l instanceof BatchNorm || l instanceof Relu || l instanceof MaxPool2d || l instanceof Dropout;
    }

    /**
     * The layers {@code c} (which {@link #applies}) then {@code then} (each {@link #fuses}) on inputs of
     * {@code shape}, readied for batches: the weights rearranged once.
     */
    static DirectConv of(Conv2d c, List<Layer> then, int[] shape) {
        return new DirectConv(c, then, shape);
    }

    /** {@code c.forward(x, n, shape, threads)}, bit for bit, on the calling thread. */
    static float[] forward(Conv2d c, float[] x, int n, int[] shape) {
        return of(c, List.of(), shape).forward(x, n);
    }

    /** The layers one after the other on the n samples of x, bit for bit, on the calling thread. */
    float[] forward(float[] x, int n) {
        Window win = conv.window();
        int out = conv.out();
        float[] bias = conv.bias();
        // the last tap's runs end at most (kh − 1)·wp + kw − 1 + width values past its channel's start
        float[] padded = new float[in * plane + win.kh() * wp + win.kw() + width];
        float[] acc = new float[filters * width];
        float[][] planes = post.planes();
        int size = post.size(); // values per channel of the last layer's output
        float[] y = new float[n * out * size];
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < in; ch++) {
                for (int r = 0; r < h; r++) {
                    System.arraycopy(x, ((s * in + ch) * h + r) * w, padded,
                            ch * plane + (r + win.ph()) * wp + win.pw(), w);
                }
            }
            for (int f = 0; f < filters; f += FT) {
                for (int q = 0; q < width; q += VT * L) {
                    tile(padded, offsets, wt, filters, f, q, acc, width);
                }
            }
            // the valid columns of each row of the grid, plus the bias (one float addition, as Conv2d's)
            for (int g = 0; g < out; g++) {
                float[] plane0 = planes[0];
                int src = g * width;
                for (int a = 0; a < oh; a++) {
                    if (bias == null) {
                        System.arraycopy(acc, src + a * wp, plane0, a * ow, ow);
                    } else {
                        float b = bias[g];
                        for (int q = 0; q < ow; q++) {
                            plane0[a * ow + q] = acc[src + a * wp + q] + b;
                        }
                    }
                }
                post.apply(g, planes, y, (s * out + g) * size);
            }
        }
        return y;
    }

    /** Filter-major weights (out × k) as tap-major (k × filters), the filters beyond {@code out} zero. */
    private static float[] tapMajor(float[] w, int out, int filters, int k) {
        float[] t = new float[filters * k];
        for (int f = 0; f < out; f++) {
            for (int p = 0; p < k; p++) {
                t[p * filters + f] = w[f * k + p];
            }
        }
        return t;
    }

    /** Filters f..f+5 at grid positions q..q+2L: twelve fma chains of L lanes over the taps in order. */
    private static void tile(float[] x, int[] offsets, float[] wt, int filters, int f, int q, float[] acc,
                             int stride) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a0 = z, a1 = z, b0 = z, b1 = z, c0 = z, c1 = z, d0 = z, d1 = z, e0 = z, e1 = z, g0 = z, g1 = z;
        for (int t = 0; t < offsets.length; t++) {
            int at = offsets[t] + q;
            FloatVector x0 = FloatVector.fromArray(F, x, at);
            FloatVector x1 = FloatVector.fromArray(F, x, at + L);
            int wo = t * filters + f;
            FloatVector v = FloatVector.broadcast(F, wt[wo]);
            a0 = v.fma(x0, a0);
            a1 = v.fma(x1, a1);
            v = FloatVector.broadcast(F, wt[wo + 1]);
            b0 = v.fma(x0, b0);
            b1 = v.fma(x1, b1);
            v = FloatVector.broadcast(F, wt[wo + 2]);
            c0 = v.fma(x0, c0);
            c1 = v.fma(x1, c1);
            v = FloatVector.broadcast(F, wt[wo + 3]);
            d0 = v.fma(x0, d0);
            d1 = v.fma(x1, d1);
            v = FloatVector.broadcast(F, wt[wo + 4]);
            e0 = v.fma(x0, e0);
            e1 = v.fma(x1, e1);
            v = FloatVector.broadcast(F, wt[wo + 5]);
            g0 = v.fma(x0, g0);
            g1 = v.fma(x1, g1);
        }
        store(acc, f * stride + q, stride, a0, a1, b0, b1, c0, c1, d0, d1, e0, e1, g0, g1);
    }

    /** A tile's six filters × two vectors into acc from {@code o}, one filter every {@code stride} values. */
    private static void store(float[] acc, int o, int stride, FloatVector a0, FloatVector a1, FloatVector b0,
                              FloatVector b1, FloatVector c0, FloatVector c1, FloatVector d0, FloatVector d1,
                              FloatVector e0, FloatVector e1, FloatVector g0, FloatVector g1) {
        a0.intoArray(acc, o);
        a1.intoArray(acc, o + L);
        b0.intoArray(acc, o + stride);
        b1.intoArray(acc, o + stride + L);
        c0.intoArray(acc, o + 2 * stride);
        c1.intoArray(acc, o + 2 * stride + L);
        d0.intoArray(acc, o + 3 * stride);
        d1.intoArray(acc, o + 3 * stride + L);
        e0.intoArray(acc, o + 4 * stride);
        e1.intoArray(acc, o + 4 * stride + L);
        g0.intoArray(acc, o + 5 * stride);
        g1.intoArray(acc, o + 5 * stride + L);
    }

    /**
     * The per-channel layers after a convolution applied to one output plane (channel g of one sample) at a time:
     * BatchNorm as v·a_g + b_g (a float multiplication, then a float addition, with a and b BatchNorm's float32
     * rounding of its float64 scale and shift), ReLU as {@code Math.max(v, 0f)}, Dropout as nothing, max pooling as
     * MaxPool2d's value at its arg-max (the first strictly largest value of the window in row-major order, or its
     * last NaN).
     */
    private static final class Epilogue {
        private final List<Layer> layers;
        /** Per layer: its input shape (then the last output's); BatchNorm's a and b (else null). */
        private final int[][] shapes;
        private final float[][] scale;
        private final float[][] shift;

        Epilogue(List<Layer> layers, int[] shape) {
            this.layers = List.copyOf(layers);
            this.shapes = new int[layers.size() + 1][];
            this.scale = new float[layers.size()][];
            this.shift = new float[layers.size()][];
            shapes[0] = shape;
            for (int i = 0; i < layers.size(); i++) {
                Layer l = layers.get(i);
                shapes[i + 1] = l.outputShape(shapes[i]);
                if (l instanceof BatchNorm bn) {
                    scale[i] = round(bn.scale64());
                    shift[i] = round(bn.shift64());
                }
            }
        }

        /**
         * The planes between the layers for one caller: [0] the convolution's, [i + 1] layer i's output (elementwise
         * layers work in place, a pooling writes a smaller plane).
         */
        float[][] planes() {
            float[][] planes = new float[layers.size() + 1][];
            planes[0] = new float[shapes[0][1] * shapes[0][2]];
            for (int i = 0; i < layers.size(); i++) {
                planes[i + 1] = layers.get(i) instanceof MaxPool2d ? new float[shapes[i + 1][1] * shapes[i + 1][2]]
                        : planes[i];
            }
            return planes;
        }

        /** Values per channel of the last layer's output. */
        int size() {
            int[] last = shapes[layers.size()];
            return last[1] * last[2];
        }

        /** Channel g's plane (in planes[0]) through every layer, the result into y from {@code at}. */
        void apply(int g, float[][] planes, float[] y, int at) {
            for (int i = 0; i < layers.size(); i++) {
                float[] v = planes[i];
                int len = shapes[i][1] * shapes[i][2];
                Layer l = layers.get(i);
                if (l instanceof BatchNorm) {
                    float a = scale[i][g];
                    float b = shift[i][g];
                    int p = 0;
                    for (int end = F.loopBound(len); p < end; p += L) {
                        FloatVector.fromArray(F, v, p).mul(a).add(b).intoArray(v, p);
                    }
                    for (; p < len; p++) {
                        v[p] = v[p] * a + b;
                    }
                } else if (l instanceof Relu) {
                    for (int p = 0; p < len; p++) {
                        v[p] = Math.max(v[p], 0f);
                    }
                } else if (l instanceof MaxPool2d pool) {
                    pool(pool.window(), v, shapes[i][1], shapes[i][2], planes[i + 1], shapes[i + 1][1],
                            shapes[i + 1][2]);
                }
            }
            System.arraycopy(planes[layers.size()], 0, y, at, size());
        }

        /** MaxPool2d's generic loop over one plane: each window's first strictly largest value, or its last NaN. */
        private static void pool(Window win, float[] x, int h, int w, float[] y, int oh, int ow) {
            if (win.equals(Window.square(2, 2, 0))) {
                pool2x2(x, w, y, oh, ow);
                return;
            }
            for (int a = 0; a < oh; a++) {
                int r0 = Math.max(0, a * win.sh() - win.ph());
                int r1 = Math.min(h, a * win.sh() - win.ph() + win.kh());
                for (int b = 0; b < ow; b++) {
                    int c0 = Math.max(0, b * win.sw() - win.pw());
                    int c1 = Math.min(w, b * win.sw() - win.pw() + win.kw());
                    int best = r0 * w + c0;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int r = r0; r < r1; r++) {
                        for (int c = c0; c < c1; c++) {
                            float v = x[r * w + c];
                            if (v > max || v != v) {
                                max = v;
                                best = r * w + c;
                            }
                        }
                    }
                    y[a * ow + b] = x[best];
                }
            }
        }

        /** {@link #pool} for 2×2 windows of stride 2 without padding, the same steps on the four values in order. */
        private static void pool2x2(float[] x, int w, float[] y, int oh, int ow) {
            for (int a = 0; a < oh; a++) {
                for (int b = 0; b < ow; b++) {
                    int i = 2 * a * w + 2 * b;
                    float m = x[i];
                    m = take(x[i + 1], m);
                    m = take(x[i + w], m);
                    y[a * ow + b] = take(x[i + w + 1], m);
                }
            }
        }

        /** v when it is larger than m or NaN, else m: the step of MaxPool2d's scan. */
        private static float take(float v, float m) {
            return v > m || v != v ? v : m;
        }

        private static float[] round(double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) v[i];
            }
            return f;
        }
    }
}
