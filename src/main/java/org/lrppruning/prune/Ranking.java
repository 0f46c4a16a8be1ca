package org.lrppruning.prune;

import java.util.Arrays;

/**
 * The global ranking of spec section 4: all hidden neurons (layer-major indices) by ascending
 * score; ties to the lower layer, then the lower index; −0.0 equals 0.0; NaN ranks lowest.
 */
public final class Ranking {
    private Ranking() {}

    /** Layer-major indices sorted by ascending score. */
    public static int[] ascending(float[][] scores) {
        int total = 0;
        for (float[] s : scores) {
            total += s.length;
        }
        long[] keys = new long[total];
        int g = 0;
        for (float[] layer : scores) {
            for (float v : layer) {
                // The sort key (high 32 bits) orders floats as IEEE comparison does; the global
                // index in the low bits breaks ties towards the lower layer and index.
                keys[g] = ((long) sortKey(v) << 32) | g;
                g++;
            }
        }
        Arrays.sort(keys);
        int[] order = new int[total];
        for (int i = 0; i < total; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /**
     * {@link #ascending(float[][])} for float64 scores, under the same rules (ties to the lower layer and index,
     * −0.0 equals 0.0, NaN lowest): on float32 values widened to float64 both give the same order.
     */
    public static int[] ascending(double[][] scores) {
        int total = 0;
        for (double[] s : scores) {
            total += s.length;
        }
        long[] keys = new long[total];
        int g = 0;
        for (double[] layer : scores) {
            for (double v : layer) {
                keys[g++] = sortKey(v);
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        // A stable sort of the layer-major list: equal keys keep the lower layer and index first.
        Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
        int[] out = new int[total];
        for (int i = 0; i < total; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** A long whose signed order is IEEE order of the doubles, −0.0 mapped to 0.0 and NaN below −∞. */
    static long sortKey(double v) {
        if (Double.isNaN(v)) {
            return Long.MIN_VALUE;
        }
        if (v == 0d) {
            return 0;
        }
        long bits = Double.doubleToRawLongBits(v);
        return bits >= 0 ? bits : bits ^ 0x7fff_ffff_ffff_ffffL;
    }

    /** An int whose signed order is IEEE order of the floats, −0.0 mapped to 0.0 and NaN below −∞. */
    static int sortKey(float v) {
        if (Float.isNaN(v)) {
            return Integer.MIN_VALUE;
        }
        if (v == 0f) {
            return 0;
        }
        int bits = Float.floatToRawIntBits(v);
        return bits >= 0 ? bits : bits ^ 0x7fff_ffff;
    }

    /** Whether any score is NaN (the run reports it). */
    public static boolean hasNaN(float[][] scores) {
        for (float[] layer : scores) {
            for (float v : layer) {
                if (Float.isNaN(v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
