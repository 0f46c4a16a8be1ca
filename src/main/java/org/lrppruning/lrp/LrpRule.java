package org.lrppruning.lrp;

import org.lrppruning.model.Linear;

/**
 * One LRP rule (Bach et al. 2015; Montavon et al. 2019): redistributes the relevance arriving at a
 * Linear layer's output onto its input.
 */
public interface LrpRule {
    /**
     * R_in (n × in) from the layer's input a (n × in) and the relevance at its output rOut (n × out).
     * Writes nothing else.
     */
    float[] backward(Linear layer, float[] a, float[] rOut, int n, int threads);
}
