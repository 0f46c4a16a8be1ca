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
        GradientScores gs = GradientScores.of(net, refs, threads);
        int n = refs.size();
        float[][] out = new float[net.hiddenCount()][];
        for (int h = 0; h < out.length; h++) {
            int width = net.hidden(h).out();
            float[] z = gs.z(net, h);
            double[] dz = gs.dz(net, h);
            double[] s = new double[width];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < width; j++) {
                    s[j] += z[r * width + j] * dz[r * width + j];
                }
            }
            for (int j = 0; j < width; j++) {
                s[j] /= n;
            }
            out[h] = Normalise.absByL2(s);
        }
        return out;
    }
}
