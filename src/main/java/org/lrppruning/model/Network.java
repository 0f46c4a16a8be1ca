package org.lrppruning.model;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.linalg.ZeroSkip;

/**
 * An immutable feed-forward network: an input shape and a layer list, the last layer the Linear output
 * layer. {@link #shape(int)} is the per-sample shape entering each layer. Its prunable layers (chosen by
 * {@link PrunableUnits}) are Affine layers before the output layer; the criteria score their units and
 * pruning removes them, counted layer-major over {@link #prunablePositions()}.
 */
public final class Network {
    private final List<Layer> layers;
    private final int[][] shapes;
    private final PrunableUnits units;
    private final int[] prunable;

    /** A network over inputs of {@code inputShape} with the given prunable units; a one-line error when shapes do not fit. */
    public Network(int[] inputShape, List<Layer> layers, PrunableUnits units) {
        this.layers = List.copyOf(layers);
        this.units = units;
        this.shapes = new int[layers.size() + 1][];
        shapes[0] = inputShape.clone();
        boolean hasConv = false;
        for (int i = 0; i < layers.size(); i++) {
            shapes[i + 1] = layers.get(i).outputShape(shapes[i]);
            hasConv |= layers.get(i) instanceof Conv2d;
        }
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof Linear)) {
            throw new IllegalArgumentException("the last layer must be the Linear output layer");
        }
        List<Integer> p = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (units.prunable(this.layers, i, hasConv)) {
                p.add(i);
            }
        }
        prunable = p.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A network with the default prunable units. */
    public Network(int[] inputShape, List<Layer> layers) {
        this(inputShape, layers, PrunableUnits.DEFAULT);
    }

    /** A network over flat inputs of {@code inputs} features (the toy MLP). */
    public Network(int inputs, List<Layer> layers) {
        this(new int[] {inputs}, layers, PrunableUnits.DEFAULT);
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Layer i. */
    public Layer layer(int i) {
        return layers.get(i);
    }

    /** Position of the layer named {@code name}, or −1. */
    public int indexOf(String name) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Per-sample input shape. */
    public int[] inputShape() {
        return shapes[0].clone();
    }

    /** Values per input sample. */
    public int inputs() {
        return Shapes.size(shapes[0]);
    }

    /** Per-sample shape entering layer i (i = layer count: the logits). */
    public int[] shape(int i) {
        return shapes[i].clone();
    }

    /** Values per sample entering layer i (i = layer count: the classes). */
    public int width(int i) {
        return Shapes.size(shapes[i]);
    }

    /** Number of classes (outputs of the last layer). */
    public int classes() {
        return width(layers.size());
    }

    /** Which units are prunable. */
    public PrunableUnits units() {
        return units;
    }

    /** The same layers with other prunable units. */
    public Network withUnits(PrunableUnits u) {
        return new Network(shapes[0], layers, u);
    }

    /** Values one input row gives rise to in a forward pass: its inputs and every layer's outputs. */
    public long valuesPerRow() {
        long v = 0;
        for (int[] shape : shapes) {
            v += Shapes.size(shape);
        }
        return v;
    }

    /** Positions in {@link #layers()} of the prunable layers, bottom-up. */
    public int[] prunablePositions() {
        return prunable.clone();
    }

    /** The prunable layers' names, bottom-up. */
    public String[] prunableNames() {
        String[] out = new String[prunable.length];
        for (int h = 0; h < out.length; h++) {
            out[h] = layers.get(prunable[h]).name();
        }
        return out;
    }

    /** Number of prunable layers. */
    public int prunableCount() {
        return prunable.length;
    }

    /** The h-th prunable layer. */
    public Affine prunable(int h) {
        return (Affine) layers.get(prunable[h]);
    }

    /** Units per prunable layer (neurons, filters). */
    public int[] unitCounts() {
        int[] s = new int[prunable.length];
        for (int h = 0; h < s.length; h++) {
            s[h] = prunable(h).units();
        }
        return s;
    }

    /** Total number of prunable units. */
    public int unitTotal() {
        int t = 0;
        for (int s : unitCounts()) {
            t += s;
        }
        return t;
    }

    /** Number of parameter values. */
    public long parameterCount() {
        long c = 0;
        for (Layer l : layers) {
            for (Layer.Param p : l.parameters()) {
                c += p.data().length;
            }
        }
        return c;
    }

    /** Multiply-accumulate operations per sample. */
    public long macs() {
        long c = 0;
        for (int i = 0; i < layers.size(); i++) {
            c += layers.get(i).macs(shapes[i]);
        }
        return c;
    }

    /** The network with layer {@code i} replaced (same prunable units). */
    public Network with(int i, Layer layer) {
        List<Layer> copy = new ArrayList<>(layers);
        copy.set(i, layer);
        return new Network(shapes[0], copy, units);
    }

    /** Evaluation-mode forward pass of n samples, keeping every layer's input. */
    public Trace trace(float[] x, int n) {
        return Trace.of(this, x, n, null, 1);
    }

    /** Evaluation-mode logits (n × classes). */
    public float[] logits(float[] x, int n) {
        return logits(x, n, 1);
    }

    /** Evaluation-mode logits, products split over {@code threads} (same bits for any count). */
    public float[] logits(float[] x, int n, int threads) {
        checkInput(x.length, n);
        float[] a = x;
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).forward(a, n, shapes[i], threads);
        }
        return a;
    }

    /** Evaluation-mode logits in float64. */
    public double[] logits64(double[] x, int n) {
        checkInput(x.length, n);
        double[] a = x;
        for (int i = 0; i < layers.size(); i++) {
            a = layers.get(i).forward64(a, n, shapes[i]);
        }
        return a;
    }

    void checkInput(int length, int n) {
        long need = (long) n * inputs();
        if (length < need) {
            throw new IllegalArgumentException("input holds " + length + " values, need " + need + " for " + n
                    + " samples of shape " + Shapes.format(shapes[0]));
        }
    }

    /** Activation values per layer that one chunk of {@link #predict} may hold (16 MB of float32). */
    static final int PREDICT_VALUES = 1 << 22;

    /**
     * Predicted class per row: argmax of the logits, ties to the lower class. Rows go in chunks whose widest
     * activation holds about {@value #PREDICT_VALUES} values, so a 10 000-image test set needs no gigabytes;
     * rows are independent in evaluation mode (and MatOps gives a block of rows the bits of the whole), so the
     * chunks change no result.
     */
    public int[] predict(float[] x, int n, int threads) {
        checkInput(x.length, n);
        int widest = 1;
        for (int i = 0; i <= layers.size(); i++) {
            widest = Math.max(widest, width(i));
        }
        int rows = Math.max(1, PREDICT_VALUES / widest);
        if (n <= rows) {
            return argmax(logits(x, n, threads), n, classes());
        }
        int in = inputs();
        int[] out = new int[n];
        for (int s = 0; s < n; s += rows) {
            int b = Math.min(rows, n - s);
            int[] p = argmax(logits(java.util.Arrays.copyOfRange(x, s * in, (s + b) * in), b, threads), b, classes());
            System.arraycopy(p, 0, out, s, b);
        }
        return out;
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
                    : layers.get(i).forward(a, n, shapes[i], threads);
        }
        return a;
    }

    /** x·Wᵀ + b over the inputs that are nonzero in some row (over all when a weight is not finite). */
    static float[] linearWithoutZeroInputs(Linear l, float[] a, int n, int threads) {
        float[] c = new float[n * l.out()];
        ZeroSkip.mulTransB(a, l.weight(), l.bias(), c, n, l.in(), l.out(), ZeroSkip.finite(l.weight()), threads);
        return c;
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network(in " + Shapes.format(shapes[0]));
        for (Layer l : layers) {
            sb.append(", ").append(l.name());
        }
        return sb.append(')').toString();
    }
}
