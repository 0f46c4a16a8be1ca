package org.lrppruning.model;

/**
 * Which units of a network the criteria score and pruning removes. The output layer (the last
 * Linear) is never pruned.
 */
public enum PrunableUnits {
    /**
     * The conv filters when the network has Conv2d layers (as the seed authors' CNN code prunes), else
     * the hidden Linear neurons (the toy MLP).
     */
    DEFAULT,
    /** Every Conv2d filter and every hidden Linear neuron. */
    ALL;

    /** Whether {@code layer} at position {@code i} of {@code layers} is prunable under this choice. */
    boolean prunable(java.util.List<Layer> layers, int i, boolean hasConv) {
        Layer layer = layers.get(i);
        if (i == layers.size() - 1 || !(layer instanceof Affine)) {
            return false;
        }
        return this == ALL || !hasConv || layer instanceof Conv2d;
    }
}
