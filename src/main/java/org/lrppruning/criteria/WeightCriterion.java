package org.lrppruning.criteria;

import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;

/**
 * Weight magnitude (Li et al., ICLR 2017): raw_j = Σ_i |W[j, i]| over all weights of unit j (a conv filter's
 * in·kh·kw, the raw weights without any BatchNorm), normalised by the layer's sum. Data-free.
 */
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
    public UnitScores score(Network net, LabeledData refs, Definitions defs, int threads) {
        int layers = net.prunableCount();
        String[] names = new String[layers];
        double[][] raw = new double[layers][];
        double[][] norm = new double[layers][];
        for (int h = 0; h < layers; h++) {
            Affine l = net.prunable(h);
            names[h] = l.name();
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
            raw[h] = s;
            norm[h] = defs.finish(Normalise.bySum(s));
        }
        return new UnitScores(names, raw, norm);
    }
}
