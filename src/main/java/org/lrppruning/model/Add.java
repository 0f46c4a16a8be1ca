package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.Parallel;

/**
 * y = x₁ + x₂ + … element-wise (a residual connection; ONNX {@code Add} of two computed tensors), an input of
 * one value per channel broadcast over H×W. Float32 sums are torch's, left to right. The gradient reaches every
 * input unchanged (summed over H×W for a broadcast one). Relevance splits by each input's share, as Zennit's
 * ResNet canonizer does with its {@code Sum} module and the {@code Norm} rule: R_k = x_k ⊙ R ⊘ s(Σ x), with
 * s(z) = z + ε·(sign(z) + [z = 0]), ε = 1e-6; computed in float64, the float32 result its rounding.
 */
public record Add(String name, int arity) implements Merge {
    public Add {
        if (arity < 2) {
            throw new IllegalArgumentException(name + ": an Add needs two inputs or more");
        }
    }

    /** A two-input Add. */
    public Add(String name) {
        this(name, 2);
    }

    @Override
    public int[] outputShape(int[][] in) {
        requireArity(in);
        return Broadcast.shape(name, in);
    }

    @Override
    public float[] forward(float[][] x, int n, int[][] in, int threads) {
        int[] out = outputShape(in);
        int size = Shapes.size(out);
        float[] y = new float[n * size];
        for (int k = 0; k < x.length; k++) {
            int stride = Broadcast.stride(in[k], out);
            float[] xk = x[k];
            if (k == 0 && stride == 1) {
                System.arraycopy(xk, 0, y, 0, y.length);
                continue;
            }
            for (int i = 0; i < y.length; i++) {
                float v = xk[i / stride];
                y[i] = k == 0 ? v : y[i] + v;
            }
        }
        return y;
    }

    @Override
    public double[] forward64(double[][] x, int n, int[][] in) {
        int[] out = outputShape(in);
        double[] y = new double[n * Shapes.size(out)];
        for (int k = 0; k < x.length; k++) {
            int stride = Broadcast.stride(in[k], out);
            for (int i = 0; i < y.length; i++) {
                y[i] += x[k][i / stride];
            }
        }
        return y;
    }

    @Override
    public float[][] backward(float[][] x, float[] gy, int n, int[][] in, int threads) {
        int[] out = outputShape(in);
        float[][] g = new float[x.length][];
        for (int k = 0; k < x.length; k++) {
            int stride = Broadcast.stride(in[k], out);
            g[k] = stride == 1 ? gy : Affine.round(reduce(AccurateOps.widen(gy, gy.length), stride));
        }
        return g;
    }

    @Override
    public double[][] backward64(double[][] x, double[] gy, int n, int[][] in) {
        return backward64(in, gy);
    }

    @Override
    public double[][] backward64(float[][] x, double[] gy, int n, int[][] in) {
        return backward64(in, gy);
    }

    private double[][] backward64(int[][] in, double[] gy) {
        int[] out = outputShape(in);
        double[][] g = new double[in.length][];
        for (int k = 0; k < in.length; k++) {
            int stride = Broadcast.stride(in[k], out);
            g[k] = stride == 1 ? gy : reduce(gy, stride);
        }
        return g;
    }

    /** Sums of {@code stride} consecutive values (a broadcast input's gradient). */
    static double[] reduce(double[] g, int stride) {
        double[] r = new double[g.length / stride];
        for (int i = 0; i < g.length; i++) {
            r[i / stride] += g[i];
        }
        return r;
    }

    @Override
    public float[][] relevance(float[][] x, float[] r, int n, int[][] in, int threads) {
        int[] shape = outputShape(in);
        boolean broadcast = false;
        for (int[] inShape : in) {
            broadcast |= Broadcast.stride(inShape, shape) != 1;
        }
        if (!broadcast) {
            // the float64 steps of relevance64 element by element (0.0 + x₁ + x₂ ..., the quotient, each share
            // rounded once), without the widened copies, over the threads
            float[][] rk = new float[x.length][r.length];
            Parallel.range(r.length, threads, Parallel.ELEMENTS, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    double z = 0.0;
                    for (float[] xk : x) {
                        z += xk[i];
                    }
                    double q = r[i] / (z + (z >= 0 ? Norm.EPSILON : -Norm.EPSILON));
                    for (int k = 0; k < x.length; k++) {
                        rk[k][i] = (float) (x[k][i] * q);
                    }
                }
            });
            return rk;
        }
        double[][] xd = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            xd[k] = AccurateOps.widen(x[k], n * Shapes.size(in[k]));
        }
        double[][] rd = relevance64(xd, AccurateOps.widen(r, r.length), n, in);
        float[][] out = new float[rd.length][];
        for (int k = 0; k < rd.length; k++) {
            out[k] = Affine.round(rd[k]);
        }
        return out;
    }

    @Override
    public double[][] relevance64(double[][] x, double[] r, int n, int[][] in) {
        int[] out = outputShape(in);
        double[] z = forward64(x, n, in);
        double[] q = new double[z.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = r[i] / (z[i] + (z[i] >= 0 ? Norm.EPSILON : -Norm.EPSILON));
        }
        double[][] rk = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            int stride = Broadcast.stride(in[k], out);
            double[] xk = x[k];
            double[] share = new double[q.length];
            for (int i = 0; i < q.length; i++) {
                share[i] = xk[i / stride] * q[i];
            }
            rk[k] = stride == 1 ? share : reduce(share, stride);
        }
        return rk;
    }
}
