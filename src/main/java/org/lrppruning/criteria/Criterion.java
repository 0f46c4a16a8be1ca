package org.lrppruning.criteria;

import org.lrppruning.data.Samples;
import org.lrppruning.model.Network;

/**
 * A pruning criterion: one importance score per neuron of every hidden Linear layer, normalised
 * per layer so that scores of different layers can be ranked together (spec section 4).
 */
public interface Criterion {
    /** The name used on the command line and in logs. */
    String name();

    /**
     * Normalised scores, one array per hidden layer (bottom-up), from the reference samples
     * {@code refs}, with the network in evaluation mode. Products may use {@code threads} threads;
     * the result does not depend on it.
     */
    float[][] scores(Network net, Samples refs, int threads);

    /** Whether the scores ignore the samples (then every run on a model prunes the same neurons). */
    default boolean dataFree() {
        return false;
    }
}
