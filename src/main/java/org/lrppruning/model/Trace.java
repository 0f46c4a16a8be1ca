package org.lrppruning.model;

import java.util.SplittableRandom;

/**
 * The float32 activations of one forward pass: {@code value(v)} is value v of the network's graph (0 the
 * input, i + 1 layer i's output), {@code input(i)} what entered layer i (its first input) and
 * {@code output(i)} what left it; in a chain {@code input(layerCount)} are the logits. In training mode the dropout masks, the BatchNorm layers'
 * batch statistics, the convolutions' im2col columns and the max poolings' arg-max are kept for the
 * backward pass; in evaluation mode what {@link Layer#forwardSaving} keeps (the max poolings' arg-max, for the
 * relevance pass).
 */
public final class Trace {
    private final Network network;
    private final int rows;
    private final float[][] values;
    /** What each layer kept for its backward or relevance pass (null: nothing; an accurate pass keeps nothing). */
    private final Object[] saved;
    /** Whether the Affine outputs are the float32 values nearest the exact products ({@link #accurate}). */
    private final boolean accurate;

    private Trace(Network network, int rows, float[][] values, Object[] saved, boolean accurate) {
        this.network = network;
        this.rows = rows;
        this.values = values;
        this.saved = saved;
        this.accurate = accurate;
    }

    /** Forward pass; {@code dropout} null means evaluation mode (dropout is the identity). */
    static Trace of(Network net, float[] x, int n, SplittableRandom dropout, int threads) {
        return of(net, x, n, dropout, threads, false);
    }

    /** Evaluation-mode pass whose Affine outputs are the float32 values nearest the exact products. */
    public static Trace accurate(Network net, float[] x, int n) {
        return of(net, x, n, null, 1, true);
    }

    private static Trace of(Network net, float[] x, int n, SplittableRandom dropout, int threads, boolean accurate) {
        net.checkInput(x.length, n);
        int count = net.layers().size();
        float[][] values = new float[count + 1][];
        Object[] saved = new Object[count];
        TrainingPass pass = dropout != null ? new TrainingPass(dropout) : null;
        values[0] = x;
        for (int i = 0; i < count; i++) {
            Layer layer = net.layers().get(i);
            if (layer.arity() != 1) {
                float[][] xs = inputs(net, values, i);
                values[i + 1] = accurate ? layer.forwardAccurate(xs, n, net.inShapes(i))
                        : layer.forward(xs, n, net.inShapes(i), threads);
                continue;
            }
            float[] x0 = values[net.inputsOf(i)[0]];
            int[] shape = net.inShape(i);
            if (accurate) {
                values[i + 1] = layer.forwardAccurate(x0, n, shape);
            } else if (pass != null) {
                Layer.Saved s = layer.trainForward(x0, n, shape, pass, threads);
                values[i + 1] = s.output();
                saved[i] = s.state();
            } else {
                Layer.Saved s = layer.forwardSaving(x0, n, shape, threads);
                values[i + 1] = s.output();
                saved[i] = s.state();
            }
        }
        return new Trace(net, n, values, saved, accurate);
    }

    /**
     * Training forward pass: every layer's {@link Layer#trainForward} (dropout masks drawn from {@code rng} layer by
     * layer, in order; BatchNorm with the batch's statistics, its running statistics left alone:
     * {@link BatchNorm#updateRunning}), each keeping what its backward pass needs.
     */
    public static Trace training(Network net, float[] x, int n, SplittableRandom rng, int threads) {
        return of(net, x, n, rng, threads);
    }

    public Network network() {
        return network;
    }

    /** Number of rows passed. */
    public int rows() {
        return rows;
    }

    /** The values layer i reads, in order. */
    static float[][] inputs(Network net, float[][] values, int i) {
        int[] in = net.inputsOf(i);
        float[][] xs = new float[in.length][];
        for (int k = 0; k < in.length; k++) {
            xs[k] = values[in[k]];
        }
        return xs;
    }

    /** The activation entering layer i (its first input); in a chain, i = layer count gives the logits. */
    public float[] input(int i) {
        return i == values.length - 1 ? values[i] : values[network.inputsOf(i)[0]];
    }

    /** Every value layer i reads. */
    public float[][] inputs(int i) {
        return inputs(network, values, i);
    }

    /** Value v: the input (0) or layer v − 1's output. */
    public float[] value(int v) {
        return values[v];
    }

    /** The activation leaving layer i. */
    public float[] output(int i) {
        return values[i + 1];
    }

    /**
     * Layer i's output when it is the layer's own float32 map (for an Affine layer, what {@code affine} with its
     * parameters computes), else null: the outputs of an {@link #accurate} pass are not.
     */
    public float[] plainOutput(int i) {
        return accurate ? null : values[i + 1];
    }

    /** The logits (n × classes). */
    public float[] logits() {
        return values[values.length - 1];
    }

    /** What layer i kept for its backward or relevance pass ({@link Layer#forwardSaving}, {@link Layer#trainForward}). */
    public Object saved(int i) {
        return saved[i];
    }

    /** The batch statistics of BatchNorm layer i in a training pass (null in evaluation mode or for other layers). */
    public BatchNorm.BatchStats batchStats(int i) {
        return saved[i] instanceof BatchNorm.BatchStats s ? s : null;
    }

}
