package org.lrppruning.model;

/**
 * Which units of a network the criteria score and pruning removes. The output layer
 * ({@link Network#outputLayer()}: the last Linear, or squeezenet's last Conv2d) is never pruned.
 */
public enum PrunableUnits {
    /**
     * The conv filters when the network has Conv2d layers (as the seed authors' CNN code prunes), else
     * the hidden Linear neurons (the toy MLP).
     */
    DEFAULT,
    /** Every Conv2d filter and every hidden Linear neuron. */
    ALL;

    /** Whether {@code layer} at position {@code i} of {@code layers} (output layer at {@code output}) is prunable under this choice. */
    boolean prunable(java.util.List<Layer> layers, int i, int output, boolean hasConv) {
        Layer layer = layers.get(i);
        if (i == output || !(layer instanceof Affine)) {
            return false;
        }
        return this == ALL || !hasConv || layer instanceof Conv2d;
    }
}
