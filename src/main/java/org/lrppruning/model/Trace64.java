package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;

/**
 * The float64 activations of one evaluation-mode forward pass ({@link Layer#forward64}): {@code value(v)} is
 * value v of the graph, {@code input(i)} entered layer i (its first input), {@code output(i)} left it. For references computed in float64.
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
        double[][] values = net.walk(x, double[][]::new,
                (i, in) -> net.layers().get(i).forward64(in, n, net.inShapes(i)), true);
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

    /** The activation entering layer i (its first input); in a chain, i = layer count gives the logits. */
    public double[] input(int i) {
        return i == values.length - 1 ? values[i] : values[network.inputsOf(i)[0]];
    }

    /** Every value layer i reads. */
    public double[][] inputs(int i) {
        int[] in = network.inputsOf(i);
        double[][] xs = new double[in.length][];
        for (int k = 0; k < in.length; k++) {
            xs[k] = values[in[k]];
        }
        return xs;
    }

    /** Value v: the input (0) or layer v − 1's output. */
    public double[] value(int v) {
        return values[v];
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
