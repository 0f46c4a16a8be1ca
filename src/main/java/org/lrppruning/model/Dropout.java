package org.lrppruning.model;

/**
 * Inverted dropout (Srivastava et al. 2014): in training y = x·mask/(1−p) with the mask drawn by
 * {@link Trace#training}; the identity at evaluation, for gradients of an evaluation pass and for relevance.
 */
public record Dropout(String name, float p) implements Unchanged {
    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": dropout probability must be in [0, 1), was " + p);
        }
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
