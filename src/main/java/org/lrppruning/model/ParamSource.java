package org.lrppruning.model;

import java.io.IOException;

/** Where {@link Architecture#build} gets each parameter array: a state dict (npz) or a seeded initialiser. */
interface ParamSource {
    /**
     * The array under the state-dict name {@code key} with PyTorch shape {@code shape}, where −1 marks a
     * dimension to be taken from the source; {@code fanIn} is the number of inputs per unit of the layer
     * (for initialisation). A missing or misshapen array is an IOException with a one-line message.
     */
    Layer.Param get(String key, int[] shape, int fanIn) throws IOException;
}
