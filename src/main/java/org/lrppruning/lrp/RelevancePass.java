package org.lrppruning.lrp;

import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;

/**
 * The one backward walk of LRP: starting from a relevance at the logits, every Linear layer
 * applies its rule from the {@link RuleMap}; ReLU and Dropout pass relevance unchanged.
 */
public final class RelevancePass {
    private RelevancePass() {}

    /**
     * Relevance arriving at each layer's output: element i is R at the output of layer i
     * (n × width(i + 1)), for every layer down to the first Linear layer's output.
     */
    public static float[][] run(Trace trace, float[] start, RuleMap rules, int threads) {
        Network net = trace.network();
        int count = net.layers().size();
        float[][] atOutput = new float[count][];
        float[] r = start;
        int firstLinear = net.hiddenCount() > 0 ? net.hiddenPositions()[0] : count - 1;
        for (int i = count - 1; i >= 0; i--) {
            atOutput[i] = r;
            Layer layer = net.layers().get(i);
            if (layer instanceof Linear l) {
                if (i == firstLinear) {
                    break; // the input relevance of the first layer scores no neuron
                }
                r = rules.ruleFor(net, i).backward(l, trace.input(i), r, trace.rows(), threads);
            }
        }
        return atOutput;
    }

    /** R = logits ⊙ onehot(y): the true-class logit, others 0 (the reference's start). */
    public static float[] trueClassLogit(float[] logits, int[] labels, int n, int k) {
        float[] r = new float[n * k];
        for (int row = 0; row < n; row++) {
            r[row * k + labels[row]] = logits[row * k + labels[row]];
        }
        return r;
    }
}
