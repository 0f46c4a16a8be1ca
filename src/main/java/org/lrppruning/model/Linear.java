package org.lrppruning.model;

import java.util.List;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.MatOps;
import org.lrppruning.linalg.Parallel;

/**
 * y = x·Wᵀ + b with W stored out × in, row-major (PyTorch's layout); input shape {in}. The arrays are
 * shared, never modified after construction (the trainer's private network excepted): a changed layer
 * is a new layer. Units: the outputs.
 */
public final class Linear extends AffineParams implements Affine {
    /** Most weights {@link #packed} packs (16 MB per packed copy): a larger layer packs at each product. */
    static final int PACK_LIMIT = 1 << 22;

    private final int in;
    private final int out;
    /** Wᵀ and W packed for MatOps' products with this layer's own weights, or null: packed at each product. */
    private final Packed packed;

    private record Packed(MatOps.PackedRight forward, MatOps.PackedRight transpose) {
    }

    /** A layer with float32 parameters; {@code bias} null for none. */
    public Linear(String name, int in, int out, float[] weight, float[] bias) {
        this(name, in, out, weight, bias, null, null);
    }

    private Linear(String name, int in, int out, float[] weight, float[] bias, double[] weight64, double[] bias64) {
        this(name, in, out, weight, bias, weight64, bias64, null);
    }

    private Linear(String name, int in, int out, float[] weight, float[] bias, double[] weight64, double[] bias64,
                   Packed packed) {
        super(name, out, in, out + "x" + in, weight, bias, weight64, bias64);
        this.in = in;
        this.out = out;
        this.packed = packed;
    }

    /**
     * This layer with its weights packed once for the float32 products of many batches (an explainer's chunks pass
     * the same layer hundreds of times): {@link #affine} and {@link #transpose} with the layer's own weights then
     * skip MatOps' packing, the same fma chains, so the same bits. Itself when it already is, or when W has more than
     * {@value #PACK_LIMIT} values (the two packed copies would outgrow the memory they save time on).
     */
    public Linear packed() {
        if (packed != null || (long) in * out > PACK_LIMIT || in == 0 || out == 0) {
            return this;
        }
        float[] w = weight();
        return new Linear(name(), in, out, w, bias(), storedWeight64(), storedBias64(),
                new Packed(MatOps.packRightTransposed(w, in, out), MatOps.packRight(w, 0, out, in)));
    }

    /** Whether {@link #packed} packed this layer's weights. */
    public boolean isPacked() {
        return packed != null;
    }

    /** C = A · B for the n rows of a (a packed B), rows split over threads: every row's chains are its own. */
    private static void packedProduct(float[] a, int k, MatOps.PackedRight b, float[] c, int n, int threads) {
        int cols = b.n();
        Parallel.range(n, threads, 16, (r0, r1) -> MatOps.mul(a, r0 * k, b, c, r0 * cols, r1 - r0));
    }

    /** Input features. */
    public int in() {
        return in;
    }

    /** Output features. */
    public int out() {
        return out;
    }

    /** W[j, i]. */
    public float w(int j, int i) {
        return weight()[j * in + i];
    }

    @Override
    public int units() {
        return out;
    }

    @Override
    public int fanIn() {
        return in;
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length != 1 || shape[0] != in) {
            throw new IllegalArgumentException(name() + " expects " + in + " inputs, got " + Shapes.format(shape)
                    + (shape.length > 1 ? " (flatten first)" : ""));
        }
        return new int[] {out};
    }

    @Override
    public float[] affine(float[] x, float[] w, float[] b, int n, int[] shape, int threads) {
        float[] z = new float[n * out];
        if (packed != null && w == weight()) {
            packedProduct(x, in, packed.forward(), z, n, threads);
            if (b != null) {
                // MatOps adds the bias once after each chain, as here
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < out; j++) {
                        z[r * out + j] += b[j];
                    }
                }
            }
            return z;
        }
        MatOps.mulTransB(x, w, b, z, n, in, out, threads);
        return z;
    }

    @Override
    public float[] forwardAccurate(float[] x, int n, int[] shape) {
        float[] z = new float[n * out];
        AccurateOps.mulTransB(x, weight(), bias(), z, n, in, out);
        return z;
    }

    @Override
    public float[] transpose(float[] q, float[] w, int n, int[] shape, int threads) {
        float[] c = new float[n * in];
        if (packed != null && w == weight()) {
            packedProduct(q, out, packed.transpose(), c, n, threads);
            return c;
        }
        MatOps.mul(q, w, c, n, out, in, threads);
        return c;
    }

    @Override
    public double[] affine64(double[] x, double[] w, double[] b, int n, int[] shape) {
        double[] z = new double[n * out];
        AccurateOps.mulTransB(x, w, b, z, n, in, out);
        return z;
    }

    @Override
    public double[] transpose64(double[] q, double[] w, int n, int[] shape) {
        double[] c = new double[n * in];
        AccurateOps.mul(q, w, c, n, out, in);
        return c;
    }

    @Override
    public float[] weightGradient(float[] x, float[] gy, int n, int[] shape, int threads) {
        float[] g = new float[out * in];
        MatOps.mulTransA(gy, x, g, n, out, in, threads);
        return g;
    }

    @Override
    public float[] biasGradient(float[] gy, int n, int[] shape) {
        return Backprop.columnSums(gy, n, out);
    }

    @Override
    public Linear withoutUnits(boolean[] keep) {
        float[][] kept = keptUnits(keep, out, in);
        return new Linear(name(), in, Shapes.count(keep), kept[0], kept[1]);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] shape) {
        float[] w = keptInputs(keep, out, in, 1);
        return new Shrunk(new Linear(name(), Shapes.count(keep), out, w, biasCopy()), null);
    }

    @Override
    public Linear withParameters(float[] w, float[] b) {
        return new Linear(name(), in, out, w, b);
    }

    @Override
    public Linear withParameters64(double[] w, double[] b) {
        return new Linear(name(), in, out, Affine.round(w), Affine.round(b), w, b);
    }

    @Override
    public List<Param> parameters() {
        return params(new int[] {out, in});
    }

    @Override
    public long macs(int[] shape) {
        return (long) in * out;
    }

    @Override
    public String toString() {
        return "Linear(" + name() + ", " + in + " -> " + out + (bias() == null ? ", no bias" : "") + ")";
    }
}
