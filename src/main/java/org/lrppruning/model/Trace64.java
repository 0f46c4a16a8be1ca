package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;

/**
 * The float64 activations of one evaluation-mode forward pass ({@link Layer#forward64}): {@code input(i)}
 * entered layer i, {@code input(layerCount)} are the logits. For references computed in float64.
 */
public final class Trace64 {
    private final Network network;
    private final int rows;
    private final double[][] values;

    private Trace64(Network network, int rows, double[][] values) {
        this.network = network;
        this.rows = rows;
        this.values = values;
    }

    /** Forward pass of n samples of x. */
    public static Trace64 of(Network net, double[] x, int n) {
        net.checkInput(x.length, n);
        int count = net.layers().size();
        double[][] values = new double[count + 1][];
        values[0] = x;
        for (int i = 0; i < count; i++) {
            values[i + 1] = net.layers().get(i).forward64(values[i], n, net.shape(i));
        }
        return new Trace64(net, n, values);
    }

    /** Forward pass of float32 inputs, widened exactly. */
    public static Trace64 of(Network net, float[] x, int n) {
        return of(net, AccurateOps.widen(x, n * net.inputs()), n);
    }

    public Network network() {
        return network;
    }

    /** Number of rows passed. */
    public int rows() {
        return rows;
    }

    /** The activation entering layer i; i = layer count gives the logits. */
    public double[] input(int i) {
        return values[i];
    }

    /** The activation leaving layer i. */
    public double[] output(int i) {
        return values[i + 1];
    }

    /** The logits (n × classes). */
    public double[] logits() {
        return values[values.length - 1];
    }
}
