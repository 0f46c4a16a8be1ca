package org.lrppruning.prune;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.lrppruning.linalg.Parallel;

/**
 * Labels of pruned MLPs shaped like the toy network (Linear, ReLU, Linear P, ReLU, a {@link LinearTail}) over a
 * point set, most without the float32 products: P's pre-activation of every point is summed once for all runs in
 * float64 (with Σ_j |W_ij h_j| + |b_i|); a run subtracts the terms of the first-layer units it removes (in a
 * ReLU network most are zero at a point: about 45 of 500), passes the ReLU and the tail, and keeps a label only
 * when the error bound proves it is the float32 forward's.
 *
 * <p>Bound: the first layer's kept outputs are the unpruned ones, so P's input h is the unpruned input without
 * the removed units. With S_i = Σ_j |W_ij h_j| + |b_i| over all units and n the nonzero entries of h, P's
 * float32 pre-activation z_f and the one computed here z~ (the float64 sum stored in float32, minus the removed
 * terms in float32, one subtraction) each lie within γ_{n+2} S_i and γ_{a+4} S_i of the exact pre-activation
 * (a ≤ n removed terms), so |z_f − z~| ≤ γ_{n+6} S_i =: e_i, and the ReLU keeps that (it is 1-Lipschitz).
 * With A = |Wo|·|W| of the tail, the tail's bound taken at |h2~| + e, plus Σ_i A_ci e_i for the change of its
 * input, bounds the float32 logits around the tail's float64 ones (see {@link LinearTail}); 2⁻¹⁵⁰ per
 * rounding covers underflow.
 */
final class SecondLayer {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** P's pre-activation per point and unit, float64 rounded to float32 (grouped order, n × out). */
    private final float[] z;
    /** Σ_j |W_ij h_j| + |b_i| per point and unit, rounded up to float32. */
    private final float[] s;
    /** Nonzero inputs of P per point. */
    private final int[] nonzero;
    private final int out;

    private SecondLayer(float[] z, float[] s, int[] nonzero, int out) {
        this.z = z;
        this.s = s;
        this.nonzero = nonzero;
        this.out = out;
    }

    /**
     * The sums of P (weights w, out × in, all finite; bias b or null) over n inputs h (n × in, P's unpruned
     * input), rows split over {@code threads}.
     */
    static SecondLayer of(float[] w, float[] b, int in, int out, float[] h, int n, int threads) {
        // Wᵀ and |Wᵀ| in float64 (products of two floats are exact there), one input's weights contiguous
        double[] wt = new double[in * out];
        double[] wa = new double[in * out];
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < in; j++) {
                wt[j * out + i] = w[i * in + j];
                wa[j * out + i] = Math.abs(w[i * in + j]);
            }
        }
        float[] z = new float[n * out];
        float[] s = new float[n * out];
        int[] nonzero = new int[n];
        Parallel.range(n, threads, 16, (r0, r1) -> {
            double[] zr = new double[out];
            double[] sr = new double[out];
            for (int r = r0; r < r1; r++) {
                for (int i = 0; i < out; i++) {
                    double bi = b == null ? 0 : b[i];
                    zr[i] = bi;
                    sr[i] = Math.abs(bi);
                }
                int count = 0;
                for (int j = 0; j < in; j++) {
                    float v = h[r * in + j];
                    if (v != 0f) {
                        count++;
                        axpy(v, wt, wa, j * out, zr, sr, out);
                    }
                }
                nonzero[r] = count;
                for (int i = 0; i < out; i++) {
                    z[r * out + i] = (float) zr[i];
                    float up = (float) sr[i];
                    s[r * out + i] = up < sr[i] ? Math.nextUp(up) : up;
                }
            }
        });
        return new SecondLayer(z, s, nonzero, out);
    }

    /** z[0..n) += v · wt[o..o+n), s[0..n) += |v| · wa[o..o+n), in float64. */
    private static void axpy(float v, double[] wt, double[] wa, int o, double[] z, double[] s, int n) {
        DoubleVector x = DoubleVector.broadcast(D, v);
        DoubleVector ax = DoubleVector.broadcast(D, Math.abs(v));
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            x.fma(DoubleVector.fromArray(D, wt, o + i), DoubleVector.fromArray(D, z, i)).intoArray(z, i);
            ax.fma(DoubleVector.fromArray(D, wa, o + i), DoubleVector.fromArray(D, s, i)).intoArray(s, i);
        }
        for (; i < n; i++) {
            z[i] = Math.fma(v, wt[o + i], z[i]);
            s[i] = Math.fma(Math.abs(v), wa[o + i], s[i]);
        }
    }

    /** Bytes held. */
    long bytes() {
        return 8L * z.length + 4L * nonzero.length;
    }

    /**
     * A pruned network's labels: {@code removed} the removed first-layer units (P's removed inputs),
     * {@code kept} P's kept units (the tail's inputs, in order); {@code w} P's weights (out × in).
     */
    final class Run {
        private final LinearTail tail;
        private final int[] removed;
        private final int[] kept;
        /** Per removed unit q, P's weights to the kept units: removed.length × kept.length. */
        private final float[] d;
        private final int in;

        Run(LinearTail tail, float[] w, int in, int[] removed, int[] kept) {
            if (tail.in() != kept.length) {
                throw new IllegalArgumentException("the tail takes " + tail.in() + " units, " + kept.length + " kept");
            }
            this.tail = tail;
            this.removed = removed;
            this.kept = kept;
            this.in = in;
            int k = kept.length;
            d = new float[removed.length * k];
            for (int q = 0; q < removed.length; q++) {
                for (int i = 0; i < k; i++) {
                    d[q * k + i] = w[kept[i] * in + removed[q]];
                }
            }
        }

        /**
         * The label of grouped row r whose P input (unpruned, all {@code in} units) starts at h[off], when the
         * bound proves it; otherwise −1. {@code scratch} from {@link #scratch}.
         */
        int certain(int r, float[] h, int off, Scratch scratch) {
            int k = kept.length;
            float[] delta = scratch.delta();
            java.util.Arrays.fill(delta, 0, k, 0f);
            for (int q = 0; q < removed.length; q++) {
                float v = h[off + removed[q]];
                if (v != 0f) {
                    axpy(v, d, q * k, delta, k);
                }
            }
            double c2 = 1.01 * LinearTail.gamma(nonzero[r] + 6);
            float[] zr = scratch.z();
            float[] sr = scratch.s();
            int o = r * out;
            for (int i = 0; i < k; i++) {
                int u = o + kept[i];
                zr[i] = z[u] - delta[i];
                sr[i] = s[u];
            }
            return tail.certainNear(zr, sr, c2, in, scratch.work());
        }

        /** Work arrays of one thread. */
        Scratch scratch() {
            int k = kept.length;
            return new Scratch(new float[k], new float[k], new float[k], new double[tail.workSize()]);
        }
    }

    /** One thread's work arrays for {@link Run#certain}: the removed terms, z and s of the kept units, the tail's. */
    record Scratch(float[] delta, float[] z, float[] s, double[] work) {
    }

    /** y[0..n) += a · x[xo .. xo + n) (float32; rounding counted in the bound). */
    private static void axpy(float a, float[] x, int xo, float[] y, int n) {
        FloatVector av = FloatVector.broadcast(S, a);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            av.fma(FloatVector.fromArray(S, x, xo + i), FloatVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] = Math.fma(a, x[xo + i], y[i]);
        }
    }
}
