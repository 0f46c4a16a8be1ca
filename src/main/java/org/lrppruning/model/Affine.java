package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;

/**
 * A layer that is a linear map plus bias, y = A_W(x) + b: {@link Linear} (A_W x = W·x) and {@link Conv2d}
 * (A_W x = W ⋆ x). The LRP rules' slots (modified input, weights and bias, stabilised denominator, as
 * Zennit's) act through two operations with given parameters: {@link #affine} (the forward map) and
 * {@link #transpose} (A_Wᵀ q, the transposed map of a quotient; also the input gradient).
 *
 * <p>Its prunable units are its outputs: Linear neurons, Conv2d output channels (filters). Weights are
 * stored unit-major, {@link #fanIn()} values per unit (Linear out×in, Conv2d out×in×kh×kw, as PyTorch).
 * A layer may carry float64 parameters next to its float32 ones (a BatchNorm merged into it for
 * explaining); the float64 methods use them, the float32 ones their rounding.
 */
public sealed interface Affine extends Layer permits Linear, Conv2d {
    /** Number of output units: Linear outputs, Conv2d output channels. */
    int units();

    /** Weights per unit: Linear in, Conv2d in·kh·kw. */
    int fanIn();

    /** Weights, units × fanIn, row-major. */
    float[] weight();

    /** Bias per unit, or null when the layer has none (PyTorch {@code bias=False}). */
    float[] bias();

    /** Float64 weights: the exact ones when the layer carries them, else the float32 weights widened. */
    double[] weight64();

    /** Float64 bias (null when there is none). */
    double[] bias64();

    /** A_w(x) + b for n samples of shape {@code in}, with the given weights (this layer's layout) and bias (null: none). */
    float[] affine(float[] x, float[] w, float[] b, int n, int[] in, int threads);

    /** A_wᵀ(q): the transposed map of q (n × output shape) back onto the input shape {@code in}. */
    float[] transpose(float[] q, float[] w, int n, int[] in, int threads);

    /**
     * {@link #affine} for an LRP rule's modified products (not the plain forward pass): the same map, where a faster
     * algorithm rounds differently (Conv2d 3×3 stride 1: {@link Winograd}'s F(2×2, 3×3)). Relevances are compared
     * with tolerances; the forward pass's bits, which training and pruning rely on, do not change.
     */
    default float[] relevanceAffine(float[] x, float[] w, float[] b, int n, int[] in, int threads) {
        return affine(x, w, b, n, in, threads);
    }

    /** {@link #transpose} for an LRP rule's quotients, likewise (see {@link #relevanceAffine}). */
    default float[] relevanceTranspose(float[] q, float[] w, int n, int[] in, int threads) {
        return transpose(q, w, n, in, threads);
    }

    /** {@link #affine} in float64. */
    double[] affine64(double[] x, double[] w, double[] b, int n, int[] in);

    /** {@link #transpose} in float64. */
    double[] transpose64(double[] q, double[] w, int n, int[] in);

    /** ∂L/∂W (units × fanIn) from the input x and ∂L/∂y, summed over the batch. */
    float[] weightGradient(float[] x, float[] gy, int n, int[] in, int threads);

    /** ∂L/∂b (units) from ∂L/∂y, summed over the batch and positions in float64. */
    float[] biasGradient(float[] gy, int n, int[] in);

    /** This layer without the units (rows of W, entries of b) whose {@code keep} entry is false. */
    Affine withoutUnits(boolean[] keep);

    /** The same map (name, geometry) with other float32 parameters (bias null: none). */
    Affine withParameters(float[] w, float[] b);

    /** The same map with float64 parameters, kept exactly for the float64 methods (float32 ones are their rounding). */
    Affine withParameters64(double[] w, double[] b);

    @Override
    default float[] forward(float[] x, int n, int[] in, int threads) {
        return affine(x, weight(), bias(), n, in, threads);
    }

    @Override
    default double[] forward64(double[] x, int n, int[] in) {
        return affine64(x, weight64(), bias64(), n, in);
    }

    @Override
    default float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        return transpose(gy, weight(), n, in, threads);
    }

    @Override
    default double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return transpose64(gy, weight64(), n, in);
    }

    @Override
    default double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return transpose64(gy, weight64(), n, in);
    }

    /** ∂L/∂x = A_Wᵀ(∂L/∂y); ∂L/∂W and ∂L/∂b from the input and ∂L/∂y. */
    @Override
    default Grads trainBackward(float[] x, Object state, float[] gy, int n, int[] in, boolean input, boolean parameters,
                                int threads) {
        float[] w = parameters ? weightGradient(x, gy, n, in, threads) : null;
        float[] b = parameters && bias() != null ? biasGradient(gy, n, in) : null;
        return new Grads(input ? backward(x, gy, n, in, threads) : null, w, b);
    }

    /** Affine layers take their LRP rule from the composite ({@code lrp.RuleMap}); this is never a pass-through. */
    @Override
    default float[] relevance(float[] x, float[] r, int n, int[] in, int threads) {
        throw new UnsupportedOperationException(name() + ": an affine layer's relevance comes from its LRP rule");
    }

    @Override
    default double[] relevance64(double[] x, double[] r, int n, int[] in) {
        throw new UnsupportedOperationException(name() + ": an affine layer's relevance comes from its LRP rule");
    }

    /** Float64 view of float32 parameters; the cached widening of {@link AccurateOps#widened}. */
    static double[] widen(float[] v) {
        return v == null ? null : AccurateOps.widened(v);
    }

    /** Float32 rounding of float64 parameters. */
    static float[] round(double[] v) {
        if (v == null) {
            return null;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
