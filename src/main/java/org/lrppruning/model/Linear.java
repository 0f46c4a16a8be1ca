package org.lrppruning.model;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.MatOps;

/**
 * y = x·Wᵀ + b with W stored out × in, row-major (PyTorch's layout); input shape {in}. The arrays are
 * shared, never modified after construction (the trainer's private network excepted): a changed layer
 * is a new layer. Units: the outputs.
 */
public final class Linear implements Affine {
    private final String name;
    private final int in;
    private final int out;
    private final float[] weight;
    private final float[] bias;
    private final double[] weight64;
    private final double[] bias64;

    /** A layer with float32 parameters; {@code bias} null for none. */
    public Linear(String name, int in, int out, float[] weight, float[] bias) {
        this(name, in, out, weight, bias, null, null);
    }

    private Linear(String name, int in, int out, float[] weight, float[] bias, double[] weight64, double[] bias64) {
        if (in < 0 || out < 0) {
            throw new IllegalArgumentException(name + ": negative layer shape " + out + "x" + in);
        }
        if (weight.length != in * out) {
            throw new IllegalArgumentException(name + ".weight has " + weight.length
                    + " values, expected " + out + "x" + in);
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
        this.weight64 = weight64;
        this.bias64 = bias64;
    }

    @Override
    public String name() {
        return name;
    }

    /** Input features. */
    public int in() {
        return in;
    }

    /** Output features. */
    public int out() {
        return out;
    }

    @Override
    public float[] weight() {
        return weight;
    }

    @Override
    public float[] bias() {
        return bias;
    }

    /** W[j, i]. */
    public float w(int j, int i) {
        return weight[j * in + i];
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
    public double[] weight64() {
        return weight64 != null ? weight64 : Affine.widen(weight);
    }

    @Override
    public double[] bias64() {
        return weight64 != null ? bias64 : Affine.widen(bias);
    }

    @Override
    public int[] outputShape(int[] shape) {
        if (shape.length != 1 || shape[0] != in) {
            throw new IllegalArgumentException(name + " expects " + in + " inputs, got " + Shapes.format(shape)
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
        AccurateOps.mulTransB(x, weight, bias, z, n, in, out);
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
        checkMask(keep, out, "outputs");
        int kept = Shapes.count(keep);
        float[] w = new float[kept * in];
        float[] b = bias == null ? null : new float[kept];
        int r = 0;
        for (int j = 0; j < out; j++) {
            if (keep[j]) {
                System.arraycopy(weight, j * in, w, r * in, in);
                if (b != null) {
                    b[r] = bias[j];
                }
                r++;
            }
        }
        return new Linear(name, in, kept, w, b);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] shape) {
        checkMask(keep, in, "inputs");
        int kept = Shapes.count(keep);
        float[] w = new float[out * kept];
        for (int j = 0; j < out; j++) {
            int c = 0;
            for (int i = 0; i < in; i++) {
                if (keep[i]) {
                    w[j * kept + c++] = weight[j * in + i];
                }
            }
        }
        return new Shrunk(new Linear(name, kept, out, w, bias == null ? null : bias.clone()), null);
    }

    private void checkMask(boolean[] keep, int size, String what) {
        if (keep.length != size) {
            throw new IllegalArgumentException(name + ": keep mask over " + keep.length + " " + what + ", layer has " + size);
        }
    }

    @Override
    public Linear withParameters(float[] w, float[] b) {
        return new Linear(name, in, out, w, b);
    }

    @Override
    public Linear withParameters64(double[] w, double[] b) {
        return new Linear(name, in, out, Affine.round(w), Affine.round(b), w, b);
    }

    @Override
    public List<Param> parameters() {
        List<Param> p = new ArrayList<>();
        p.add(new Param("weight", new int[] {out, in}, weight));
        if (bias != null) {
            p.add(new Param("bias", new int[] {out}, bias));
        }
        return p;
    }

    @Override
    public long macs(int[] shape) {
        return (long) in * out;
    }

    @Override
    public String toString() {
        return "Linear(" + name + ", " + in + " -> " + out + (bias == null ? ", no bias" : "") + ")";
    }
}
