package org.lrppruning.criteria;

import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Network;

/**
 * Taylor (Molchanov et al., ICLR 2017): raw_j = (1/(N·P)) Σ_{n,p} z_j(x_n, p)·∂L/∂z_j(x_n, p), z the layer's output
 * (a conv's before BatchNorm); normalised |raw_j| / ‖raw‖₂ per layer.
 */
public final class TaylorCriterion implements Criterion {
    @Override
    public String name() {
        return "taylor";
    }

    @Override
    public UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads) {
        return score(net, units, refs, defs, threads, new SharedPasses(refs));
    }

    @Override
    public UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads,
                            SharedPasses shared) {
        return GradientScores.of(net, units, refs, defs, true, threads, shared);
    }
}
