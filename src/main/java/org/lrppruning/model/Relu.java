package org.lrppruning.model;

/** y = max(x, 0); its gradient passes where x > 0. Relevance passes unchanged (Zennit's {@code Pass}). */
public record Relu(String name) implements Layer {
    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        float[] y = new float[n * Shapes.size(in)];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(x[i], 0f);
        }
        return y;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        double[] y = new double[n * Shapes.size(in)];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(x[i], 0.0);
        }
        return y;
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        float[] g = new float[n * Shapes.size(in)];
        for (int i = 0; i < g.length; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0f;
        }
        return g;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        double[] g = new double[n * Shapes.size(in)];
        for (int i = 0; i < g.length; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0.0;
        }
        return g;
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        double[] g = new double[n * Shapes.size(in)];
        for (int i = 0; i < g.length; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0.0;
        }
        return g;
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
