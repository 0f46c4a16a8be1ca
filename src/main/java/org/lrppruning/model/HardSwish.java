package org.lrppruning.model;

/**
 * y = x · min(max(x + 3, 0), 6) / 6 (torch's hardswish, ONNX HardSwish: x · HardSigmoid(x) with α = 1/6,
 * β = 1/2); ∂L/∂x as torch: 0 for x &lt; −3, ∂L/∂y · (x/3 + 1/2) for −3 ≤ x ≤ 3, ∂L/∂y above (and for NaN).
 */
public record HardSwish(String name) implements Activation {
    @Override
    public double value(double x) {
        return x * Math.min(Math.max(x + 3.0, 0.0), 6.0) / 6.0;
    }

    @Override
    public double gradient(double x, double gy) {
        if (x < -3.0) {
            return 0.0;
        }
        return x <= 3.0 ? gy * (x / 3.0 + 0.5) : gy;
    }
}
