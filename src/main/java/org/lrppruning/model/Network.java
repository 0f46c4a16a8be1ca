package org.lrppruning.model;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.linalg.MatOps;

/**
 * An immutable feed-forward network built from a layer list. Its hidden layers are the Linear
 * layers before the last one (the output layer); the criteria score their neurons.
 */
public final class Network {
    private final List<Layer> layers;
    private final int inputs;
    private final int[] widths;
    private final int[] hiddenPositions;

    /** A network taking {@code inputs} features through {@code layers}; the last Linear is the output. */
    public Network(int inputs, List<Layer> layers) {
        this.layers = List.copyOf(layers);
        this.inputs = inputs;
        this.widths = new int[layers.size() + 1];
        widths[0] = inputs;
        List<Integer> linear = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            widths[i + 1] = layers.get(i).outputs(widths[i]);
            if (layers.get(i) instanceof Linear) {
                linear.add(i);
            }
        }
        if (linear.isEmpty() || linear.get(linear.size() - 1) != layers.size() - 1) {
            throw new IllegalArgumentException("the last layer must be the Linear output layer");
        }
        hiddenPositions = linear.subList(0, linear.size() - 1).stream().mapToInt(Integer::intValue).toArray();
    }

    public List<Layer> layers() {
        return layers;
    }

    public int inputs() {
        return inputs;
    }

    /** Number of classes (outputs of the last layer). */
    public int classes() {
        return widths[widths.length - 1];
    }

    /** Width of the activation entering layer {@code i} (i = layer count: the logits). */
    public int width(int i) {
        return widths[i];
    }

    /** Values one input row gives rise to in a forward pass: its inputs and every layer's outputs. */
    public long valuesPerRow() {
        long v = 0;
        for (int w : widths) {
            v += w;
        }
        return v;
    }

    /** Positions in {@link #layers()} of the hidden Linear layers, bottom-up. */
    public int[] hiddenPositions() {
        return hiddenPositions.clone();
    }

    /** Number of hidden Linear layers. */
    public int hiddenCount() {
        return hiddenPositions.length;
    }

    /** The h-th hidden Linear layer. */
    public Linear hidden(int h) {
        return (Linear) layers.get(hiddenPositions[h]);
    }

    /** Neurons per hidden layer. */
    public int[] hiddenSizes() {
        int[] s = new int[hiddenPositions.length];
        for (int h = 0; h < s.length; h++) {
            s[h] = hidden(h).out();
        }
        return s;
    }

    /** Total number of hidden neurons. */
    public int hiddenTotal() {
        int t = 0;
        for (int s : hiddenSizes()) {
            t += s;
        }
        return t;
    }

    /** The network with layer {@code i} replaced. */
    public Network with(int i, Layer layer) {
        List<Layer> copy = new ArrayList<>(layers);
        copy.set(i, layer);
        return new Network(inputs, copy);
    }

    /** Evaluation-mode forward pass of n rows of x (n × inputs), keeping every layer's input. */
    public Trace trace(float[] x, int n) {
        return Trace.of(this, x, n, null, 1);
    }

    /** Evaluation-mode logits (n × classes). */
    public float[] logits(float[] x, int n) {
        return logits(x, n, 1);
    }

    /** Evaluation-mode logits, products split over {@code threads} (same bits for any count). */
    public float[] logits(float[] x, int n, int threads) {
        float[] a = x;
        for (int i = 0; i < layers.size(); i++) {
            a = Trace.apply(layers.get(i), a, n, widths[i], null, threads);
        }
        return a;
    }

    /** Predicted class per row: argmax of the logits, ties to the lower class. */
    public int[] predict(float[] x, int n, int threads) {
        return argmax(logits(x, n, threads), n, classes());
    }

    /** Row-wise argmax of an n × k matrix, ties to the lower index (NaN never wins). */
    public static int[] argmax(float[] m, int n, int k) {
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (m[r * k + c] > m[r * k + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    static void matmulBias(float[] a, Linear l, float[] out, int n, int threads) {
        MatOps.mulTransB(a, l.weight(), l.bias(), out, n, l.in(), l.out(), threads);
    }
}
