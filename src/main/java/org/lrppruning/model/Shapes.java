package org.lrppruning.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Per-sample tensor shapes: {@code {F}} for dense activations, {@code {C, H, W}} for images. A batch of
 * n samples of shape s is a plain row-major array of n·size(s) values, batch first (N×C×H×W, N×F).
 */
public final class Shapes {
    private Shapes() {}

    /** Number of values of one sample: the product of the dimensions. */
    public static int size(int[] shape) {
        long s = 1;
        for (int d : shape) {
            s *= d;
        }
        if (s > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + format(shape) + " holds more than 2^31 values");
        }
        return (int) s;
    }

    /** {@code 1x28x28}, {@code 128}. */
    public static String format(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    /** Values per entry of the first axis: the product of the remaining dimensions (1 for a flat shape). */
    public static int inner(int[] shape) {
        int s = 1;
        for (int i = 1; i < shape.length; i++) {
            s *= shape[i];
        }
        return s;
    }

    /** Channels of an image shape {C, H, W}, or an IllegalArgumentException naming the layer. */
    static void requireImage(String layer, int[] in) {
        if (in.length != 3) {
            throw new IllegalArgumentException(layer + " expects an image input CxHxW, got " + format(in));
        }
    }

    /** Rejects an input whose first axis (channels or features) is not {@code expected}. */
    static void requireFirst(String layer, int[] in, int expected, String what) {
        if (in.length == 0 || in[0] != expected) {
            throw new IllegalArgumentException(layer + " expects " + expected + " " + what + ", got input "
                    + format(in));
        }
    }

    /**
     * The keep mask of a per-channel (first axis) mask spread over one sample: entry c·inner + i keeps
     * what channel c keeps, {@code inner} = the product of the remaining axes.
     */
    static boolean[] spread(boolean[] keep, int inner) {
        boolean[] out = new boolean[keep.length * inner];
        for (int c = 0; c < keep.length; c++) {
            if (keep[c]) {
                Arrays.fill(out, c * inner, (c + 1) * inner, true);
            }
        }
        return out;
    }

    /** Number of true entries. */
    static int count(boolean[] keep) {
        int c = 0;
        for (boolean k : keep) {
            c += k ? 1 : 0;
        }
        return c;
    }
}
