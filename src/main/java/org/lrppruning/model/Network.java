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

    /**
     * {@link #predict} for rows that lie close together, such as a tile of a decision grid, with the
     * same bits: a Linear layer leaves out the inputs that are zero in every row (after a ReLU, in a
     * small region, half of them or more). Each output is then the same fma chain (MatOps' order)
     * without its exact-zero terms, and fma(±0, w, s) = s for a finite w since s is never −0; so
     * a layer skips only when the weights it leaves out are finite.
     */
    public int[] predictRegion(float[] x, int n, int threads) {
        return argmax(regionLogits(x, n, threads), n, classes());
    }

    /** The logits behind {@link #predictRegion}: bit for bit those of {@link #logits(float[], int, int)}. */
    float[] regionLogits(float[] x, int n, int threads) {
        float[] a = x;
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i) instanceof Linear l ? linearWithoutZeroInputs(l, a, n, threads)
                    : Trace.apply(layers.get(i), a, n, widths[i], null, threads);
        }
        return a;
    }

    /** x·Wᵀ + b over the inputs that are nonzero in some row (over all when a weight is not finite). */
    static float[] linearWithoutZeroInputs(Linear l, float[] a, int n, int threads) {
        int k = l.in();
        int out = l.out();
        // |x| summed per input: 0 only when the input is ±0 in every row (NaN and overflow stay nonzero);
        // plain loops over arrays, which the JIT vectorises
        float[] mass = new float[k];
        for (int r = 0; r < n; r++) {
            int row = r * k;
            for (int q = 0; q < k; q++) {
                mass[q] += Math.abs(a[row + q]);
            }
        }
        int[] kept = new int[k];
        int count = 0;
        for (int q = 0; q < k; q++) {
            if (mass[q] != 0f) {
                kept[count++] = q;
            }
        }
        float[] c = new float[n * out];
        float[] w = l.weight();
        // a quarter left out at least, or the copies cost more than they save; and 0 · inf is NaN,
        // so a weight that is not finite keeps every input
        if (count > k - k / 4 || !finite(w)) {
            matmulBias(a, l, c, n, threads);
            return c;
        }
        float[] wk = gatherColumns(w, out, k, kept, count);
        float[] ak = gatherColumns(a, n, k, kept, count);
        MatOps.mulTransB(ak, wk, l.bias(), c, n, count, out, threads);
        return c;
    }

    /** Whether every value is finite: x · 0 is 0 for finite x, NaN for an infinity or a NaN. */
    private static boolean finite(float[] v) {
        float s = 0f;
        for (float x : v) {
            s += x * 0f;
        }
        return s == 0f;
    }

    /** Columns {@code cols[0..count)} of the rows × k matrix m, in that order. */
    private static float[] gatherColumns(float[] m, int rows, int k, int[] cols, int count) {
        float[] g = new float[rows * count];
        for (int r = 0; r < rows; r++) {
            int from = r * k;
            int to = r * count;
            for (int c = 0; c < count; c++) {
                g[to + c] = m[from + cols[c]];
            }
        }
        return g;
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
