package org.lrppruning.testutil;

import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PruningPlan;

/**
 * The shared/cnn fixtures' {@code channel} masking mode: the unpruned network with the planned units' outputs
 * zeroed after their BatchNorm (γ = β = 0 there), or, without a BatchNorm, their weights and bias zeroed.
 */
public final class Masks {
    private Masks() {}

    /** {@code net} with the units of {@code plan} masked; its shapes are unchanged. */
    public static Network zeroed(Network net, PruningPlan plan) {
        Network out = net;
        int[] pos = net.prunablePositions();
        for (int h = 0; h < pos.length; h++) {
            int[] units = plan.perLayer()[h];
            if (units.length == 0) {
                continue;
            }
            int next = pos[h] + 1;
            if (next < net.layers().size() && net.layer(next) instanceof BatchNorm bn) {
                float[] gamma = bn.gamma().clone();
                float[] beta = bn.beta().clone();
                for (int u : units) {
                    gamma[u] = 0;
                    beta[u] = 0;
                }
                out = out.with(next, new BatchNorm(bn.name(), gamma, beta, bn.mean(), bn.var(), bn.eps()));
            } else {
                Affine a = net.prunable(h);
                float[] w = a.weight().clone();
                float[] b = a.bias() == null ? null : a.bias().clone();
                for (int u : units) {
                    java.util.Arrays.fill(w, u * a.fanIn(), (u + 1) * a.fanIn(), 0f);
                    if (b != null) {
                        b[u] = 0;
                    }
                }
                out = out.with(pos[h], a.withParameters(w, b));
            }
        }
        return out;
    }
}
