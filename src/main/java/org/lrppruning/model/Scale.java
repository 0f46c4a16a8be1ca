package org.lrppruning.model;

import java.util.Arrays;

/**
 * y = c ⊙ x for a constant c (ONNX {@code Mul} of a computed tensor by an initializer or Constant): one value, or
 * one per channel broadcast over H×W (one per feature of a flat input). ∂L/∂x = c ⊙ ∂L/∂y. Relevance crosses it
 * as Zennit lets it: no rule maps a product by a constant (it is no {@code torch.nn} module), so its gradient
 * carries the relevance, R_x = c ⊙ R_y; only c = 1 keeps the sum. The constant is not a parameter (no state-dict
 * key, nothing to train); removing channels removes their values of a per-channel constant.
 */
public final class Scale implements Layer {
    private final String name;
    private final float[] factor;

    /** A scale by {@code factor}: one value, or one per channel (feature). */
    public Scale(String name, float[] factor) {
        if (factor.length == 0) {
            throw new IllegalArgumentException(name + ": a scale needs at least one value");
        }
        for (float f : factor) {
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException(name + ": the constant holds " + f + "; it must be finite");
            }
        }
        this.name = name;
        this.factor = factor.clone();
    }

    @Override
    public String name() {
        return name;
    }

    /** The constant: one value, or one per channel (a copy). */
    public float[] factor() {
        return factor.clone();
    }

    /** Whether the constant has one value per channel rather than one for all. */
    public boolean perChannel() {
        return factor.length > 1;
    }

    @Override
    public int[] outputShape(int[] in) {
        if (perChannel()) {
            Shapes.requireFirst(name, in, factor.length, "channels (one per value of its constant)");
        }
        return in.clone();
    }

    /** Values of one sample that share one value of the constant (all of them for a single value). */
    private int run(int[] in) {
        outputShape(in);
        return perChannel() ? Shapes.inner(in) : Shapes.size(in);
    }

    /** v ⊙ c in float32: each product rounded once, as torch multiplies. */
    private float[] times(float[] v, int n, int[] in) {
        int run = run(in);
        int per = Shapes.size(in);
        float[] y = new float[n * per];
        for (int i = 0; i < y.length; i++) {
            y[i] = v[i] * factor[(i % per) / run];
        }
        return y;
    }

    private double[] times(double[] v, int n, int[] in) {
        int run = run(in);
        int per = Shapes.size(in);
        double[] y = new double[n * per];
        for (int i = 0; i < y.length; i++) {
            y[i] = v[i] * factor[(i % per) / run];
        }
        return y;
    }

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        return times(x, n, in);
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        return times(x, n, in);
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        return times(gy, n, in);
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return times(gy, n, in);
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return times(gy, n, in);
    }

    /** Zennit's relevance here is the gradient: c ⊙ R. */
    @Override
    public float[] relevance(float[] x, float[] r, int n, int[] in, int threads) {
        return times(r, n, in);
    }

    @Override
    public double[] relevance64(double[] x, double[] r, int n, int[] in) {
        return times(r, n, in);
    }

    /** A per-channel constant keeps the values of the kept channels; the channels pass on. */
    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        if (!perChannel()) {
            return new Shrunk(this, keep);
        }
        if (keep.length != factor.length) {
            throw new IllegalArgumentException(name + ": keep mask over " + keep.length + " channels, the constant has "
                    + factor.length);
        }
        float[] kept = new float[Shapes.count(keep)];
        for (int c = 0, j = 0; c < keep.length; c++) {
            if (keep[c]) {
                kept[j++] = factor[c];
            }
        }
        return new Shrunk(new Scale(name, kept), keep);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scale s && name.equals(s.name) && Arrays.equals(factor, s.factor);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(factor);
    }

    @Override
    public String toString() {
        return "Scale[name=" + name + ", factor=" + Arrays.toString(factor) + "]";
    }
}
