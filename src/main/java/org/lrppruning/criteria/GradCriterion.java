package org.lrppruning.criteria;

import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Network;

/**
 * Gradient (Sun et al., ICML 2017): raw_j = (1/(N·P)) Σ_{n,p} ∂L/∂z_j(x_n, p) over samples and output positions,
 * L the mean cross-entropy; normalised |raw_j| / ‖raw‖₂ per layer.
 */
public final class GradCriterion implements Criterion {
    @Override
    public String name() {
        return "grad";
    }

    @Override
    public UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads) {
        return score(net, units, refs, defs, threads, new SharedPasses(refs));
    }

    @Override
    public UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads,
                            SharedPasses shared) {
        return GradientScores.of(net, units, refs, defs, false, threads, shared);
    }
}
