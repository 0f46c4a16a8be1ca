package org.lrppruning.model;

import java.util.function.IntToDoubleFunction;

/**
 * Max pooling per channel over a {@link Window} (padding counts as −∞). The arg-max of a window is its
 * first maximum in row-major order, a NaN replacing it, as PyTorch's CPU kernel. The gradient and the
 * relevance of an output go to its arg-max (Zennit has no rule for max pooling: the gradient).
 */
public record MaxPool2d(String name, Window window) implements Layer {
    @Override
    public int[] outputShape(int[] in) {
        Shapes.requireImage(name, in);
        return window.output(name, in[0], in);
    }

    /** For every output value (n × C × OH × OW), the index in the batch's input array of its arg-max. */
    int[] argmax(IntToDoubleFunction x, int n, int[] in) {
        int[] o = outputShape(in);
        int plane = in[1] * in[2];
        int positions = o[1] * o[2];
        int taps = window.kh() * window.kw();
        int[] t = window.taps(in[1], in[2]);
        int[] idx = new int[n * in[0] * positions];
        int q = 0;
        for (int s = 0; s < n * in[0]; s++) {
            int base = s * plane;
            for (int p = 0; p < positions; p++) {
                int best = -1;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < taps; j++) {
                    int off = t[p * taps + j];
                    if (off < 0) {
                        continue;
                    }
                    if (best < 0) {
                        best = base + off;
                    }
                    double v = x.applyAsDouble(base + off);
                    if (v > max || Double.isNaN(v)) {
                        max = v;
                        best = base + off;
                    }
                }
                idx[q++] = best;
            }
        }
        return idx;
    }

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        int[] idx = argmax(i -> x[i], n, in);
        float[] y = new float[idx.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[idx[i]];
        }
        return y;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        int[] idx = argmax(i -> x[i], n, in);
        double[] y = new double[idx.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[idx[i]];
        }
        return y;
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        int[] idx = argmax(i -> x[i], n, in);
        float[] g = new float[n * Shapes.size(in)];
        for (int i = 0; i < idx.length; i++) {
            g[idx[i]] += gy[i];
        }
        return g;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return scatter(argmax(i -> x[i], n, in), gy, n * Shapes.size(in));
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return scatter(argmax(i -> x[i], n, in), gy, n * Shapes.size(in));
    }

    private static double[] scatter(int[] idx, double[] gy, int size) {
        double[] g = new double[size];
        for (int i = 0; i < idx.length; i++) {
            g[idx[i]] += gy[i];
        }
        return g;
    }

    /** As the gradient: each output's relevance goes to its arg-max. */
    @Override
    public float[] relevance(float[] x, float[] r, int n, int[] in, int threads) {
        return backward(x, r, n, in, threads);
    }

    @Override
    public double[] relevance64(double[] x, double[] r, int n, int[] in) {
        return backward64(x, r, n, in);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
