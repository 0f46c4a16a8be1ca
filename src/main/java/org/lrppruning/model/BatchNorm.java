package org.lrppruning.model;

import java.util.List;
import org.lrppruning.linalg.AccurateOps;

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
        return channelwise(x, Affine.round(scale64()), Affine.round(shift64()), n, Shapes.inner(in));
    }

    /** The float64 result rounded once. */
    @Override
    public float[] forwardAccurate(float[] x, int n, int[] in) {
        return Affine.round(forward64(AccurateOps.widen(x, n * Shapes.size(in)), n, in));
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        outputShape(in);
        return channelwise(x, scale64(), shift64(), n, Shapes.inner(in));
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        return channelwise(gy, Affine.round(scale64()), null, n, Shapes.inner(in));
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return channelwise(gy, scale64(), null, n, Shapes.inner(in));
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        return channelwise(gy, scale64(), null, n, Shapes.inner(in));
    }

    /** v·a_c (+ b_c when b is non-null) over the first axis c, {@code inner} values per channel. */
    private static float[] channelwise(float[] v, float[] a, float[] b, int n, int inner) {
        float[] y = new float[n * a.length * inner];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < a.length; c++) {
                for (int p = 0; p < inner; p++, i++) {
                    y[i] = b == null ? v[i] * a[c] : v[i] * a[c] + b[c];
                }
            }
        }
        return y;
    }

    private static double[] channelwise(double[] v, double[] a, double[] b, int n, int inner) {
        double[] y = new double[n * a.length * inner];
        int i = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < a.length; c++) {
                for (int p = 0; p < inner; p++, i++) {
                    y[i] = b == null ? v[i] * a[c] : v[i] * a[c] + b[c];
                }
            }
        }
        return y;
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
