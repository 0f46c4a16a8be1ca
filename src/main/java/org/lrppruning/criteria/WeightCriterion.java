package org.lrppruning.criteria;

import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Network;

/**
 * Weight magnitude (Li et al., ICLR 2017): raw_j = Σ_i |W[j, i]| over all weights of unit j (a conv filter's
 * in·kh·kw, the raw weights without any BatchNorm), normalised by the layer's sum. Data-free. The
 * {@code weight-bnfused} variant reads W[j, i]·γ_j/√(σ²_j+ε) where a BatchNorm follows the layer, as the seed
 * authors' ResNet path does ({@code shared/cnn}'s {@code weight_bnfused}).
 */
public final class WeightCriterion implements Criterion {
    private final boolean bnFused;

    /** The raw weights' magnitude, {@code weight}. */
    public WeightCriterion() {
        this(false);
    }

    /** With {@code bnFused}, the weights scaled by the following BatchNorm, {@code weight-bnfused}. */
    public WeightCriterion(boolean bnFused) {
        this.bnFused = bnFused;
    }

    @Override
    public String name() {
        return bnFused ? "weight-bnfused" : "weight";
    }

    @Override
    public boolean dataFree() {
        return true;
    }

    @Override
    public UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads) {
        return GroupScores.of(net, units, pos -> {
            Affine l = (Affine) net.layer(pos);
            int fan = l.fanIn();
            float[] w = l.weight();
            double[] scale = bnFused ? followingScale(net, pos, l.units()) : null;
            double[] s = new double[l.units()];
            for (int j = 0; j < s.length; j++) {
                double sum = 0;
                for (int i = 0; i < fan; i++) {
                    sum += scale == null ? Math.abs(w[j * fan + i]) : Math.abs(w[j * fan + i] * scale[j]);
                }
                s[j] = sum;
            }
            return s;
        }, Normalise::bySum, defs);
    }

    /** γ/√(σ²+ε) of the BatchNorm right after layer {@code pos}, or null when none follows. */
    private static double[] followingScale(Network net, int pos, int units) {
        int[] readers = net.consumers(pos + 1);
        if (readers.length == 1 && net.layer(readers[0]) instanceof BatchNorm bn && bn.channels() == units) {
            return bn.scale64();
        }
        return null;
    }
}
