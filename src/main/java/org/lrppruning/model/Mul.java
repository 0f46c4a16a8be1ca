package org.lrppruning.model;

import org.lrppruning.linalg.AccurateOps;

/**
 * y = a ⊙ b element-wise (ONNX {@code Mul} of two computed tensors), one input possibly one value per channel
 * broadcast over H×W: SiLU is x ⊙ sigmoid(x), squeeze-and-excitation x ⊙ gate. Input {@link #gate()} is the
 * gate. Gradients are the product rule's (a broadcast input's summed over H×W). Relevance goes whole to the
 * gated input and none to the gate: Zennit has no rule for products; LXT / AttnLRP (Achtibat et al. 2024)
 * treat a multiplicative gate so, since the gate only rescales the features that carry the evidence.
 */
public record Mul(String name, int gate) implements Merge {
    public Mul {
        if (gate != 0 && gate != 1) {
            throw new IllegalArgumentException(name + ": the gate is input 0 or 1, not " + gate);
        }
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public int[] outputShape(int[][] in) {
        requireArity(in);
        return Broadcast.shape(name, in);
    }

    @Override
    public float[] forward(float[][] x, int n, int[][] in, int threads) {
        int[] out = outputShape(in);
        int sa = Broadcast.stride(in[0], out);
        int sb = Broadcast.stride(in[1], out);
        float[] y = new float[n * Shapes.size(out)];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[0][i / sa] * x[1][i / sb];
        }
        return y;
    }

    @Override
    public double[] forward64(double[][] x, int n, int[][] in) {
        int[] out = outputShape(in);
        int sa = Broadcast.stride(in[0], out);
        int sb = Broadcast.stride(in[1], out);
        double[] y = new double[n * Shapes.size(out)];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[0][i / sa] * x[1][i / sb];
        }
        return y;
    }

    @Override
    public float[][] backward(float[][] x, float[] gy, int n, int[][] in, int threads) {
        int[] out = outputShape(in);
        float[][] g = new float[2][];
        for (int k = 0; k < 2; k++) {
            int self = Broadcast.stride(in[k], out);
            int other = Broadcast.stride(in[1 - k], out);
            float[] xo = x[1 - k];
            if (self == 1) {
                float[] gk = new float[gy.length];
                for (int i = 0; i < gk.length; i++) {
                    gk[i] = gy[i] * xo[i / other];
                }
                g[k] = gk;
            } else {
                double[] gk = new double[gy.length / self];
                for (int i = 0; i < gy.length; i++) {
                    gk[i / self] += (double) gy[i] * xo[i / other];
                }
                g[k] = Affine.round(gk);
            }
        }
        return g;
    }

    @Override
    public double[][] backward64(double[][] x, double[] gy, int n, int[][] in) {
        int[] out = outputShape(in);
        double[][] g = new double[2][];
        for (int k = 0; k < 2; k++) {
            int self = Broadcast.stride(in[k], out);
            int other = Broadcast.stride(in[1 - k], out);
            double[] gk = new double[gy.length / self];
            for (int i = 0; i < gy.length; i++) {
                gk[i / self] += gy[i] * x[1 - k][i / other];
            }
            g[k] = gk;
        }
        return g;
    }

    @Override
    public double[][] backward64(float[][] x, double[] gy, int n, int[][] in) {
        double[][] xd = {AccurateOps.widen(x[0], n * Shapes.size(in[0])), AccurateOps.widen(x[1], n * Shapes.size(in[1]))};
        return backward64(xd, gy, n, in);
    }

    @Override
    public float[][] relevance(float[][] x, float[] r, int n, int[][] in, int threads) {
        float[][] out = new float[2][];
        out[gate] = new float[n * Shapes.size(in[gate])];
        out[1 - gate] = passed(r, Broadcast.stride(in[1 - gate], outputShape(in)));
        return out;
    }

    @Override
    public double[][] relevance64(double[][] x, double[] r, int n, int[][] in) {
        double[][] out = new double[2][];
        out[gate] = new double[n * Shapes.size(in[gate])];
        int stride = Broadcast.stride(in[1 - gate], outputShape(in));
        out[1 - gate] = stride == 1 ? r : Add.reduce(r, stride);
        return out;
    }

    private static float[] passed(float[] r, int stride) {
        return stride == 1 ? r : Affine.round(Add.reduce(AccurateOps.widen(r, r.length), stride));
    }
}
