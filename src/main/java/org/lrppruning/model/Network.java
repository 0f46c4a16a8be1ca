package org.lrppruning.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.lrppruning.linalg.ZeroSkip;

/**
 * An immutable feed-forward network: a directed acyclic graph of layers over one input. Its output layer
 * ({@link #outputLayer()}) is the Linear or Conv2d layer whose outputs become the logits, directly (the last
 * layer) or through one-input layers after it (squeezenet's 1×1 Conv2d, then ReLU, global average pooling and
 * Flatten). Values are numbered: value 0 is the input, value i + 1 the output of layer i;
 * layer i reads the values {@link #inputsOf(int)}, all computed before it (the layers are in topological
 * order), and every value but the logits is read by some layer. A chain is the graph whose layer i reads
 * value i: then {@link #shape(int)}, the shape of value i, is the shape entering layer i, as it always was.
 * Its prunable layers (chosen by {@link PrunableUnits}) are Affine layers before the output layer; the
 * criteria score their units and pruning removes them, counted layer-major over {@link #prunablePositions()}.
 * In a graph the prunable unit sets are the {@link ChannelGroups}, each named by its root layer.
 */
public final class Network {
    private final List<Layer> layers;
    /** Per layer, the values it reads. */
    private final int[][] inputs;
    private final boolean chain;
    /** Position of the output layer. */
    private final int outputLayer;
    /** Per value, its per-sample shape. */
    private final int[][] shapes;
    /** Per value, the last layer that reads it (the logits: the layer count). */
    private final int[] lastUse;
    private final PrunableUnits units;
    private final boolean hasConv;
    /** Whether the prunable unit sets are channel groups. */
    private final boolean prunesGroups;
    /**
     * The channel groups and the prunable unit sets, each computed on first use (a graph's units need its groups):
     * a network built only to run or to be rewritten again (the BatchNorm canonizer builds one per merge) never
     * computes them. Written once under {@link #lock}, read without it once set.
     */
    private volatile ChannelGroups groups;
    private volatile UnitSets unitSets;
    private final Object lock = new Object();

    /** Positions of the prunable layers (of a graph: its prunable groups' roots) and per set the layers carrying its units. */
    private record UnitSets(int[] prunable, int[][] outLayers) {}

    /** A chain over inputs of {@code inputShape} with the given prunable units; a one-line error when shapes do not fit. */
    public Network(int[] inputShape, List<Layer> layers, PrunableUnits units) {
        this(inputShape, layers, null, units);
    }

