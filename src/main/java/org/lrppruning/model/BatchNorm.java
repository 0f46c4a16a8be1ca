package org.lrppruning.model;

import java.util.List;

/**
 * Batch normalisation in evaluation mode (Ioffe and Szegedy 2015), 1-D ({F} or {C, L}) and 2-D
 * ({C, H, W}): y = (x − μ_c)/√(σ²_c + ε)·γ_c + β_c = x·scale_c + shift_c over the first axis c, with
 * the running statistics. Training mode (batch statistics) is not supported. Parameters under PyTorch's
 * keys {@code weight} (γ), {@code bias} (β), {@code running_mean}, {@code running_var}.
 */
public record BatchNorm(String name, float[] gamma, float[] beta, float[] mean, float[] var, double eps)
        implements Layer {
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-5;

    public BatchNorm {
        int c = gamma.length;
        if (beta.length != c || mean.length != c || var.length != c) {
            throw new IllegalArgumentException(name + ": weight, bias, running_mean and running_var must have the same"
                    + " length, got " + c + ", " + beta.length + ", " + mean.length + ", " + var.length);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(name + ": eps must be > 0, was " + eps);
        }
    }

    /** Number of channels (features). */
    public int channels() {
        return gamma.length;
    }

    /** scale_c = γ_c/√(σ²_c + ε), in float64. */
    public double[] scale64() {
        double[] s = new double[gamma.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = gamma[c] / Math.sqrt((double) var[c] + eps);
        }
        return s;
    }

    /** shift_c = β_c − μ_c·scale_c, in float64. */
    public double[] shift64() {
        double[] s = scale64();
        double[] h = new double[s.length];
        for (int c = 0; c < h.length; c++) {
            h[c] = beta[c] - mean[c] * s[c];
        }
        return h;
    }

    @Override
    public int[] outputShape(int[] in) {
        Shapes.requireFirst(name, in, channels(), "channels");
        return in.clone();
    }

    /** y = x·scale + shift with scale and shift rounded to float32 (as PyTorch's CPU kernel precomputes them). */
    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        outputShape(in);
        float[] scale = Affine.round(scale64());
        float[] shift = Affine.round(shift64());
        int inner = Shapes.inner(in);
        float[] y = new float[n * channels() * inner];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < scale.length; c++) {
                for (int p = 0; p < inner; p++, i++) {
                    y[i] = x[i] * scale[c] + shift[c];
                }
            }
        }
        return y;
    }

    /** The float64 result rounded once. */
    @Override
    public float[] forwardAccurate(float[] x, int n, int[] in) {
        double[] scale = scale64();
        double[] shift = shift64();
        int inner = Shapes.inner(in);
        float[] y = new float[n * channels() * inner];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < scale.length; c++) {
                for (int p = 0; p < inner; p++, i++) {
                    y[i] = (float) (x[i] * scale[c] + shift[c]);
                }
            }
        }
        return y;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        outputShape(in);
        double[] scale = scale64();
        double[] shift = shift64();
        int inner = Shapes.inner(in);
        double[] y = new double[n * channels() * inner];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < scale.length; c++) {
                for (int p = 0; p < inner; p++, i++) {
                    y[i] = x[i] * scale[c] + shift[c];
                }
            }
        }
        return y;
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        float[] scale = Affine.round(scale64());
        int inner = Shapes.inner(in);
        float[] g = new float[n * channels() * inner];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < scale.length; c++) {
                for (int p = 0; p < inner; p++, i++) {
                    g[i] = gy[i] * scale[c];
                }
            }
        }
        return g;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        double[] scale = scale64();
        int inner = Shapes.inner(in);
        double[] g = new double[n * channels() * inner];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < scale.length; c++) {
                for (int p = 0; p < inner; p++, i++) {
                    g[i] = gy[i] * scale[c];
                }
            }
        }
        return g;
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return backward64((double[]) null, gy, n, in);
    }

    /** Drops the entries of removed channels; the remaining ones pass on. */
    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        if (keep.length != channels()) {
            throw new IllegalArgumentException(name + ": keep mask over " + keep.length + " channels, layer has "
                    + channels());
        }
        return new Shrunk(new BatchNorm(name, kept(gamma, keep), kept(beta, keep), kept(mean, keep),
                kept(var, keep), eps), keep);
    }

    private static float[] kept(float[] v, boolean[] keep) {
        float[] out = new float[Shapes.count(keep)];
        int j = 0;
        for (int i = 0; i < v.length; i++) {
            if (keep[i]) {
                out[j++] = v[i];
            }
        }
        return out;
    }

    @Override
    public List<Param> parameters() {
        int c = channels();
        return List.of(new Param("weight", new int[] {c}, gamma), new Param("bias", new int[] {c}, beta),
                new Param("running_mean", new int[] {c}, mean), new Param("running_var", new int[] {c}, var));
    }

    @Override
    public String toString() {
        return "BatchNorm(" + name + ", " + channels() + ", eps " + eps + ")";
    }
}
