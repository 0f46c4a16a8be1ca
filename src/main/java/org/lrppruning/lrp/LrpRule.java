package org.lrppruning.lrp;

import org.lrppruning.model.Affine;

/**
 * One LRP rule (Bach et al. 2015; Montavon et al. 2019): redistributes the relevance arriving at the
 * output of an {@link Affine} layer (Linear, Conv2d) onto its input. Writes nothing it is given.
 */
public interface LrpRule {
    /** R_in (n × input shape) from the layer's input a and the relevance at its output rOut, in float32. */
    float[] backward(Affine layer, float[] a, float[] rOut, int n, int[] in, int threads);

    /** {@link #backward} in float64 (the layer's float64 parameters, {@link Affine#weight64()}). */
    double[] backward64(Affine layer, double[] a, double[] rOut, int n, int[] in);

    /**
     * {@link #backward} given also the layer's output {@code out} = A_W(a) + b of the forward pass (null: unknown),
     * which a rule may use instead of computing the same products again.
     */
    default float[] backward(Affine layer, float[] a, float[] out, float[] rOut, int n, int[] in, int threads) {
        return backward(layer, a, rOut, n, in, threads);
    }

    /** {@link #backward(Affine, float[], float[], float[], int, int[], int)} in float64. */
    default double[] backward64(Affine layer, double[] a, double[] out, double[] rOut, int n, int[] in) {
        return backward64(layer, a, rOut, n, in);
    }
}
