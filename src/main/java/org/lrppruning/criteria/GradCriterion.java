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
        GradientScores gs = GradientScores.of(net, refs, threads);
        int n = refs.size();
        float[][] out = new float[net.hiddenCount()][];
        for (int h = 0; h < out.length; h++) {
            int width = net.hidden(h).out();
            double[] s = Normalise.columnSums(gs.dz(net, h), n, width);
            for (int j = 0; j < width; j++) {
                s[j] /= n;
            }
            out[h] = Normalise.absByL2(s);
        }
        return out;
    }
}
