package org.lrppruning.model;

/**
 * y = min(max(x, min), max) (ONNX Clip; ReLU6 is Clip(0, 6)); NaN stays NaN. The gradient is torch's
 * hardtanh backward (what nn.ReLU6 and nn.Hardtanh run): ∂L/∂y where min &lt; x &lt; max or x is NaN, +0
 * elsewhere. (torch.clamp's own backward also passes at x = min and x = max and gives 0 for NaN; the two
 * differ only on those points.) A missing bound is ∓∞.
 */
public record Clip(String name, float min, float max) implements Activation {
    /** ReLU6: Clip(0, 6). */
    public static Clip relu6(String name) {
        return new Clip(name, 0f, 6f);
    }

    public Clip {
        if (Float.isNaN(min) || Float.isNaN(max)) {
            throw new IllegalArgumentException(name + ": clip bounds must be numbers, got " + min + " and " + max);
        }
    }

    @Override
    public double value(double x) {
        return Math.min(Math.max(x, min), max);
    }

    @Override
    public double gradient(double x, double gy) {
        return x <= min || x >= max ? 0.0 : gy;
    }
}
