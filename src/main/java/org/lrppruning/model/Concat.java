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
        int total = Shapes.size(outputShape(in));
        float[] y = new float[n * total];
        int at = 0;
        for (int k = 0; k < x.length; k++) {
            int part = Shapes.size(in[k]);
            for (int s = 0; s < n; s++) {
                System.arraycopy(x[k], s * part, y, s * total + at, part);
            }
            at += part;
        }
        return y;
    }

    @Override
    public double[] forward64(double[][] x, int n, int[][] in) {
        int total = Shapes.size(outputShape(in));
        double[] y = new double[n * total];
        int at = 0;
        for (int k = 0; k < x.length; k++) {
            int part = Shapes.size(in[k]);
            for (int s = 0; s < n; s++) {
                System.arraycopy(x[k], s * part, y, s * total + at, part);
            }
            at += part;
        }
        return y;
    }

    @Override
    public float[][] backward(float[][] x, float[] gy, int n, int[][] in, int threads) {
        int total = Shapes.size(outputShape(in));
        float[][] g = new float[in.length][];
        int at = 0;
        for (int k = 0; k < in.length; k++) {
            int part = Shapes.size(in[k]);
            g[k] = new float[n * part];
            for (int s = 0; s < n; s++) {
                System.arraycopy(gy, s * total + at, g[k], s * part, part);
            }
            at += part;
        }
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
        int total = Shapes.size(outputShape(in));
        double[][] g = new double[in.length][];
        int at = 0;
        for (int k = 0; k < in.length; k++) {
            int part = Shapes.size(in[k]);
            g[k] = new double[n * part];
            for (int s = 0; s < n; s++) {
                System.arraycopy(gy, s * total + at, g[k], s * part, part);
            }
            at += part;
        }
        return g;
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
