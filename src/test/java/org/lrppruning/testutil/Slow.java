package org.lrppruning.testutil;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Relu;

/** Slow, obvious float64 versions of the network's passes, one sample at a time, for comparisons. */
public final class Slow {
    private Slow() {}

    /** Activations entering each layer (index = layer position) plus the logits last, for one sample. */
    public static List<double[]> forward(Network net, double[] x) {
        List<double[]> acts = new ArrayList<>();
        double[] a = x;
        for (Layer layer : net.layers()) {
            acts.add(a);
            if (layer instanceof Linear l) {
                double[] z = new double[l.out()];
                for (int j = 0; j < l.out(); j++) {
                    double s = l.bias()[j];
                    for (int i = 0; i < l.in(); i++) {
                        s += (double) l.w(j, i) * a[i];
                    }
                    z[j] = s;
                }
                a = z;
            } else if (layer instanceof Relu) {
                double[] z = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    z[i] = Math.max(a[i], 0);
                }
                a = z;
            }
        }
        acts.add(a);
        return acts;
    }

    /** ∂L/∂(output of every layer) for one sample with L = CE(logits, y) / n. */
    public static List<double[]> gradients(Network net, double[] x, int y, int n) {
        List<double[]> acts = forward(net, x);
        double[] logits = acts.get(acts.size() - 1);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        double[] g = new double[logits.length];
        for (int c = 0; c < g.length; c++) {
            g[c] = (Math.exp(logits[c] - max) / sum - (c == y ? 1 : 0)) / n;
        }
        int count = net.layers().size();
        double[][] out = new double[count][];
        for (int i = count - 1; i >= 0; i--) {
            out[i] = g;
            Layer layer = net.layers().get(i);
            double[] in = acts.get(i);
            double[] gin = new double[in.length];
            if (layer instanceof Linear l) {
                for (int p = 0; p < l.in(); p++) {
                    for (int j = 0; j < l.out(); j++) {
                        gin[p] += g[j] * l.w(j, p);
                    }
                }
            } else if (layer instanceof Relu) {
                for (int p = 0; p < in.length; p++) {
                    gin[p] = in[p] > 0 ? g[p] : 0;
                }
            } else {
                gin = g;
            }
            g = gin;
        }
        return List.of(out);
    }

    /** Relevance at every layer's output for one sample under z⁺ everywhere, started at the true-class logit. */
    public static List<double[]> zPlusRelevance(Network net, double[] x, int y) {
        List<double[]> acts = forward(net, x);
        double[] logits = acts.get(acts.size() - 1);
        double[] r = new double[logits.length];
        r[y] = logits[y];
        int count = net.layers().size();
        double[][] out = new double[count][];
        for (int i = count - 1; i >= 0; i--) {
            out[i] = r;
            if (net.layers().get(i) instanceof Linear l) {
                double[] a = acts.get(i);
                double[] rin = new double[l.in()];
                for (int k = 0; k < l.out(); k++) {
                    double z = 1e-9;
                    for (int p = 0; p < l.in(); p++) {
                        z += a[p] * Math.max(l.w(k, p), 0);
                    }
                    for (int p = 0; p < l.in(); p++) {
                        rin[p] += a[p] * Math.max(l.w(k, p), 0) * r[k] / z;
                    }
                }
                r = rin;
            }
        }
        return List.of(out);
    }

    /** The i-th point of interleaved xy as a double pair. */
    public static double[] point(float[] xy, int i) {
        return new double[] {xy[2 * i], xy[2 * i + 1]};
    }
}
