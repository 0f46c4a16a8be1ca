package org.lrppruning.model;

/** One layer of a feed-forward network: {@link Linear}, {@link Relu} or {@link Dropout}. */
public sealed interface Layer permits Linear, Relu, Dropout {
    /** Output width for the given input width. */
    int outputs(int inputs);
}
