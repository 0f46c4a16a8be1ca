package org.lrppruning.model;


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

    /**
     * For every output value (n × C × OH × OW), the index in the batch's input array of its arg-max.
     * Taps in row-major order; the first tap inside the input starts (PyTorch starts at −∞ with the
     * first tap's index: the same choice), a larger value or a NaN takes over, as PyTorch's CPU kernel.
     */
    int[] argmax(float[] x, int n, int[] in) {
        return argmax(x, null, n, in);
    }

    int[] argmax(double[] x, int n, int[] in) {
        return argmax(null, x, n, in);
    }

    /** One loop for both precisions: exactly one of xf, xd is non-null (float32 values compare exactly as doubles). */
    private int[] argmax(float[] xf, double[] xd, int n, int[] in) {
        int[] o = outputShape(in);
        int h = in[1];
        int w = in[2];
        int plane = h * w;
        int[] idx = new int[n * in[0] * o[1] * o[2]];
        int q = 0;
        for (int s = 0; s < n * in[0]; s++) {
            int base = s * plane;
            for (int a = 0; a < o[1]; a++) {
                int r0 = Math.max(0, a * window.sh() - window.ph());
                int r1 = Math.min(h, a * window.sh() - window.ph() + window.kh());
                for (int b = 0; b < o[2]; b++) {
                    int c0 = Math.max(0, b * window.sw() - window.pw());
                    int c1 = Math.min(w, b * window.sw() - window.pw() + window.kw());
                    int best = base + r0 * w + c0;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int r = r0; r < r1; r++) {
                        for (int c = c0; c < c1; c++) {
                            int at = base + r * w + c;
                            double v = xf != null ? xf[at] : xd[at];
                            boolean take = v > max | v != v;
                            max = take ? v : max;
                            best = take ? at : best;
                        }
                    }
                    idx[q++] = best;
                }
            }
        }
        return idx;
    }

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        int[] idx = argmax(x, n, in);
        float[] y = new float[idx.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[idx[i]];
        }
        return y;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        int[] idx = argmax(x, n, in);
        double[] y = new double[idx.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[idx[i]];
        }
        return y;
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        int[] idx = argmax(x, n, in);
        float[] g = new float[n * Shapes.size(in)];
        for (int i = 0; i < idx.length; i++) {
            g[idx[i]] += gy[i];
        }
        return g;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return scatter(argmax(x, n, in), gy, n * Shapes.size(in));
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return scatter(argmax(x, n, in), gy, n * Shapes.size(in));
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
