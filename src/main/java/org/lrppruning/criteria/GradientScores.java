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

    /** Pre-activation z (n × width) of hidden layer h. */
    float[] z(Network net, int h) {
        return trace.output(net.hiddenPositions()[h]);
    }

    /** ∂L/∂z (n × width) of hidden layer h, in float64. */
    double[] dz(Network net, int h) {
        return grads[net.hiddenPositions()[h]];
    }
}
