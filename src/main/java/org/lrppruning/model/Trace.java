package org.lrppruning.model;

import java.util.SplittableRandom;

/**
 * The float32 activations of one forward pass: {@code value(v)} is value v of the network's graph (0 the
 * input, i + 1 layer i's output), {@code input(i)} what entered layer i (its first input) and
 * {@code output(i)} what left it; in a chain {@code input(layerCount)} are the logits. In training mode the dropout masks, the BatchNorm layers'
 * batch statistics, the convolutions' im2col columns and the max poolings' arg-max are kept for the
 * backward pass.
 */
public final class Trace {
    private final Network network;
    private final int rows;
    private final float[][] values;
    private final float[][] dropoutScale;
    private final BatchNorm.BatchStats[] batchStats;
    /** What a training pass keeps for the backward pass: Conv2d columns, MaxPool2d arg-max indices (else null). */
    private final Object[] kept;

    private Trace(Network network, int rows, float[][] values, float[][] dropoutScale,
                  BatchNorm.BatchStats[] batchStats, Object[] kept) {
        this.network = network;
        this.rows = rows;
        this.values = values;
        this.dropoutScale = dropoutScale;
        this.batchStats = batchStats;
        this.kept = kept;
    }

    /**
     * Im2col values a training pass keeps at most (128 MB of float32); convolutions beyond it recompute their
     * columns for the weight gradient, with the same bits.
     */
    static final long KEEP_VALUES = 1L << 25;

    /** The im2col values of n samples through {@code conv}. */
    private static long columns(Conv2d conv, int n, int[] shape) {
        return (long) n * (Shapes.size(conv.outputShape(shape)) / Math.max(1, conv.out())) * conv.fanIn();
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
        float[][] scales = new float[count][];
        BatchNorm.BatchStats[] stats = new BatchNorm.BatchStats[count];
        Object[] kept = new Object[count];
        long keep = KEEP_VALUES;
        values[0] = x;
        for (int i = 0; i < count; i++) {
            Layer layer = net.layers().get(i);
            int[] shape = net.inShape(i);
            float[] x0 = values[net.inputsOf(i)[0]];
            if (layer.arity() != 1) {
                float[][] xs = inputs(net, values, i);
                values[i + 1] = accurate ? layer.forwardAccurate(xs, n, net.inShapes(i))
                        : layer.forward(xs, n, net.inShapes(i), threads);
                continue;
            }
            if (accurate) {
                values[i + 1] = layer.forwardAccurate(x0, n, shape);
                continue;
            }
            if (dropout != null && layer instanceof BatchNorm bn) {
                stats[i] = bn.batchStats(x0, n, shape, threads);
                values[i + 1] = bn.forwardTraining(x0, stats[i], n, shape, threads);
                continue;
            }
            if (dropout != null && layer instanceof Conv2d conv && (keep -= columns(conv, n, shape)) >= 0) {
                Conv2d.Kept k = conv.forwardKeeping(x0, n, shape, threads);
                values[i + 1] = k.output();
                kept[i] = k.columns();
                continue;
            }
            if (dropout != null && layer instanceof MaxPool2d pool) {
                MaxPool2d.Kept k = pool.forwardKeeping(x0, n, shape, threads);
                values[i + 1] = k.output();
                kept[i] = k.argmax();
                continue;
            }
            values[i + 1] = layer.forward(x0, n, shape, threads);
            if (dropout != null && layer instanceof Dropout d) {
                scales[i] = dropoutMask(d, n * Shapes.size(shape), dropout);
                values[i + 1] = scaled(x0, scales[i]);
            }
        }
        return new Trace(net, n, values, scales, stats, kept);
    }

    /**
     * Training forward pass: dropout masks drawn from {@code rng} (layer by layer, in order), BatchNorm with
     * the batch's statistics (its running statistics are left alone: {@link BatchNorm#updateRunning}).
     */
    public static Trace training(Network net, float[] x, int n, SplittableRandom rng, int threads) {
        return of(net, x, n, rng, threads);
    }

    /** x ⊙ scale, element-wise. */
    static float[] scaled(float[] x, float[] scale) {
        float[] out = new float[scale.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] * scale[i];
        }
        return out;
    }

    private static float[] dropoutMask(Dropout d, int size, SplittableRandom rng) {
        float keep = 1f / (1f - d.p());
        float[] scale = new float[size];
        for (int i = 0; i < size; i++) {
            scale[i] = rng.nextDouble() >= d.p() ? keep : 0f;
        }
        return scale;
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

    /** The logits (n × classes). */
    public float[] logits() {
        return values[values.length - 1];
    }

    /** What layer i's training pass kept for the backward pass (Conv2d: its columns; MaxPool2d: arg-max), or null. */
    Object kept(int i) {
        return kept[i];
    }

    /** The batch statistics of BatchNorm layer i in a training pass (null in evaluation mode or for other layers). */
    public BatchNorm.BatchStats batchStats(int i) {
        return batchStats[i];
    }

    /** The dropout scale applied at layer i in training (null in evaluation mode or for other layers). */
    float[] dropoutScale(int i) {
        return dropoutScale[i];
    }
}
