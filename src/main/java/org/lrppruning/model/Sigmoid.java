package org.lrppruning.model;

/**
 * y = σ(x) = 1 / (1 + e^(−x)); ∂L/∂x = ∂L/∂y · (1 − σ(x)) · σ(x), as torch. The exponential is
 * {@link StrictMath#exp}: the same bits on every machine.
 */
public record Sigmoid(String name) implements Activation {
    @Override
    public double value(double x) {
        return 1.0 / (1.0 + StrictMath.exp(-x));
    }

    @Override
    public double gradient(double x, double gy) {
        double s = value(x);
        return gy * ((1.0 - s) * s);
    }
}
