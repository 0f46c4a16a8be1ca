package org.lrppruning.model;

import java.util.Arrays;

/**
 * Concatenation along the channel axis (ONNX {@code Concat}, axis 1): input k fills channels
 * [o_k, o_k + C_k) of every sample, o_k = C_1 + … + C_(k−1). Gradient and relevance hand each input its slice.
 */
public record Concat(String name, int arity) implements Merge {
    public Concat {
        if (arity < 1) {
            throw new IllegalArgumentException(name + ": a Concat needs an input");
        }
    }

    @Override
    public int[] outputShape(int[][] in) {
        requireArity(in);
        int[] out = in[0].clone();
        for (int k = 1; k < in.length; k++) {
            int[] s = in[k];
            if (s.length != out.length || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length),
                    Arrays.copyOfRange(out, 1, out.length))) {
                throw new IllegalArgumentException(name + ": cannot concatenate channels of " + Shapes.format(in[0])
                        + " and " + Shapes.format(s) + " (all but the channel axis must agree)");
            }
            out[0] += s[0];
        }
        Shapes.size(out);
        return out;
    }

    /** The first output channel of input k. */
    public int offset(int[][] in, int k) {
        int o = 0;
        for (int j = 0; j < k; j++) {
            o += in[j][0];
        }
        return o;
    }

    @Override
    public float[] forward(float[][] x, int n, int[][] in, int threads) {
        float[] y = new float[n * Shapes.size(outputShape(in))];
        place(x, y, n, in, true);
        return y;
    }

    @Override
    public double[] forward64(double[][] x, int n, int[][] in) {
        double[] y = new double[n * Shapes.size(outputShape(in))];
        place(x, y, n, in, true);
        return y;
    }

    @Override
    public float[][] backward(float[][] x, float[] gy, int n, int[][] in, int threads) {
        float[][] g = new float[in.length][];
        for (int k = 0; k < in.length; k++) {
            g[k] = new float[n * Shapes.size(in[k])];
        }
        place(g, gy, n, in, false);
        return g;
    }

    @Override
    public double[][] backward64(double[][] x, double[] gy, int n, int[][] in) {
        return slices(gy, n, in);
    }

    @Override
    public double[][] backward64(float[][] x, double[] gy, int n, int[][] in) {
        return slices(gy, n, in);
    }

    private double[][] slices(double[] gy, int n, int[][] in) {
        double[][] g = new double[in.length][];
        for (int k = 0; k < in.length; k++) {
            g[k] = new double[n * Shapes.size(in[k])];
        }
        place(g, gy, n, in, false);
        return g;
    }

    /**
     * Copies every sample's part k between {@code parts[k]} and its channel range of {@code whole} (float or double
     * arrays alike: {@link System#arraycopy} takes either): into the whole when {@code gather}, else out of it.
     */
    private void place(Object[] parts, Object whole, int n, int[][] in, boolean gather) {
        int total = Shapes.size(outputShape(in));
        int at = 0;
        for (int k = 0; k < parts.length; k++) {
            int part = Shapes.size(in[k]);
            for (int s = 0; s < n; s++) {
                if (gather) {
                    System.arraycopy(parts[k], s * part, whole, s * total + at, part);
                } else {
                    System.arraycopy(whole, s * total + at, parts[k], s * part, part);
                }
            }
            at += part;
        }
    }

    @Override
    public float[][] relevance(float[][] x, float[] r, int n, int[][] in, int threads) {
        return backward(x, r, n, in, threads);
    }

    @Override
    public double[][] relevance64(double[][] x, double[] r, int n, int[][] in) {
        return slices(r, n, in);
    }
}
