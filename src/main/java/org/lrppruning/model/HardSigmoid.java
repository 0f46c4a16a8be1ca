package org.lrppruning.model;

/**
 * y = max(0, min(1, α·x + β)) (ONNX HardSigmoid; torch's hardsigmoid is α = 1/6, β = 1/2, its ONNX
 * default α = 0.2); ∂L/∂x = α·∂L/∂y where 0 &lt; α·x + β &lt; 1, +0 elsewhere and for NaN, as torch.
 */
public record HardSigmoid(String name, float alpha, float beta) implements Activation {
    /** torch.nn.Hardsigmoid: α = 1/6 (as float32, as torch exports it), β = 1/2. */
    public static HardSigmoid torch(String name) {
        return new HardSigmoid(name, 1f / 6f, 0.5f);
    }

    @Override
    public double value(double x) {
        return Math.max(0.0, Math.min(1.0, (double) alpha * x + beta));
    }

    @Override
    public double gradient(double x, double gy) {
        double z = (double) alpha * x + beta;
        return z > 0 && z < 1 ? gy * alpha : 0.0;
    }
}
