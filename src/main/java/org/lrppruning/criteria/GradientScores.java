package org.lrppruning.criteria;

import org.lrppruning.model.Affine;

import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Network;

/** The gradient-based criteria's one reduction over the pass their definitions make (z and ∂L/∂z per prunable layer). */
final class GradientScores {
    private GradientScores() {}

    /**
     * Per prunable layer the raw (1/(N·P)) Σ_{n,p} t_j(x_n, p), with t = ∂L/∂z (grad) or z·∂L/∂z (taylor) at unit j
     * and output position p (P = 1 for a Linear layer), summed in float64, and |raw| normalised by the layer's L2 norm.
     */
    static UnitScores of(Network net, UnitSets units, LabeledData refs, Definitions defs, boolean timesActivation,
            int threads, SharedPasses shared) {
        Definitions.Pass pass = shared.pass(defs, net, units, refs, threads);
        int n = refs.size();
        return GroupScores.of(net, units, pos -> {
            int count = ((Affine) net.layer(pos)).units();
            int width = net.width(pos + 1);
            int positions = width / Math.max(1, count);
            double[] z = pass.z()[pos];
            double[] dz = pass.dz()[pos];
            double[] s = new double[count];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < count; j++) {
                    for (int p = 0; p < positions; p++) {
                        int i = r * width + j * positions + p;
                        s[j] += timesActivation ? z[i] * dz[i] : dz[i];
                    }
                }
            }
            for (int j = 0; j < count; j++) {
                s[j] /= n * positions;
            }
            return s;
        }, Normalise::absByL2, defs);
    }
}
