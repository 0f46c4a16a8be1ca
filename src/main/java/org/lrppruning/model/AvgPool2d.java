package org.lrppruning.model;

/**
 * Average pooling per channel over a {@link Window}: the mean of the window, divided by kh·kw when
 * {@code countPad} (PyTorch's default {@code count_include_pad=True}) or by the number of taps inside the
 * input (ONNX's default). Sums in float64, in row-major tap order; the float32 results are their rounding.
 * Relevance: Zennit's {@code Norm} rule (ε-rule without parameters, ε = 1e-6).
 */
public record AvgPool2d(String name, Window window, boolean countPad) implements AveragePooling {
    @Override
    public int[] outputShape(int[] in) {
        Shapes.requireImage(name, in);
        return window.output(name, in[0], in);
    }

    /** Divisor of each output position of one plane. */
    private double[] divisors(int[] in, int[] taps, int positions) {
        int k = window.kh() * window.kw();
        double[] d = new double[positions];
        for (int p = 0; p < positions; p++) {
            int inside = 0;
            for (int j = 0; j < k; j++) {
                inside += taps[p * k + j] >= 0 ? 1 : 0;
            }
            d[p] = countPad ? k : inside;
        }
        return d;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        int[] o = outputShape(in);
        int plane = in[1] * in[2];
        int positions = o[1] * o[2];
        int k = window.kh() * window.kw();
        int[] t = window.taps(in[1], in[2]);
        double[] div = divisors(in, t, positions);
        double[] y = new double[n * in[0] * positions];
        int q = 0;
        for (int s = 0; s < n * in[0]; s++) {
            int base = s * plane;
            for (int p = 0; p < positions; p++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    int off = t[p * k + j];
                    if (off >= 0) {
                        sum += x[base + off];
                    }
                }
                y[q++] = sum / div[p];
            }
        }
        return y;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        int[] o = outputShape(in);
        int plane = in[1] * in[2];
        int positions = o[1] * o[2];
        int k = window.kh() * window.kw();
        int[] t = window.taps(in[1], in[2]);
        double[] div = divisors(in, t, positions);
        double[] g = new double[n * in[0] * plane];
        int q = 0;
        for (int s = 0; s < n * in[0]; s++) {
            int base = s * plane;
            for (int p = 0; p < positions; p++) {
                double share = gy[q++] / div[p];
                for (int j = 0; j < k; j++) {
                    int off = t[p * k + j];
                    if (off >= 0) {
                        g[base + off] += share;
                    }
                }
            }
        }
        return g;
    }
}
