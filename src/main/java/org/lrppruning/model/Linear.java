package org.lrppruning.model;

/**
 * y = x·Wᵀ + b with W stored out × in, row-major (PyTorch's layout). The arrays are shared,
 * never modified after construction: a changed layer is a new layer.
 */
public record Linear(String name, int in, int out, float[] weight, float[] bias) implements Layer {
    public Linear {
        if (in < 0 || out < 0) {
            throw new IllegalArgumentException("negative layer shape " + out + "x" + in);
        }
        if (weight.length != in * out) {
            throw new IllegalArgumentException(name + ".weight has " + weight.length
                    + " values, expected " + out + "x" + in);
        }
        if (bias.length != out) {
            throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + out);
        }
    }

    @Override
    public int outputs(int inputs) {
        if (inputs != in) {
            throw new IllegalArgumentException(name + " expects " + in + " inputs, got " + inputs);
        }
        return out;
    }

    /** W[j, i]. */
    public float w(int j, int i) {
        return weight[j * in + i];
    }
}
