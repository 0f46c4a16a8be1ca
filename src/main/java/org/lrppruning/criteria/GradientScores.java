package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.model.Backprop;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;

/** The one forward and backward pass the gradient-based criteria share: z and ∂L/∂z per hidden layer. */
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
     * Per hidden layer, |(1/N) Σ_n t_j(x_n)| normalised by the layer's L2 norm, with t = ∂L/∂z
     * (grad) or z·∂L/∂z (taylor), summed in float64.
     */
    static float[][] normalisedMeans(Network net, Samples refs, int threads, boolean timesActivation) {
        GradientScores gs = of(net, refs, threads);
        int n = refs.size();
        float[][] out = new float[net.hiddenCount()][];
        for (int h = 0; h < out.length; h++) {
            int width = net.hidden(h).out();
            float[] z = gs.z(net, h);
            double[] dz = gs.dz(net, h);
            double[] s = new double[width];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < width; j++) {
                    s[j] += timesActivation ? z[r * width + j] * dz[r * width + j] : dz[r * width + j];
                }
            }
            for (int j = 0; j < width; j++) {
                s[j] /= n;
            }
            out[h] = Normalise.absByL2(s);
        }
        return out;
    }

    /** Pre-activation z (n × width) of hidden layer h. */
    float[] z(Network net, int h) {
        return trace.output(net.hiddenPositions()[h]);
    }

    /** ∂L/∂z (n × width) of hidden layer h, in float64. */
    double[] dz(Network net, int h) {
        return grads[net.hiddenPositions()[h]];
    }
}
