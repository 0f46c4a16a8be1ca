package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.model.Backprop;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;

/** The one forward and backward pass the gradient-based criteria share: z and ∂L/∂z per prunable layer. */
final class GradientScores {
    final Trace trace;
    final double[][] grads;

    private GradientScores(Trace trace, double[][] grads) {
        this.trace = trace;
        this.grads = grads;
    }

    /** L = mean cross-entropy of the logits over the reference samples. */
    static GradientScores of(Network net, Samples refs, int threads) {
        int n = refs.size();
        Trace t = Trace.accurate(net, refs.x(), n);
        float[] g = Backprop.crossEntropyGrad(t.logits(), refs.labels(), n, net.classes());
        return new GradientScores(t, Backprop.outputGradients64(t, g));
    }

    /**
     * Per prunable layer, |(1/(N·P)) Σ_{n,p} t_j(x_n, p)| normalised by the layer's L2 norm, with t = ∂L/∂z
     * (grad) or z·∂L/∂z (taylor) at unit j and output position p (P = 1 for a Linear layer), summed in float64.
     */
    static float[][] normalisedMeans(Network net, Samples refs, int threads, boolean timesActivation) {
        GradientScores gs = of(net, refs, threads);
        int n = refs.size();
        float[][] out = new float[net.prunableCount()][];
        for (int h = 0; h < out.length; h++) {
            int units = net.prunable(h).units();
            int width = net.width(net.prunablePositions()[h] + 1);
            int positions = width / Math.max(1, units);
            float[] z = gs.z(net, h);
            double[] dz = gs.dz(net, h);
            double[] s = new double[units];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < units; j++) {
                    for (int p = 0; p < positions; p++) {
                        int i = r * width + j * positions + p;
                        s[j] += timesActivation ? z[i] * dz[i] : dz[i];
                    }
                }
            }
            for (int j = 0; j < units; j++) {
                s[j] /= n * positions;
            }
            out[h] = Normalise.absByL2(s);
        }
        return out;
    }

    /** Pre-activation z (n × output shape) of prunable layer h. */
    float[] z(Network net, int h) {
        return trace.output(net.prunablePositions()[h]);
    }

    /** ∂L/∂z (n × output shape) of prunable layer h, in float64. */
    double[] dz(Network net, int h) {
        return grads[net.prunablePositions()[h]];
    }
}
