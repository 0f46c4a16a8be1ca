package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.model.Network;

/** Taylor (Molchanov et al., ICLR 2017): s_j = |(1/N) Σ_n z_j(x_n)·∂L/∂z_j(x_n)|, normalised by L2. */
public final class TaylorCriterion implements Criterion {
    @Override
    public String name() {
        return "taylor";
    }

    @Override
    public float[][] scores(Network net, Samples refs, int threads) {
        return GradientScores.normalisedMeans(net, refs, threads, true);
    }
}
