package org.lrppruning.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters Linear and Conv2d share: name, unit-major float32 weights (units × fanIn), bias (null:
 * none) and optionally exact float64 copies; and the row and column surgery of pruning.
 */
abstract class AffineParams {
    private final String name;
    private final float[] weight;
    private final float[] bias;
    private final double[] weight64;
    private final double[] bias64;

    AffineParams(String name, long units, long fanIn, String shape, float[] weight, float[] bias, double[] weight64,
                 double[] bias64) {
        if (units < 0 || fanIn < 0) {
            throw new IllegalArgumentException(name + ": negative layer shape " + shape);
        }
        if (weight.length != units * fanIn) {
            throw new IllegalArgumentException(name + ".weight has " + weight.length + " values, expected " + shape);
        }
        if (bias != null && bias.length != units) {
            throw new IllegalArgumentException(name + ".bias has " + bias.length + " values, expected " + units);
        }
        this.name = name;
        this.weight = weight;
        this.bias = bias;
        this.weight64 = weight64;
        this.bias64 = bias64;
    }

    public String name() {
        return name;
    }

    /** Weights, units × fanIn, row-major. */
    public float[] weight() {
        return weight;
    }

    /** Bias per unit, or null when the layer has none. */
    public float[] bias() {
        return bias;
    }

    /** Float64 weights: the exact ones when the layer carries them, else the float32 weights widened. */
    public double[] weight64() {
        return weight64 != null ? weight64 : Affine.widen(weight);
    }

    /** Float64 bias (null when there is none). */
    public double[] bias64() {
        return weight64 != null ? bias64 : Affine.widen(bias);
    }

    /** The exact float64 weights as stored (null: none, the float32 ones stand), for a copy of the layer. */
    double[] storedWeight64() {
        return weight64;
    }

    /** The exact float64 bias as stored, with {@link #storedWeight64}. */
    double[] storedBias64() {
        return bias64;
    }

    /** The kept units' rows of W and entries of b: {weight, bias (null if none)}. */
    float[][] keptUnits(boolean[] keep, int units, int fanIn) {
        checkMask(keep, units, "units");
        int kept = Shapes.count(keep);
        float[] w = new float[kept * fanIn];
        float[] b = bias == null ? null : new float[kept];
        int r = 0;
        for (int j = 0; j < units; j++) {
            if (keep[j]) {
                System.arraycopy(weight, j * fanIn, w, r * fanIn, fanIn);
                if (b != null) {
                    b[r] = bias[j];
                }
                r++;
            }
        }
        return new float[][] {w, b};
    }

    /** W without the inputs whose keep entry is false; each input owns {@code block} consecutive weights of a row. */
    float[] keptInputs(boolean[] keep, int units, int inputs, int block) {
        checkMask(keep, inputs, "inputs");
        int kept = Shapes.count(keep);
        float[] w = new float[units * kept * block];
        int q = 0;
        for (int u = 0; u < units; u++) {
            for (int c = 0; c < inputs; c++) {
                if (keep[c]) {
                    System.arraycopy(weight, (u * inputs + c) * block, w, q, block);
                    q += block;
                }
            }
        }
        return w;
    }

    /** A copy of the bias (null stays null): a pruned layer owns its arrays. */
    float[] biasCopy() {
        return bias == null ? null : bias.clone();
    }

    private void checkMask(boolean[] keep, int size, String what) {
        if (keep.length != size) {
            throw new IllegalArgumentException(name + ": keep mask over " + keep.length + " " + what + ", layer has "
                    + size);
        }
    }

    /** weight (of the given PyTorch shape) and bias, when there is one. */
    List<Layer.Param> params(int[] weightShape) {
        List<Layer.Param> p = new ArrayList<>();
        p.add(new Layer.Param("weight", weightShape, weight));
        if (bias != null) {
            p.add(new Layer.Param("bias", new int[] {weightShape[0]}, bias));
        }
        return p;
    }
}
