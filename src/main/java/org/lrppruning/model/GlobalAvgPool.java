package org.lrppruning.model;

/**
 * Global average pooling: C×H×W → C, the mean of each channel plane (PyTorch's
 * {@code AdaptiveAvgPool2d(1)} followed by flatten; ONNX's {@code GlobalAveragePool}), or with {@code keepDims}
 * C×H×W → C×1×1, an image again (PyTorch's {@code AdaptiveAvgPool2d(1)} alone, as squeeze-and-excitation feeds
 * it to a Conv2d). The values are the same either way. Sums in float64; relevance by Zennit's {@code Norm} rule.
 * Pruning channel c removes feature (or channel) c.
 */
public record GlobalAvgPool(String name, boolean keepDims) implements AveragePooling {
    /** The flattening form, C×H×W → C. */
    public GlobalAvgPool(String name) {
        this(name, false);
    }

    @Override
    public int[] outputShape(int[] in) {
        Shapes.requireImage(name, in);
        return keepDims ? new int[] {in[0], 1, 1} : new int[] {in[0]};
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        outputShape(in);
        int plane = in[1] * in[2];
        double[] y = new double[n * in[0]];
        for (int s = 0; s < y.length; s++) {
            double sum = 0;
            for (int p = 0; p < plane; p++) {
                sum += x[s * plane + p];
            }
            y[s] = sum / plane;
        }
        return y;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        int plane = in[1] * in[2];
        double[] g = new double[n * in[0] * plane];
        for (int s = 0; s < n * in[0]; s++) {
            double share = gy[s] / plane;
            for (int p = 0; p < plane; p++) {
                g[s * plane + p] = share;
            }
        }
        return g;
    }
}
