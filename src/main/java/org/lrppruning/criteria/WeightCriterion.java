package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;

/** Weight magnitude (Li et al., ICLR 2017): s_j = Σ_i |W[j, i]|, normalised by the layer's sum. Data-free. */
public final class WeightCriterion implements Criterion {
    @Override
    public String name() {
        return "weight";
    }

    @Override
    public boolean dataFree() {
        return true;
    }

    @Override
    public float[][] scores(Network net, Samples refs, int threads) {
        float[][] out = new float[net.hiddenCount()][];
        for (int h = 0; h < out.length; h++) {
            Linear l = net.hidden(h);
            double[] s = new double[l.out()];
            for (int j = 0; j < l.out(); j++) {
                double sum = 0;
                for (int i = 0; i < l.in(); i++) {
                    sum += Math.abs(l.w(j, i));
                }
                s[j] = sum;
            }
            out[h] = Normalise.bySum(s);
        }
        return out;
    }
}
