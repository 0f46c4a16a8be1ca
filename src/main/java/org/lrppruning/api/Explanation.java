package org.lrppruning.api;

import java.util.List;
import org.lrppruning.lrp.Explainer;

/**
 * LRP relevances of a batch: the logits, the relevance of every input value, and per hidden Linear or Conv2d layer
 * each unit's relevance summed over its positions (after its BatchNorm, if one follows); arrays are sample-major.
 */
public final class Explanation {
    private final String composite;
    private final Explainer.Result result;
    private final int[] labels;

    Explanation(String composite, Explainer.Result result, int[] labels) {
        this.composite = composite;
        this.result = result;
        this.labels = labels;
    }

    /** The composite the relevances were computed with. */
    public String composite() {
        return composite;
    }

    /** The number of samples. */
    public int samples() {
        return result.n();
    }

    /** The logits, samples × classes. */
    public double[] logits() {
        return result.logits().clone();
    }

    /** The relevance of each input value, samples × the sample shape (the heatmaps). */
    public double[] input() {
        return result.input().clone();
    }

    /** The explained hidden layers, bottom-up. */
    public List<String> layers() {
        return result.taps().stream().map(Explainer.Tap::name).toList();
    }

    /** The relevance of {@code layer}'s units, samples × units. */
    public double[] units(String layer) {
        if (!layers().contains(layer)) {
            throw new IllegalArgumentException("no explained layer '" + layer + "'; the layers are " + layers());
        }
        return result.tap(layer).sum().clone();
    }

    /**
     * The relevance kept at the input as a fraction of the start (the true class's logit), for sample {@code i}:
     * 1 for a conserving composite on a network without biases.
     */
    public double kept(int i) {
        int per = result.input().length / result.n();
        double sum = 0;
        for (int j = 0; j < per; j++) {
            sum += result.input()[i * per + j];
        }
        return sum / result.logits()[i * result.classes() + labels[i]];
    }
}
