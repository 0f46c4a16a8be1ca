package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;

/**
 * Zennit's {@code Norm} rule for the average poolings, linear maps P without parameters:
 * R_in = x ⊙ Pᵀ(R_out ⊘ s(P x)), s(z) = z + ε·(sign(z) + [z = 0]) with Zennit's default ε = 1e-6.
 * The float32 version is the float64 one rounded.
 */
final class Norm {
    /** Zennit's default stabiliser. */
    static final double EPSILON = 1e-6;

    private Norm() {}

    static double[] relevance(Layer pool, double[] x, double[] r, int n, int[] in) {
        double[] z = pool.forward64(x, n, in);
        double[] q = new double[z.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = r[i] / (z[i] + (z[i] >= 0 ? EPSILON : -EPSILON));
        }
        double[] c = pool.backward64(x, q, n, in);
        for (int i = 0; i < c.length; i++) {
            c[i] *= x[i];
        }
        return c;
    }

    static float[] relevance(Layer pool, float[] x, float[] r, int n, int[] in) {
        return Affine.round(relevance(pool, AccurateOps.widen(x, n * Shapes.size(in)), AccurateOps.widen(r, r.length), n, in));
    }
}
