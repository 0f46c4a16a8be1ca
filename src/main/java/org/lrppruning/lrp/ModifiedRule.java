package org.lrppruning.lrp;

import org.lrppruning.linalg.MatOps;
import org.lrppruning.model.Linear;

/**
 * The generic rule behind z⁺, ε and γ: R_in = a ⊙ ((R_out ⊘ stab(a·W'ᵀ + b'))·W'), with W' and b'
 * the modified parameters and stab the stabilised denominator (Zennit's three slots).
 */
public final class ModifiedRule implements LrpRule {
    /** A float → float map applied element-wise to weights or biases. */
    @FunctionalInterface
    public interface FloatOp {
        float apply(float v);
    }

    private final FloatOp weight;
    private final FloatOp bias;
    private final FloatOp stabilise;

    /** {@code bias} null ignores the bias (b' = 0). */
    public ModifiedRule(FloatOp weight, FloatOp bias, FloatOp stabilise) {
        this.weight = weight;
        this.bias = bias;
        this.stabilise = stabilise;
    }

    @Override
    public float[] backward(Linear layer, float[] a, float[] rOut, int n, int threads) {
        int in = layer.in();
        int out = layer.out();
        float[] w = map(layer.weight(), weight);
        float[] b = bias == null ? null : map(layer.bias(), bias);
        float[] z = new float[n * out];
        MatOps.mulTransB(a, w, b, z, n, in, out, threads);
        for (int i = 0; i < z.length; i++) {
            z[i] = rOut[i] / stabilise.apply(z[i]);
        }
        float[] c = new float[n * in];
        MatOps.mul(z, w, c, n, out, in, threads);
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] * c[i];
        }
        return c;
    }

    private static float[] map(float[] v, FloatOp op) {
        float[] m = new float[v.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = op.apply(v[i]);
        }
        return m;
    }
}
