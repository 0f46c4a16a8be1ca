package org.lrppruning.model;

/** Inverted dropout (Srivastava et al. 2014): in training y = x·mask/(1−p); identity at evaluation. */
public record Dropout(float p) implements Layer {
    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), was " + p);
        }
    }

    @Override
    public int outputs(int inputs) {
        return inputs;
    }
}
