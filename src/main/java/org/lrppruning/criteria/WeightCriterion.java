package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;

/** Weight magnitude (Li et al., ICLR 2017): s_j = Σ_i |W[j, i]| (all weights of unit j), normalised by the layer's sum. Data-free. */
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
        float[][] out = new float[net.prunableCount()][];
        for (int h = 0; h < out.length; h++) {
            Affine l = net.prunable(h);
            int fan = l.fanIn();
            float[] w = l.weight();
            double[] s = new double[l.units()];
            for (int j = 0; j < s.length; j++) {
                double sum = 0;
                for (int i = 0; i < fan; i++) {
                    sum += Math.abs(w[j * fan + i]);
                }
                s[j] = sum;
            }
            out[h] = Normalise.bySum(s);
        }
        return out;
    }
}
