package org.lrppruning.model;

/**
 * Inverted dropout (Srivastava et al. 2014): in training y = x·mask/(1−p) with the mask drawn by
 * {@link Trace#training}; the identity at evaluation, for gradients of an evaluation pass and for relevance.
 */
public record Dropout(String name, float p) implements Layer {
    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": dropout probability must be in [0, 1), was " + p);
        }
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    /** The identity: returns x itself. */
    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        return x;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        return x;
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        return gy;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return gy;
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return gy;
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
