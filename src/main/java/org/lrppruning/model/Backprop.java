package org.lrppruning.model;

import java.util.function.BiFunction;
import java.util.List;
import org.lrppruning.linalg.AccurateOps;

/**
 * Reverse-mode differentiation of a {@link Trace}: from ∂L/∂logits, the gradient at every layer's
 * output and, on request, the weight and bias gradients of every Affine layer.
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
     * Walks the graph top-down: each layer's {@link Layer#trainBackward} from what its forward pass saved (Linear:
     * ∂y·W; ReLU: ∂y·[x > 0]; dropout: times its mask; BatchNorm of a training pass through the batch statistics,
     * ∂γ as the weight and ∂β as the bias gradient; Affine layers' ∂W and ∂b on request); a merge's
     * {@link Layer#backward(float[][], float[], int, int[][], int)}. A value read by several layers gets the sum of
     * their gradients, in a fixed order.
     */
    public static Backprop run(Trace t, float[] logitGrad, boolean parameters, int threads) {
        Network net = t.network();
        int count = net.layers().size();
        int n = t.rows();
        float[][] og = new float[count][];
        float[][] wg = new float[count][];
        float[][] bg = new float[count][];
        float[][] valueGrad = new float[count + 1][];
        valueGrad[count] = logitGrad;
        for (int i = count - 1; i >= 0; i--) {
            float[] g = valueGrad[i + 1];
            og[i] = g;
            valueGrad[i + 1] = null;
            if (g == null) {
                continue; // nothing below the logits depends on this value (cannot happen in a valid graph)
            }
            Layer layer = net.layers().get(i);
            int[] in = net.inputsOf(i);
            boolean input = !onlyInput(in); // nothing consumes the gradient of the network's input
            if (layer.arity() != 1) {
                if (input) {
                    float[][] gs = layer.backward(t.inputs(i), g, n, net.inShapes(i), threads);
                    for (int k = 0; k < in.length; k++) {
                        if (in[k] != 0) {
                            accumulate(valueGrad, in[k], gs[k]);
                        }
                    }
                }
                continue;
            }
            Layer.Grads grads = layer.trainBackward(t.input(i), t.saved(i), g, n, net.inShape(i), input, parameters,
                    threads);
            if (parameters) {
                wg[i] = grads.weight();
                bg[i] = grads.bias();
            }
            if (input) {
                accumulate(valueGrad, in[0], grads.input());
            }
        }
        return new Backprop(og, wg, bg);
    }

    /** Whether a layer reads nothing but the network's input (whose gradient nobody needs). */
    private static boolean onlyInput(int[] in) {
        for (int v : in) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a reader's gradient into value v's. Readers come top-down, so the sum has one order for any thread
     * count; the first one is stored as it is (a chain's gradients are then exactly the single reader's).
     */
    private static void accumulate(float[][] grads, int v, float[] g) {
        float[] have = grads[v];
        if (have == null) {
            grads[v] = g;
            return;
        }
        float[] sum = new float[have.length];
        for (int j = 0; j < sum.length; j++) {
            sum[j] = have[j] + g[j];
        }
        grads[v] = sum;
    }

    private static void accumulate(double[][] grads, int v, double[] g) {
        double[] have = grads[v];
        if (have == null) {
            grads[v] = g;
            return;
        }
        double[] sum = new double[have.length];
        for (int j = 0; j < sum.length; j++) {
            sum[j] = have[j] + g[j];
        }
        grads[v] = sum;
    }

    /**
     * Gradients at every layer's output in float64, from float32 activations (evaluation mode, no
     * parameter gradients). The gradient criteria sum these over samples, where they cancel: float32
     * rounding then shows in the scores, float64 keeps them within 1e-4 of the exact values.
     */
    public static double[][] outputGradients64(Trace t, float[] logitGrad) {
        Network net = t.network();
        return walk64(net, AccurateOps.widen(logitGrad, logitGrad.length),
                (i, g) -> net.layer(i).backward64(t.inputs(i), g, t.rows(), net.inShapes(i)));
    }

    /** Gradients at every layer's output of a float64 pass (evaluation mode), from ∂L/∂logits. */
    public static double[][] outputGradients64(Trace64 t, double[] logitGrad) {
        Network net = t.network();
        return walk64(net, logitGrad, (i, g) -> net.layer(i).backward64(t.inputs(i), g, t.rows(), net.inShapes(i)));
    }

    /** Top-down: element i is the gradient at layer i's output; {@code step} takes it to layer i's inputs. */
    private static double[][] walk64(Network net, double[] logitGrad, BiFunction<Integer, double[], double[][]> step) {
        int count = net.layers().size();
        double[][] og = new double[count][];
        double[][] valueGrad = new double[count + 1][];
        valueGrad[count] = logitGrad;
        for (int i = count - 1; i >= 0; i--) {
            double[] g = valueGrad[i + 1];
            og[i] = g;
            valueGrad[i + 1] = null;
            int[] in = net.inputsOf(i);
            if (g == null || onlyInput(in)) {
                continue; // nothing consumes the gradient of the network's input
            }
            double[][] gs = step.apply(i, g);
            for (int k = 0; k < in.length; k++) {
                if (in[k] != 0) {
                    accumulate(valueGrad, in[k], gs[k]);
                }
            }
        }
        return og;
    }

    /** ∂L/∂(output of layer i), n × width(i + 1). */
    public float[] outputGrad(int i) {
        return outputGrad[i];
    }

    /** ∂L/∂W of Affine layer i (units × fanIn), or ∂L/∂γ of a training pass's BatchNorm, when parameters were requested. */
    public float[] weightGrad(int i) {
        return weightGrad[i];
    }

    /** ∂L/∂b of Affine layer i (null for a layer without bias), or ∂L/∂β of a training pass's BatchNorm, on request. */
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

    /** ∂L/∂logits of the mean cross-entropy in float64: (softmax(z) − onehot(y))/N. */
    public static double[] crossEntropyGrad64(double[] logits, int[] labels, int n, int k) {
        double[] g = new double[n * k];
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logits[r * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                g[r * k + c] = Math.exp(logits[r * k + c] - max);
                sum += g[r * k + c];
            }
            for (int c = 0; c < k; c++) {
                g[r * k + c] = (g[r * k + c] / sum - (c == labels[r] ? 1 : 0)) / n;
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
