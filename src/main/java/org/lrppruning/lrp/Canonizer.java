package org.lrppruning.lrp;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Layer;
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
     * Zennit's {@code SequentialMergeBatchNorm}: every BatchNorm right after a Linear or Conv2d layer is merged
     * into it, W' = W·γ/√(σ² + ε) per output unit, b' = (b − μ)·γ/√(σ² + ε) + β (b = 0 without a bias), in
     * float64 (the merged layer keeps those values for its float64 maps; its float32 parameters are their
     * rounding), and the BatchNorm is dropped (Zennit turns it into the identity). Layer names stay, so the
     * merged layer answers for both: its output is the BatchNorm's.
     */
    static Canonizer mergeBatchNorm() {
        return net -> {
            List<Layer> layers = net.layers();
            List<Layer> out = new ArrayList<>(layers.size());
            boolean changed = false;
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                if (layer instanceof BatchNorm bn && i > 0 && layers.get(i - 1) instanceof Affine) {
                    out.add(merge((Affine) out.remove(out.size() - 1), bn));
                    changed = true;
                } else {
                    out.add(layer);
                }
            }
            return changed ? new Network(net.inputShape(), out, net.units()) : net;
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