    /**
     * A graph: layer i reads the values {@code inputs[i]} (null: the chain, layer i reads value i). A one-line
     * IllegalArgumentException when a layer reads a value not computed before it, a value is read by no layer,
     * or shapes do not fit.
     */
    public Network(int[] inputShape, List<Layer> layers, int[][] inputs, PrunableUnits units) {
        this.layers = List.copyOf(layers);
        this.units = units;
        int count = layers.size();
        this.inputs = new int[count][];
        boolean isChain = true;
        for (int i = 0; i < count; i++) {
            this.inputs[i] = inputs == null ? new int[] {i} : inputs[i].clone();
            isChain &= this.inputs[i].length == 1 && this.inputs[i][0] == i;
        }
        this.chain = isChain;
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs layers (at least the Linear or Conv2d output layer)");
        }
        this.shapes = new int[count + 1][];
        this.lastUse = new int[count + 1];
        Arrays.fill(lastUse, -1);
        shapes[0] = inputShape.clone();
        boolean conv = false;
        for (int i = 0; i < count; i++) {
            Layer layer = layers.get(i);
            int[] in = this.inputs[i];
            if (in.length != layer.arity()) {
                throw new IllegalArgumentException(layer.name() + " reads " + in.length + " values, it takes "
                        + layer.arity());
            }
            for (int v : in) {
                if (v < 0 || v > i) {
                    throw new IllegalArgumentException(layer.name() + " reads value " + v
                            + ", which is not computed before it (layers must be in topological order)");
                }
                lastUse[v] = i;
            }
            shapes[i + 1] = layer.outputShape(inShapes(i));
            conv |= layer instanceof Conv2d;
        }
        lastUse[count] = count;
        this.outputLayer = outputLayer(this.layers, this.inputs);
        for (int v = 0; v < count; v++) {
            if (lastUse[v] < 0) {
                throw new IllegalArgumentException((v == 0 ? "the input" : "the output of " + layers.get(v - 1).name())
                        + " is read by no layer (a dangling branch)");
            }
        }
        this.hasConv = conv;
        // a graph (or a chain with grouped convolutions, whose channels are tied across layers) prunes channel groups
        this.prunesGroups = !chain || layers.stream().anyMatch(l -> l instanceof Conv2d cv && cv.groups() > 1);
    }

    /** The prunable unit sets, computed once, on first use. */
    private UnitSets unitSets() {
        UnitSets u = unitSets;
        if (u == null) {
            synchronized (lock) {
                u = unitSets;
                if (u == null) {
                    u = computeUnitSets();
                    unitSets = u;
                }
            }
        }
        return u;
    }

    private UnitSets computeUnitSets() {
        List<Integer> p = new ArrayList<>();
        List<int[]> outs = new ArrayList<>();
        if (!prunesGroups) {
            for (int i = 0; i < layers.size(); i++) {
                if (units.prunable(layers, i, outputLayer, hasConv)) {
                    p.add(i);
                    outs.add(new int[] {i});
                }
            }
        } else {
            // each group is named by its root, the first layer whose outputs are its channels
            for (ChannelGroups.Group g : channelGroups().groups()) {
                if (units.prunable(layers, g.root(), outputLayer, hasConv)) {
                    p.add(g.root());
                    outs.add(g.outLayers());
                }
            }
        }
        return new UnitSets(p.stream().mapToInt(Integer::intValue).toArray(), outs.toArray(int[][]::new));
    }

    /** Whether the channel groups have been computed (they are on first use). */
    boolean groupsComputed() {
        return groups != null;
    }

    /**
     * The output layer: from the last layer back through one-input layers that are not Linear or Conv2d (ReLU,
     * pooling, Flatten, ...) to the first that is. A one-line IllegalArgumentException when a merge or the input
     * comes first.
     */
    private static int outputLayer(List<Layer> layers, int[][] inputs) {
        int o = layers.size() - 1;
        while (!(layers.get(o) instanceof Affine)) {
            Layer l = layers.get(o);
            if (l.arity() != 1) {
                throw new IllegalArgumentException("the logits come from " + l.name() + ", which combines " + l.arity()
                        + " values; they must come from one Linear or Conv2d output layer through one-input layers");
            }
            o = inputs[o][0] - 1;
            if (o < 0) {
                throw new IllegalArgumentException("no Linear or Conv2d output layer: the logits are computed from the"
                        + " input by parameter-free layers only");
            }
        }
        return o;
    }

    /**
     * Position of the output layer, the Linear or Conv2d layer whose outputs become the logits: the last layer, or
     * the one before a tail of one-input layers (squeezenet: Conv2d, ReLU, global average pooling, Flatten). It is
     * never prunable, and nor is any channel that reaches the logits.
     */
    public int outputLayer() {
        return outputLayer;
    }

    /** Whether the prunable unit sets are channel groups (a graph, or a chain with grouped convolutions). */
    public boolean prunesGroups() {
        return prunesGroups;
    }

    /**
     * The channel groups of the network (for a chain without grouped convolutions each prunable layer's own),
     * computed once, on first use, by whichever thread asks first.
     */
    public ChannelGroups channelGroups() {
        ChannelGroups g = groups;
        if (g == null) {
            synchronized (lock) {
                g = groups;
                if (g == null) {
                    g = ChannelGroups.of(this);
                    groups = g;
                }
            }
        }
        return g;
    }

    /**
     * The layers whose outputs are the h-th prunable unit set's units: in a chain the prunable layer alone; in a
     * graph every {@code out} member of its channel group, root first. The criteria score each and combine them.
     */
    public int[] outLayers(int h) {
        return unitSets().outLayers()[h].clone();
    }

    /** The channel group of the h-th prunable unit set, or null in a chain. */
    public ChannelGroups.Group group(int h) {
        if (!prunesGroups) {
            return null;
        }
        int root = unitSets().prunable()[h];
        for (ChannelGroups.Group g : channelGroups().groups()) {
            if (g.root() == root) {
                return g;
            }
        }
        throw new IllegalStateException("no group rooted at " + layers.get(root).name());
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

    /** Whether layer i reads value i for every i (a chain, no branches). */
    public boolean isChain() {
        return chain;
    }

    /** The values layer i reads (value 0: the input; value j + 1: the output of layer j). */
    public int[] inputsOf(int i) {
        return inputs[i].clone();
    }

    /** The per-sample shapes of the values layer i reads. */
    public int[][] inShapes(int i) {
        int[][] s = new int[inputs[i].length][];
        for (int k = 0; k < s.length; k++) {
            s[k] = shapes[inputs[i][k]].clone();
        }
        return s;
    }

    /** The per-sample shape of layer i's first input (its only one, but for merges). */
    public int[] inShape(int i) {
        return shapes[inputs[i][0]].clone();
    }

    /** The layers that read value v, in order. */
    public int[] consumers(int v) {
        List<Integer> c = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (int u : inputs[i]) {
                if (u == v) {
                    c.add(i);
                    break;
                }
            }
        }
        return c.stream().mapToInt(Integer::intValue).toArray();
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

    /** Per-sample shape of value i: the input (0) or layer i − 1's output; in a chain the shape entering layer i. */
    public int[] shape(int i) {
        return shapes[i].clone();
    }

    /** Values per sample of value i (i = layer count: the classes). */
    public int width(int i) {
        return Shapes.size(shapes[i]);
    }

    /** Number of classes (values per sample of the logits, the last layer's output). */
    public int classes() {
        return width(layers.size());
    }

    /** Which units are prunable. */
    public PrunableUnits units() {
        return units;
    }

    /** The same layers with other prunable units. */
    public Network withUnits(PrunableUnits u) {
        return new Network(shapes[0], layers, inputs, u);
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
        return unitSets().prunable().clone();
    }

    /** The prunable layers' names, bottom-up. */
    public String[] prunableNames() {
        int[] prunable = unitSets().prunable();
        String[] out = new String[prunable.length];
        for (int h = 0; h < out.length; h++) {
            out[h] = layers.get(prunable[h]).name();
        }
        return out;
    }

    /** Number of prunable layers. */
    public int prunableCount() {
        return unitSets().prunable().length;
    }

    /** The h-th prunable layer. */
    public Affine prunable(int h) {
        return (Affine) layers.get(unitSets().prunable()[h]);
    }

    /** Units per prunable layer (neurons, filters). */
    public int[] unitCounts() {
        int[] s = new int[prunableCount()];
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
            c += layers.get(i).macs(inShape(i));
        }
        return c;
    }

    /** The network with layer {@code i} replaced (same prunable units). */
    public Network with(int i, Layer layer) {
        List<Layer> copy = new ArrayList<>(layers);
        copy.set(i, layer);
        return new Network(shapes[0], copy, inputs, units);
    }

    /** The same graph with other layers (one per position, each reading what the old one read). */
    public Network withLayers(List<Layer> replaced) {
        if (replaced.size() != layers.size()) {
            throw new IllegalArgumentException(replaced.size() + " layers for a graph of " + layers.size());
        }
        return new Network(shapes[0], replaced, inputs, units);
    }

    /**
     * The network without the one-input layer i: whoever read its output reads its input instead (a BatchNorm
     * merged into the layer before it, say). Later layers move up by one.
     */
    public Network without(int i) {
        if (inputs[i].length != 1 || i == layers.size() - 1 || i == outputLayer) {
            throw new IllegalArgumentException("cannot drop " + layers.get(i).name() + " from the graph");
        }
        int source = inputs[i][0];
        List<Layer> copy = new ArrayList<>(layers);
        copy.remove(i);
        int[][] in = new int[copy.size()][];
        for (int j = 0; j < copy.size(); j++) {
            int[] old = inputs[j < i ? j : j + 1];
            in[j] = new int[old.length];
            for (int k = 0; k < old.length; k++) {
                int v = old[k];
                in[j][k] = v == i + 1 ? source : v > i + 1 ? v - 1 : v;
            }
        }
        return new Network(shapes[0], copy, in, units);
    }

    /**
     * The forward walk: value 0 is {@code x}, value i + 1 is {@code step.apply(i)} over the values layer i reads
     * ({@code read}); a value is dropped after its last reader unless {@code keep}. Returns every value kept.
     */
    <T> T[] walk(T x, IntFunction<T[]> array, NodeStep<T> step, boolean keep) {
        T[] values = array.apply(layers.size() + 1);
        values[0] = x;
        for (int i = 0; i < layers.size(); i++) {
            T[] in = array.apply(inputs[i].length);
            for (int k = 0; k < in.length; k++) {
                in[k] = values[inputs[i][k]];
            }
            values[i + 1] = step.apply(i, in);
            if (!keep) {
                for (int v : inputs[i]) {
                    if (lastUse[v] == i) {
                        values[v] = null;
                    }
                }
            }
        }
        return values;
    }

    /** One layer of {@link #walk}: its output from its inputs. */
    @FunctionalInterface
    interface NodeStep<T> {
        T apply(int layer, T[] inputs);
    }

    /** Evaluation-mode forward pass of n samples, keeping every layer's input. */
    public Trace trace(float[] x, int n) {
        return trace(x, n, 1);
    }

    /** {@link #trace(float[], int)} with the products split over {@code threads} (same bits for any count). */
    public Trace trace(float[] x, int n, int threads) {
        return Trace.of(this, x, n, null, threads);
    }

    /** Evaluation-mode logits (n × classes). */
    public float[] logits(float[] x, int n) {
        return logits(x, n, 1);
    }

    /** Evaluation-mode logits, products split over {@code threads} (same bits for any count). */
    public float[] logits(float[] x, int n, int threads) {
        checkInput(x.length, n);
        if (chain) {
            float[] a = x;
            for (int i = 0; i < layers.size(); i++) {
                a = layers.get(i).forward(a, n, shapes[i], threads);
            }
            return a;
        }
        float[][] v = walk(x, float[][]::new, (i, in) -> layers.get(i).forward(in, n, inShapes(i), threads), false);
        return v[layers.size()];
    }

    /** Evaluation-mode logits in float64. */
    public double[] logits64(double[] x, int n) {
        checkInput(x.length, n);
        double[][] v = walk(x, double[][]::new, (i, in) -> layers.get(i).forward64(in, n, inShapes(i)), false);
        return v[layers.size()];
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
        float[][] v = walk(x, float[][]::new, (i, in) -> layers.get(i) instanceof Linear l
                ? linearWithoutZeroInputs(l, in[0], n, threads) : layers.get(i).forward(in, n, inShapes(i), threads), false);
        return v[layers.size()];
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
        for (int i = 0; i < layers.size(); i++) {
            sb.append(", ").append(layers.get(i).name());
            if (!chain) {
                sb.append(Arrays.toString(inputs[i]));
            }
        }
        return sb.append(')').toString();
    }
}
