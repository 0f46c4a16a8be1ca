package org.lrppruning.lrp;

import org.lrppruning.model.Affine;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;
import org.lrppruning.model.Trace64;

/**
 * The one backward walk of LRP over the network's graph: starting from a relevance at the logits, every
 * {@link Affine} layer applies its rule from the {@link RuleMap}; every other layer passes relevance as it
 * says itself ({@link Layer#relevance}: ReLU, BatchNorm, Dropout, Flatten unchanged, max pooling to the
 * arg-max, average pooling and residual Add by Zennit's Norm rule, Concat by slices, a gate's Mul to the gated
 * input). A value read by several layers gets the sum of their relevances, in a fixed order. Adding a rule or
 * a layer kind never changes this walk.
 */
public final class RelevancePass {
    private RelevancePass() {}

    /** Relevance at each layer's output ({@code atOutput[i]}, n × width(i + 1)) and at the network's input. */
    public record Relevance(float[][] atOutput, float[] atInput) {
    }

    /** {@link Relevance} in float64. */
    public record Relevance64(double[][] atOutput, double[] atInput) {
    }

    /**
     * Relevance arriving at each layer's output: element i is R at the output of layer i
     * (n × width(i + 1)), for every layer down to the first Affine layer's output (below it no unit is scored).
     */
    public static float[][] run(Trace trace, float[] start, RuleMap rules, int threads) {
        return walk(trace, start, rules, threads, false).atOutput();
    }

    /** The walk down to the network's input (an input heatmap). */
    public static Relevance explain(Trace trace, float[] start, RuleMap rules, int threads) {
        return walk(trace, start, rules, threads, true);
    }

    private static Relevance walk(Trace trace, float[] start, RuleMap rules, int threads, boolean toInput) {
        Network net = trace.network();
        int count = net.layers().size();
        float[][] atOutput = new float[count][];
        float[][] atValue = new float[count + 1][];
        atValue[count] = start;
        int stop = toInput ? -1 : firstAffine(net);
        for (int i = count - 1; i >= 0; i--) {
            float[] r = atValue[i + 1];
            atValue[i + 1] = null;
            atOutput[i] = r;
            if (i == stop) {
                return new Relevance(atOutput, null);
            }
            if (r == null) {
                continue;
            }
            Layer layer = net.layers().get(i);
            int[] in = net.inputsOf(i);
            float[][] rs = layer instanceof Affine a
                    ? new float[][] {rules.ruleFor(net, i).backward(a, trace.input(i), trace.plainOutput(i), r, trace.rows(),
                            net.inShape(i), threads)}
                    : layer.relevance(trace.inputs(i), trace.saved(i), r, trace.rows(), net.inShapes(i), threads);
            for (int k = 0; k < in.length; k++) {
                atValue[in[k]] = add(atValue[in[k]], rs[k]);
            }
        }
        return new Relevance(atOutput, atValue[0]);
    }

    /** {@link #run} in float64. */
    public static double[][] run64(Trace64 trace, double[] start, RuleMap rules) {
        return walk64(trace, start, rules, false).atOutput();
    }

    /** {@link #explain} in float64. */
    public static Relevance64 explain64(Trace64 trace, double[] start, RuleMap rules) {
        return walk64(trace, start, rules, true);
    }

    private static Relevance64 walk64(Trace64 trace, double[] start, RuleMap rules, boolean toInput) {
        Network net = trace.network();
        int count = net.layers().size();
        double[][] atOutput = new double[count][];
        double[][] atValue = new double[count + 1][];
        atValue[count] = start;
        int stop = toInput ? -1 : firstAffine(net);
        for (int i = count - 1; i >= 0; i--) {
            double[] r = atValue[i + 1];
            atValue[i + 1] = null;
            atOutput[i] = r;
            if (i == stop) {
                return new Relevance64(atOutput, null);
            }
            if (r == null) {
                continue;
            }
            Layer layer = net.layers().get(i);
            int[] in = net.inputsOf(i);
            double[][] rs = layer instanceof Affine a
                    ? new double[][] {rules.ruleFor(net, i).backward64(a, trace.input(i), trace.output(i), r, trace.rows(),
                            net.inShape(i))}
                    : layer.relevance64(trace.inputs(i), r, trace.rows(), net.inShapes(i));
            for (int k = 0; k < in.length; k++) {
                atValue[in[k]] = add(atValue[in[k]], rs[k]);
            }
        }
        return new Relevance64(atOutput, atValue[0]);
    }

    /**
     * A value's relevance from its readers, summed top-down (one order for any thread count; a single reader's
     * array is taken as it is, so a chain's relevances are exactly the rules').
     */
    private static float[] add(float[] have, float[] r) {
        if (have == null) {
            return r;
        }
        float[] sum = new float[have.length];
        for (int j = 0; j < sum.length; j++) {
            sum[j] = have[j] + r[j];
        }
        return sum;
    }

    private static double[] add(double[] have, double[] r) {
        if (have == null) {
            return r;
        }
        double[] sum = new double[have.length];
        for (int j = 0; j < sum.length; j++) {
            sum[j] = have[j] + r[j];
        }
        return sum;
    }

    private static int firstAffine(Network net) {
        for (int i = 0; i < net.layers().size(); i++) {
            if (net.layers().get(i) instanceof Affine) {
                return i;
            }
        }
        return 0;
    }

    /** R = logits ⊙ onehot(y): the true-class logit, others 0 (the reference's start). */
    public static float[] trueClassLogit(float[] logits, int[] labels, int n, int k) {
        float[] r = new float[n * k];
        for (int row = 0; row < n; row++) {
            r[row * k + labels[row]] = logits[row * k + labels[row]];
        }
        return r;
    }

    /** {@link #trueClassLogit} in float64. */
    public static double[] trueClassLogit64(double[] logits, int[] labels, int n, int k) {
        double[] r = new double[n * k];
        for (int row = 0; row < n; row++) {
            r[row * k + labels[row]] = logits[row * k + labels[row]];
        }
        return r;
    }
}
