package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;

/**
 * The average poolings, linear maps without parameters computed in float64: their float32 forward and
 * gradient are the float64 ones rounded once, and relevance crosses them by Zennit's {@code Norm} rule.
 */
sealed interface AveragePooling extends Layer permits AvgPool2d, GlobalAvgPool {
    @Override
    default float[] forward(float[] x, int n, int[] in, int threads) {
        return Affine.round(forward64(AccurateOps.widen(x, n * Shapes.size(in)), n, in));
    }

    @Override
    default float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        return Affine.round(backward64((double[]) null, AccurateOps.widen(gy, n * Shapes.size(outputShape(in))), n, in));
    }

    /** The gradient of a linear map does not depend on x. */
    @Override
    default double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return backward64((double[]) null, gy, n, in);
    }

    @Override
    default float[] relevance(float[] x, float[] r, int n, int[] in, int threads) {
        return Norm.relevance(this, x, r, n, in);
    }

    @Override
    default double[] relevance64(double[] x, double[] r, int n, int[] in) {
        return Norm.relevance(this, x, r, n, in);
    }

    /** Channels pass on: pooling keeps them apart. */
    @Override
    default Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
