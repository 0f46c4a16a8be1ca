package org.lrppruning.model;

/**
 * A node that combines several computed values ({@link Add}, {@link Concat}, {@link Mul}): it implements the
 * array-of-inputs methods of {@link Layer}; the single-input ones do not apply and say so. Its shrinking is the
 * channel groups' business (a removed channel leaves every tensor of its group at once), not
 * {@link #withoutInputs}'s.
 */
public sealed interface Merge extends Layer permits Add, Concat, Mul {
    @Override
    int arity();

    private UnsupportedOperationException single() {
        return new UnsupportedOperationException(name() + " combines " + arity() + " inputs; call it with all of them");
    }

    @Override
    default int[] outputShape(int[] in) {
        throw single();
    }

    @Override
    default float[] forward(float[] x, int n, int[] in, int threads) {
        throw single();
    }

    @Override
    default double[] forward64(double[] x, int n, int[] in) {
        throw single();
    }

    @Override
    default float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        throw single();
    }

    @Override
    default double[] backward64(double[] x, double[] gy, int n, int[] in) {
        throw single();
    }

    @Override
    default double[] backward64(float[] x, double[] gy, int n, int[] in) {
        throw single();
    }

    @Override
    default float[] forwardAccurate(float[][] x, int n, int[][] in) {
        return forward(x, n, in, 1);
    }

    @Override
    default Shrunk withoutInputs(boolean[] keep, int[] in) {
        throw new UnsupportedOperationException(name() + ": a merge node shrinks with its channel group");
    }

    /** Rejects inputs whose count is not {@link #arity()}. */
    default void requireArity(int[][] in) {
        if (in.length != arity()) {
            throw new IllegalArgumentException(name() + " expects " + arity() + " inputs, got " + in.length);
        }
    }
}
