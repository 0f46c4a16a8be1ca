package org.lrppruning.model;

import java.util.Arrays;

/**
 * The broadcasts the element-wise merges accept, as torch exports them: an input of the output's shape, or a
 * per-channel one ({C, 1, 1} or {C}) spread over the H×W positions of {C, H, W}. {@link #stride} is the number
 * of output positions that share one value of an input (1: same shape).
 */
final class Broadcast {
    private Broadcast() {}

    /** The common output shape of the inputs, or an IllegalArgumentException naming the node. */
    static int[] shape(String name, int[][] in) {
        int[] out = in[0];
        for (int[] s : in) {
            if (Shapes.size(s) > Shapes.size(out)) {
                out = s;
            }
        }
        for (int[] s : in) {
            if (!Arrays.equals(s, out) && !perChannel(s, out)) {
                throw new IllegalArgumentException(name + ": inputs of shapes " + Shapes.format(s) + " and "
                        + Shapes.format(out) + " do not broadcast (same shape or one value per channel)");
            }
        }
        return out.clone();
    }

    private static boolean perChannel(int[] s, int[] out) {
        return out.length == 3 && s[0] == out[0] && Shapes.size(s) == out[0];
    }

    /** Output positions per input value: 1 for an input of the output's shape, H·W for a per-channel one. */
    static int stride(int[] input, int[] out) {
        return Shapes.size(out) / Shapes.size(input);
    }
}
