package org.lrppruning.model;

import org.lrppruning.linalg.Parallel;

/**
 * An element-wise activation y = φ(x) with ∂L/∂x = φ'(x)·∂L/∂y: Clip (ReLU6), Sigmoid, HardSigmoid, HardSwish.
 * Every precision evaluates φ in float64; the float32 passes round each value once, so their bits depend on
 * neither the thread count nor the split. Relevance passes unchanged (Zennit's {@code Pass} for activations);
 * channels map to themselves, so pruning passes through.
 */
sealed interface Activation extends Layer permits Clip, Sigmoid, HardSigmoid, HardSwish {
    /** Values per part when the float32 loops split over threads. */
    int GRAIN = Parallel.ELEMENTS;

    /** φ(x). */
    double value(double x);

    /** ∂L/∂x at x for ∂L/∂y = gy (torch's backward, including at kinks and for NaN inputs). */
    double gradient(double x, double gy);

    @Override
    default int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    default float[] forward(float[] x, int n, int[] in, int threads) {
        float[] y = new float[n * Shapes.size(in)];
        Parallel.range(y.length, threads, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = (float) value(x[i]);
            }
        });
        return y;
    }

    @Override
    default double[] forward64(double[] x, int n, int[] in) {
        double[] y = new double[n * Shapes.size(in)];
        for (int i = 0; i < y.length; i++) {
            y[i] = value(x[i]);
        }
        return y;
    }

    @Override
    default float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        float[] g = new float[n * Shapes.size(in)];
        Parallel.range(g.length, threads, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                g[i] = (float) gradient(x[i], gy[i]);
            }
        });
        return g;
    }

    @Override
    default double[] backward64(double[] x, double[] gy, int n, int[] in) {
        double[] g = new double[n * Shapes.size(in)];
        for (int i = 0; i < g.length; i++) {
            g[i] = gradient(x[i], gy[i]);
        }
        return g;
    }

    @Override
    default double[] backward64(float[] x, double[] gy, int n, int[] in) {
        double[] g = new double[n * Shapes.size(in)];
        for (int i = 0; i < g.length; i++) {
            g[i] = gradient(x[i], gy[i]);
        }
        return g;
    }

    @Override
    default Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
