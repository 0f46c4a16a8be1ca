package org.lrppruning.model;

import java.util.List;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.linalg.Lanes;
import org.lrppruning.linalg.Parallel;

/**
 * Batch normalisation in evaluation mode (Ioffe and Szegedy 2015), 1-D ({F} or {C, L}) and 2-D
 * ({C, H, W}): y = (x − μ_c)/√(σ²_c + ε)·γ_c + β_c = x·scale_c + shift_c over the first axis c, with
 * the running statistics. Parameters under PyTorch's keys {@code weight} (γ), {@code bias} (β),
 * {@code running_mean}, {@code running_var}.
 *
 * <p>Training mode ({@link #batchStats}, {@link #forwardTraining}, {@link #backwardTraining},
 * {@link #updateRunning}) normalises by the batch's statistics over the batch and the positions, as
 * PyTorch's {@code train()} does: biased variance in the normalisation, the unbiased one in the running
 * average with momentum 0.1. Sums run in float64 in one fixed order, so the bits do not depend on the
 * thread count.
 */
public record BatchNorm(String name, float[] gamma, float[] beta, float[] mean, float[] var, double eps)
        implements Layer {
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default momentum of the running statistics: r ← (1 − m)·r + m·(batch statistic). */
    public static final double DEFAULT_MOMENTUM = 0.1;

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

    // ------------------------------------------------------------------ training mode

    /**
     * The statistics of one training batch per channel c, over the M = n·(positions) values x of c:
     * μ_c = Σx/M and the biased variance σ²_c = Σ(x − μ_c)²/M (two passes; each sample's block of a channel
     * summed lane-wise in float32 by {@code linalg.Lanes}, the blocks in float64).
     */
    public record BatchStats(double[] mean, double[] var, long count) {
        /** 1/√(σ²_c + ε). */
        double[] invStd(double eps) {
            double[] s = new double[var.length];
            for (int c = 0; c < s.length; c++) {
                s[c] = 1 / Math.sqrt(var[c] + eps);
            }
            return s;
        }
    }

    /** Normalises by the batch's statistics, which it keeps (for the backward pass and the running statistics). */
    @Override
    public Saved trainForward(float[] x, int n, int[] in, TrainingPass pass, int threads) {
        BatchStats stats = batchStats(x, n, in, threads);
        return new Saved(forwardTraining(x, stats, n, in, threads), stats);
    }

    /** A training pass's gradients through the batch statistics (∂γ as the weight, ∂β as the bias gradient). */
    @Override
    public Grads trainBackward(float[] x, Object state, float[] gy, int n, int[] in, boolean input, boolean parameters,
                               int threads) {
        if (!(state instanceof BatchStats stats)) {
            return new Grads(input ? backward(x, gy, n, in, threads) : null, null, null);
        }
        TrainingGrad g = backwardTraining(x, gy, stats, n, in, threads);
        return new Grads(g.input(), parameters ? g.gamma() : null, parameters ? g.beta() : null);
    }

    /** Gradients of a training-mode pass: ∂L/∂x and the parameter gradients ∂L/∂γ, ∂L/∂β. */
    public record TrainingGrad(float[] input, float[] gamma, float[] beta) {
    }

    /** Channels per part when split over threads. */
    private static final int GRAIN = 4;

    /**
     * The batch statistics of n samples x of shape {@code in}; channels split over {@code threads} (each
     * channel's sums run in the same order for any count).
     */
    public BatchStats batchStats(float[] x, int n, int[] in, int threads) {
        outputShape(in);
        int inner = Shapes.inner(in);
        int ch = channels();
        double[] mean = new double[ch];
        double[] var = new double[ch];
        long m = (long) n * inner;
        Parallel.range(ch, threads, GRAIN, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += Lanes.sum(x, (r * ch + c) * inner, inner);
                }
                double mu = s / m;
                float muF = (float) mu;
                double q = 0;
                for (int r = 0; r < n; r++) {
                    q += Lanes.centredDot(x, muF, x, muF, (r * ch + c) * inner, inner);
                }
                mean[c] = mu;
                var[c] = q / m;
            }
        });
        return new BatchStats(mean, var, m);
    }

    /**
     * Training-mode forward pass: y = (x − μ_c)/√(σ²_c + ε)·γ_c + β_c with the batch's statistics, computed as
     * y = x·scale_c + shift_c with scale and shift rounded to float32 (as the evaluation pass).
     */
    public float[] forwardTraining(float[] x, BatchStats stats, int n, int[] in, int threads) {
        double[] inv = stats.invStd(eps);
        int ch = channels();
        float[] scale = new float[ch];
        float[] shift = new float[ch];
        for (int c = 0; c < ch; c++) {
            double s = gamma[c] * inv[c];
            scale[c] = (float) s;
            shift[c] = (float) (beta[c] - stats.mean()[c] * s);
        }
        int inner = Shapes.inner(in);
        float[] y = new float[n * ch * inner];
        Parallel.range(n, threads, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                for (int c = 0; c < ch; c++) {
                    int base = (r * ch + c) * inner;
                    float a = scale[c];
                    float b = shift[c];
                    for (int p = base; p < base + inner; p++) {
                        y[p] = x[p] * a + b;
                    }
                }
            }
        });
        return y;
    }

    /**
     * Training-mode backward pass from the input x, ∂L/∂y and the batch's statistics (the batch statistics
     * depend on x, hence the two extra terms): with x̂ = (x − μ)/√(σ² + ε) and M values per channel,
     * ∂L/∂β = Σ gy, ∂L/∂γ = Σ gy·x̂ (summed as the statistics), ∂L/∂x = γ/√(σ² + ε)·(gy − ∂L/∂β/M − x̂·∂L/∂γ/M) (in
     * float32 from the rounded per-channel factors). Sums split over channels, ∂L/∂x over samples (the same
     * bits for any thread count).
     */
    public TrainingGrad backwardTraining(float[] x, float[] gy, BatchStats stats, int n, int[] in, int threads) {
        int inner = Shapes.inner(in);
        int ch = channels();
        double[] inv = stats.invStd(eps);
        double[] mean = stats.mean();
        double[] dBeta = new double[ch];
        double[] dGamma = new double[ch];
        Parallel.range(ch, threads, GRAIN, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float mu = (float) mean[c];
                double sb = 0;
                double sg = 0;
                for (int r = 0; r < n; r++) {
                    int base = (r * ch + c) * inner;
                    sb += Lanes.sum(gy, base, inner);
                    sg += Lanes.centredDot(gy, 0f, x, mu, base, inner);
                }
                dBeta[c] = sb;
                dGamma[c] = sg * inv[c];
            }
        });
        double m = stats.count();
        float[] gx = new float[n * ch * inner];
        // float32 from here on, centred first so that no large terms cancel: gx = a·(gy − db) − a·dg·(x − μ)
        float[] a = new float[ch];
        float[] db = new float[ch];
        float[] adg = new float[ch];
        float[] mu = new float[ch];
        for (int c = 0; c < ch; c++) {
            double ac = gamma[c] * inv[c];
            a[c] = (float) ac;
            db[c] = (float) (dBeta[c] / m);
            adg[c] = (float) (ac * dGamma[c] * inv[c] / m);
            mu[c] = (float) mean[c];
        }
        Parallel.range(n, threads, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                for (int c = 0; c < ch; c++) {
                    int base = (r * ch + c) * inner;
                    float ac = a[c];
                    float dbc = db[c];
                    float adgc = adg[c];
                    float muc = mu[c];
                    for (int p = base; p < base + inner; p++) {
                        gx[p] = ac * (gy[p] - dbc) - adgc * (x[p] - muc);
                    }
                }
            }
        });
        return new TrainingGrad(gx, Affine.round(dGamma), Affine.round(dBeta));
    }

    /**
     * Moves the running statistics towards the batch's, in place: μ_r ← (1 − m)·μ_r + m·μ,
     * σ²_r ← (1 − m)·σ²_r + m·σ²·M/(M − 1) (PyTorch's unbiased variance; the biased one for M = 1). Only for
     * a network private to its trainer: layers are otherwise never modified.
     */
    public void updateRunning(BatchStats stats, double momentum) {
        long m = stats.count();
        double unbias = m > 1 ? m / (double) (m - 1) : 1;
        for (int c = 0; c < channels(); c++) {
            mean[c] = (float) ((1 - momentum) * mean[c] + momentum * stats.mean()[c]);
            var[c] = (float) ((1 - momentum) * var[c] + momentum * stats.var()[c] * unbias);
        }
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
