package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;

/**
 * Global average pooling: C×H×W → C, the mean of each channel plane (PyTorch's
 * {@code AdaptiveAvgPool2d(1)} followed by flatten; ONNX's {@code GlobalAveragePool}). Sums in float64;
 * relevance by Zennit's {@code Norm} rule. Pruning channel c removes feature c.
 */
public record GlobalAvgPool(String name) implements Layer {
    @Override
    public int[] outputShape(int[] in) {
        Shapes.requireImage(name, in);
        return new int[] {in[0]};
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

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        return Affine.round(forward64(AccurateOps.widen(x, n * Shapes.size(in)), n, in));
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        return Affine.round(backward64((double[]) null, AccurateOps.widen(gy, n * in[0]), n, in));
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return backward64((double[]) null, gy, n, in);
    }

    @Override
    public float[] relevance(float[] x, float[] r, int n, int[] in, int threads) {
        return Norm.relevance(this, x, r, n, in);
    }

    @Override
    public double[] relevance64(double[] x, double[] r, int n, int[] in) {
        return Norm.relevance(this, x, r, n, in);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
