package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.MatOps;

/**
 * Reverse-mode differentiation of a {@link Trace}: from ∂L/∂logits, the gradient at every layer's
 * output and, on request, the weight and bias gradients of every Linear layer.
 */
public final class Backprop {
    private final float[][] outputGrad;
    private final float[][] weightGrad;
    private final float[][] biasGrad;

    private Backprop(float[][] outputGrad, float[][] weightGrad, float[][] biasGrad) {
        this.outputGrad = outputGrad;
        this.weightGrad = weightGrad;
        this.biasGrad = biasGrad;
    }

    /**
     * Walks the layers top-down. Linear: ∂x = ∂y·W, ∂W = ∂yᵀ·x, ∂b = Σ_rows ∂y; ReLU: ∂x = ∂y·[x > 0];
     * Dropout: ∂x = ∂y·mask (identity in evaluation mode).
     */
    public static Backprop run(Trace t, float[] logitGrad, boolean parameters, int threads) {
        Network net = t.network();
        int count = net.layers().size();
        int n = t.rows();
        float[][] og = new float[count][];
        float[][] wg = new float[count][];
        float[][] bg = new float[count][];
        float[] g = logitGrad;
        for (int i = count - 1; i >= 0; i--) {
            og[i] = g;
            Layer layer = net.layers().get(i);
            if (layer instanceof Linear l) {
                if (parameters) {
                    wg[i] = new float[l.out() * l.in()];
                    MatOps.mulTransA(g, t.input(i), wg[i], n, l.out(), l.in(), threads);
                    bg[i] = columnSums(g, n, l.out());
                }
                if (i == 0) {
                    break; // nothing consumes the gradient of the network's input
                }
                float[] gin = new float[n * l.in()];
                MatOps.mul(g, l.weight(), gin, n, l.out(), l.in(), threads);
                g = gin;
            } else if (layer instanceof Relu) {
                float[] x = t.input(i);
                float[] gin = new float[g.length];
                for (int j = 0; j < gin.length; j++) {
                    gin[j] = x[j] > 0 ? g[j] : 0f;
                }
                g = gin;
            } else {
                float[] scale = t.dropoutScale(i);
                if (scale != null) {
                    float[] gin = new float[g.length];
                    for (int j = 0; j < gin.length; j++) {
                        gin[j] = g[j] * scale[j];
                    }
                    g = gin;
                }
            }
        }
        return new Backprop(og, wg, bg);
    }

    /**
     * Gradients at every layer's output in float64, from float32 activations (evaluation mode, no
     * parameter gradients). The gradient criteria sum these over samples, where they cancel: float32
     * rounding then shows in the scores, float64 keeps them within 1e-4 of the exact values.
     */
    public static double[][] outputGradients64(Trace t, float[] logitGrad) {
        Network net = t.network();
        int count = net.layers().size();
        int n = t.rows();
        double[][] og = new double[count][];
        double[] g = new double[logitGrad.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = logitGrad[i];
        }
        for (int i = count - 1; i >= 0; i--) {
            og[i] = g;
            Layer layer = net.layers().get(i);
            if (layer instanceof Linear l) {
                if (i == 0) {
                    break;
                }
                double[] gin = new double[n * l.in()];
                AccurateOps.mul(g, l.weight(), gin, n, l.out(), l.in());
                g = gin;
            } else if (layer instanceof Relu) {
                float[] x = t.input(i);
                double[] gin = new double[g.length];
                for (int j = 0; j < gin.length; j++) {
                    gin[j] = x[j] > 0 ? g[j] : 0.0;
                }
                g = gin;
            }
        }
        return og;
    }

    /** ∂L/∂(output of layer i), n × width(i + 1). */
    public float[] outputGrad(int i) {
        return outputGrad[i];
    }

    /** ∂L/∂W of Linear layer i (out × in), when parameters were requested. */
    public float[] weightGrad(int i) {
        return weightGrad[i];
    }

    /** ∂L/∂b of Linear layer i, when parameters were requested. */
    public float[] biasGrad(int i) {
        return biasGrad[i];
    }

    /** Σ over rows of an n × k matrix, accumulated in double for an order-independent-looking result. */
    static float[] columnSums(float[] m, int n, int k) {
        double[] s = new double[k];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                s[c] += m[r * k + c];
            }
        }
        float[] out = new float[k];
        for (int c = 0; c < k; c++) {
            out[c] = (float) s[c];
        }
        return out;
    }

    /**
     * ∂L/∂logits of the mean cross-entropy L = −(1/N) Σ log softmax(z)_y: (softmax(z) − onehot(y))/N,
     * softmax computed in float32 with the row maximum subtracted, as PyTorch does.
     */
    public static float[] crossEntropyGrad(float[] logits, int[] labels, int n, int k) {
        float[] g = new float[n * k];
        for (int r = 0; r < n; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits[r * k + c]);
            }
            float sum = 0f;
            for (int c = 0; c < k; c++) {
                float e = (float) Math.exp(logits[r * k + c] - max);
                g[r * k + c] = e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                float p = g[r * k + c] / sum;
                g[r * k + c] = (p - (c == labels[r] ? 1f : 0f)) / n;
            }
        }
        return g;
    }

    /** Mean cross-entropy of the logits, in double. */
    public static double crossEntropy(float[] logits, int[] labels, int n, int k) {
        double total = 0;
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits[r * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(logits[r * k + c] - max);
            }
            total += max + Math.log(sum) - logits[r * k + labels[r]];
        }
        return n == 0 ? 0 : total / n;
    }
}
