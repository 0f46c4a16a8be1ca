package org.lrppruning.model;

/** y = max(x, 0). */
public record Relu() implements Layer {
    @Override
    public int outputs(int inputs) {
        return inputs;
    }
}
