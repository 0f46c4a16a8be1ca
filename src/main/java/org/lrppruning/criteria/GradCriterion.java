package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.model.Network;

/** Gradient (Sun et al., ICML 2017): s_j = |(1/N) Σ_n ∂L/∂z_j(x_n)|, normalised by the layer's L2 norm. */
public final class GradCriterion implements Criterion {
    @Override
    public String name() {
        return "grad";
    }

    @Override
    public float[][] scores(Network net, Samples refs, int threads) {
        return GradientScores.normalisedMeans(net, refs, threads, false);
    }
}
