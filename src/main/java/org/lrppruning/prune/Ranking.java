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
