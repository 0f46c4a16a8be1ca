package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.lrp.RelevancePass;
import org.lrppruning.lrp.RuleMap;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;

/**
 * LRP (Yeom et al. 2021): s_j = Σ_n R_j(x_n), the signed relevance reaching unit j (summed over positions) from the
 * true-class logit under the composite's rules (z⁺ everywhere for {@code paper}), normalised by
 * the layer's plain sum.
 */
public final class LrpCriterion implements Criterion {
    private final String name;
    private final RuleMap rules;

    /** The paper's criterion: z⁺ everywhere. */
    public LrpCriterion() {
        this("lrp", RuleMap.of("paper"));
    }

    /** A variant with another composite, registered under its own name. */
    public LrpCriterion(String name, RuleMap rules) {
        this.name = name;
        this.rules = rules;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public float[][] scores(Network net, Samples refs, int threads) {
        int n = refs.size();
        Trace t = Trace.accurate(net, refs.x(), n);
        float[] start = RelevancePass.trueClassLogit(t.logits(), refs.labels(), n, net.classes());
        float[][] r = RelevancePass.run(t, start, rules, threads);
        float[][] out = new float[net.prunableCount()][];
        int[] pos = net.prunablePositions();
        for (int h = 0; h < out.length; h++) {
            int units = net.prunable(h).units();
            out[h] = Normalise.bySum(Normalise.unitSums(r[pos[h]], n, units, net.width(pos[h] + 1) / Math.max(1, units)));
        }
        return out;
    }
}
