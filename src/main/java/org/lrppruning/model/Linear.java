package org.lrppruning.model;

import java.util.List;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.MatOps;

/**
 * y = x·Wᵀ + b with W stored out × in, row-major (PyTorch's layout); input shape {in}. The arrays are
 * shared, never modified after construction (the trainer's private network excepted): a changed layer
 * is a new layer. Units: the outputs.
 */
public final class Linear extends AffineParams implements Affine {
    private final int in;
    private final int out;

    /** A layer with float32 parameters; {@code bias} null for none. */
    public Linear(String name, int in, int out, float[] weight, float[] bias) {
        this(name, in, out, weight, bias, null, null);
    }

    private Linear(String name, int in, int out, float[] weight, float[] bias, double[] weight64, double[] bias64) {
        super(name, out, in, out + "x" + in, weight, bias, weight64, bias64);
        this.in = in;
        this.out = out;
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
