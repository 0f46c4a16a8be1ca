package org.lrppruning.model;

/**
 * Layers whose evaluation pass leaves the data as they are (Flatten reshapes, Dropout is the identity):
 * forward and gradient return their argument itself.
 */
sealed interface Unchanged extends Layer permits Dropout, Flatten {
    @Override
    default float[] forward(float[] x, int n, int[] in, int threads) {
        return x;
    }

    @Override
    default double[] forward64(double[] x, int n, int[] in) {
        return x;
    }

    @Override
    default float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        return gy;
    }

    @Override
    default double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return gy;
    }

    @Override
    default double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return gy;
    }
}
