package org.lrppruning.model;

import java.util.SplittableRandom;

/**
 * The float32 activations of one forward pass: {@code input(i)} is what entered layer i and
 * {@code input(layerCount)} the logits. In training mode the dropout masks are kept for the
 * backward pass (BatchNorm has no training mode here: its batch statistics are not supported).
 */
public final class Trace {
    private final Network network;
    private final int rows;
    private final float[][] values;
    private final float[][] dropoutScale;

    private Trace(Network network, int rows, float[][] values, float[][] dropoutScale) {
        this.network = network;
        this.rows = rows;
        this.values = values;
        this.dropoutScale = dropoutScale;
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
        values[0] = x;
        for (int i = 0; i < count; i++) {
            Layer layer = net.layers().get(i);
            int[] shape = net.shape(i);
            if (accurate) {
                values[i + 1] = layer.forwardAccurate(values[i], n, shape);
                continue;
            }
            values[i + 1] = layer.forward(values[i], n, shape, threads);
            if (dropout != null && layer instanceof Dropout d) {
                scales[i] = dropoutMask(d, n * net.width(i), dropout);
                values[i + 1] = scaled(values[i], scales[i]);
            }
        }
        return new Trace(net, n, values, scales);
    }

    /** Training forward pass with dropout drawn from {@code rng}; BatchNorm layers are rejected. */
    public static Trace training(Network net, float[] x, int n, SplittableRandom rng, int threads) {
        for (Layer l : net.layers()) {
            if (l instanceof BatchNorm) {
                throw new UnsupportedOperationException(l.name() + ": BatchNorm in training mode is not supported");
            }
        }
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

    /** The activation entering layer i (n × width(i)); i = layer count gives the logits. */
    public float[] input(int i) {
        return values[i];
    }

    /** The activation leaving layer i. */
    public float[] output(int i) {
        return values[i + 1];
    }

    /** The logits (n × classes). */
    public float[] logits() {
        return values[values.length - 1];
    }

    /** The dropout scale applied at layer i in training (null in evaluation mode or for other layers). */
    float[] dropoutScale(int i) {
        return dropoutScale[i];
    }
}
