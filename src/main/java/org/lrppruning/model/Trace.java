package org.lrppruning.model;

import java.util.SplittableRandom;
import org.lrppruning.linalg.AccurateOps;

/**
 * The activations of one forward pass: {@code input(i)} is what entered layer i and
 * {@code input(layerCount)} the logits. In training mode the dropout masks are kept for the
 * backward pass.
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

    /** Evaluation-mode pass whose Linear outputs are the float32 values nearest the exact products. */
    public static Trace accurate(Network net, float[] x, int n) {
        return of(net, x, n, null, 1, true);
    }

    private static Trace of(Network net, float[] x, int n, SplittableRandom dropout, int threads, boolean accurate) {
        if (x.length < n * net.inputs()) {
            throw new IllegalArgumentException("input holds " + x.length + " values, need " + n * net.inputs());
        }
        int count = net.layers().size();
        float[][] values = new float[count + 1][];
        float[][] scales = new float[count][];
        values[0] = x;
        for (int i = 0; i < count; i++) {
            Layer layer = net.layers().get(i);
            if (dropout != null && layer instanceof Dropout d) {
                scales[i] = dropoutMask(d, n * net.width(i), dropout);
            }
            if (accurate && layer instanceof Linear l) {
                values[i + 1] = new float[n * l.out()];
                AccurateOps.mulTransB(values[i], l.weight(), l.bias(), values[i + 1], n, l.in(), l.out());
            } else {
                values[i + 1] = apply(layer, values[i], n, net.width(i), scales[i], threads);
            }
        }
        return new Trace(net, n, values, scales);
    }

    /** Training forward pass with dropout drawn from {@code rng}. */
    public static Trace training(Network net, float[] x, int n, SplittableRandom rng, int threads) {
        return of(net, x, n, rng, threads);
    }

    static float[] apply(Layer layer, float[] a, int n, int width, float[] dropScale, int threads) {
        if (layer instanceof Linear l) {
            float[] out = new float[n * l.out()];
            Network.matmulBias(a, l, out, n, threads);
            return out;
        }
        if (layer instanceof Relu) {
            float[] out = new float[n * width];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(a[i], 0f);
            }
            return out;
        }
        if (dropScale == null) {
            return a;
        }
        float[] out = new float[n * width];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] * dropScale[i];
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
