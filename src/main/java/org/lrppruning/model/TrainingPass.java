package org.lrppruning.model;

import java.util.SplittableRandom;

/**
 * What one training-mode forward pass shares between its layers: the generator of the dropout masks (drawn
 * layer by layer, in order) and the budget of values the layers may keep for the backward pass (im2col
 * columns: beyond it a convolution recomputes them, with the same bits).
 */
public final class TrainingPass {
    /** Values a training pass keeps at most (128 MB of float32). */
    static final long KEEP_VALUES = 1L << 25;

    private final SplittableRandom rng;
    private long budget = KEEP_VALUES;

    /** A pass drawing its dropout masks from {@code rng}. */
    public TrainingPass(SplittableRandom rng) {
        this.rng = rng;
    }

    /** The dropout masks' generator. */
    SplittableRandom rng() {
        return rng;
    }

    /**
     * Takes {@code values} from the keeping budget; false once the budget is spent (then also for every later
     * asker, so which layers keep does not depend on their sizes' order beyond the first refusal).
     */
    boolean keep(long values) {
        budget -= values;
        return budget >= 0;
    }
}
