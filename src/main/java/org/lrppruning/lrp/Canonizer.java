package org.lrppruning.lrp;

import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Network;

/**
 * A canonizer (Zennit's term): rewrites a network into one with the same function whose layers the LRP
 * rules explain better. The given network is never changed; the result is for explaining only.
 */
@FunctionalInterface
public interface Canonizer {
    /** The canonical form of {@code net} (may be {@code net} itself when there is nothing to rewrite). */
    Network apply(Network net);

    /**
     * Zennit's {@code SequentialMergeBatchNorm}: every BatchNorm right after a Linear or Conv2d layer whose output
     * nothing else reads is merged into it, W' = W·γ/√(σ² + ε) per output unit, b' = (b − μ)·γ/√(σ² + ε) + β (b = 0 without a bias), in
     * float64 (the merged layer keeps those values for its float64 maps; its float32 parameters are their
     * rounding), and the BatchNorm is dropped (Zennit turns it into the identity). Layer names stay, so the
     * merged layer answers for both: its output is the BatchNorm's.
     */
    static Canonizer mergeBatchNorm() {
        return net -> {
            Network out = net;
            for (int i = 0; i < out.layers().size(); i++) {
                int j = out.inputsOf(i)[0] - 1;
                if (out.layer(i) instanceof BatchNorm bn && j >= 0 && out.layer(j) instanceof Affine a
                        && out.consumers(j + 1).length == 1) {
                    out = out.with(j, merge(a, bn)).without(i);
                    i--;
                }
            }
            return out;
        };
    }

    /** The Affine layer {@code a} followed by {@code bn}, as one Affine layer. */
    static Affine merge(Affine a, BatchNorm bn) {
        if (bn.channels() != a.units()) {
            throw new IllegalArgumentException(bn.name() + ": " + bn.channels() + " channels after " + a.name()
                    + " with " + a.units() + " units");
        }
        double[] w = a.weight64().clone();
        double[] b = a.bias64();
        double[] mean = widen(bn.mean());
        double[] var = widen(bn.var());
        double[] gamma = widen(bn.gamma());
        double[] beta = widen(bn.beta());
        int fan = a.fanIn();
        double[] merged = new double[a.units()];
        for (int f = 0; f < a.units(); f++) {
            double scale = gamma[f] / Math.sqrt(var[f] + bn.eps());
            for (int k = 0; k < fan; k++) {
                w[f * fan + k] *= scale;
            }
            merged[f] = ((b == null ? 0.0 : b[f]) - mean[f]) * scale + beta[f];
        }
        return a.withParameters64(w, merged);
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
