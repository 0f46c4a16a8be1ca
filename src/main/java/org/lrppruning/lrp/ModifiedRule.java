package org.lrppruning.lrp;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.lrppruning.linalg.Parallel;
import org.lrppruning.model.Affine;

/**
 * The one generic LRP rule, Zennit's {@code BasicHook} in small, for every {@link Affine} layer (Linear,
 * Conv2d). A rule is a list of {@link Group}s, each a list of {@link Term}s; term k replaces the layer's
 * input by x_k = input_k(a) and its parameters by W_k = weight_k(W), b_k = bias_k(b) (no bias when
 * bias_k is null). For each group g:
 * <pre>
 *   z_g   = Σ_k sign_k · A_{W_k}(x_k) + b_k                  (Affine#affine)
 *   q_g   = R_out ⊘ stab_g(z_g)    (times [z &gt; 0] or [z &lt; 0] of the plain output z = A_W(a) + b, if masked)
 *   R_in += coef_g · Σ_k sign_k · x_k ⊙ A_{W_k}ᵀ(q_g)         (Affine#transpose)
 * </pre>
 * The slots express: ε, z⁺ (toy: one term on W⁺; Zennit: x⁺ on W⁺ and x⁻ on W⁻), αβ (two groups), γ,
 * flat (x_k = 1, W_k = 1, no bias: R_in = Aᵀq), w² (x_k = 1, W_k = W²) and z^B (x, l on W⁺ and h on W⁻
 * with signs +, −, −). A group with coefficient 0 is skipped; a single term with coefficient 1 costs
 * one product each way, as the toy's z⁺ always did.
 */
public final class ModifiedRule implements LrpRule {
    /**
     * An element-wise map of weights, biases or denominators. Float32 values go through the float64
     * map and are rounded once, which equals float32 arithmetic for a single +, −, ×, ÷ or a clamp;
     * a map with several float32 steps overrides {@link #apply(float)}.
     */
    @FunctionalInterface
    public interface Op {
        /** v ↦ v: a term with it (and the identity input) is the layer's own map. */
        Op IDENTITY = v -> v;

        double apply(double v);

        default float apply(float v) {
            return (float) apply((double) v);
        }
    }

    /** What replaces the layer's input in one term: the input itself, its positive or negative part, or a constant tensor. */
    public interface Input {
        /** x_k for n samples of shape {@code in}; may return {@code a} itself, never modifies it. */
        float[] apply(float[] a, int n, int[] in);

        /** {@link #apply} in float64. */
        double[] apply64(double[] a, int n, int[] in);

        /** {@link #apply}, element-wise maps split over {@code threads} (the same values). */
        default float[] apply(float[] a, int n, int[] in, int threads) {
            return apply(a, n, in);
        }

        /** x_k = a (one instance: a term with it and {@link Op#IDENTITY} weights is the layer's own map). */
        static Input identity() {
            return Plain.INPUT;
        }

        /** x_k = max(a, 0). */
        static Input positive() {
            return elementwise(v -> Math.max(v, 0.0));
        }

        /** x_k = min(a, 0). */
        static Input negative() {
            return elementwise(v -> Math.min(v, 0.0));
        }

        /** x_k = op(a) element by element. */
        static Input elementwise(Op op) {
            return new Input() {
                @Override
                public float[] apply(float[] a, int n, int[] in) {
                    return apply(a, n, in, 1);
                }

                @Override
                public float[] apply(float[] a, int n, int[] in, int threads) {
                    float[] x = new float[n * size(in)];
                    Parallel.range(x.length, threads, Parallel.ELEMENTS, (i0, i1) -> {
                        for (int i = i0; i < i1; i++) {
                            x[i] = op.apply(a[i]);
                        }
                    });
                    return x;
                }

                @Override
                public double[] apply64(double[] a, int n, int[] in) {
                    double[] x = new double[n * size(in)];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = op.apply(a[i]);
                    }
                    return x;
                }
            };
        }

        /** x_k = c everywhere (flat and w²: c = 1; z^B: the box bound). */
        static Input constant(double c) {
            return perChannel(new double[] {c});
        }

        /**
         * x_k[c, ...] = values[c] over the first axis of the input (one value: the same everywhere), e.g.
         * box bounds of a per-channel input normalisation.
         */
        static Input perChannel(double[] values) {
            double[] v = values.clone();
            return new Input() {
                @Override
                public float[] apply(float[] a, int n, int[] in) {
                    double[] d = apply64(null, n, in);
                    float[] x = new float[d.length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) d[i];
                    }
                    return x;
                }

                @Override
                public double[] apply64(double[] a, int n, int[] in) {
                    int channels = in.length == 0 ? 1 : in[0];
                    if (v.length != 1 && v.length != channels) {
                        throw new IllegalArgumentException(v.length + " per-channel values for an input of "
                                + channels + " channels");
                    }
                    int inner = size(in) / Math.max(1, channels);
                    double[] x = new double[n * size(in)];
                    int i = 0;
                    for (int s = 0; s < n; s++) {
                        for (int c = 0; c < channels; c++) {
                            double value = v.length == 1 ? v[0] : v[c];
                            for (int p = 0; p < inner; p++) {
                                x[i++] = value;
                            }
                        }
                    }
                    return x;
                }
            };
        }

        private static int size(int[] in) {
            return org.lrppruning.model.Shapes.size(in);
        }
    }

    /** The identity input, shared. */
    private static final class Plain {
        static final Input INPUT = new Input() {
            @Override
            public float[] apply(float[] a, int n, int[] in) {
                return a;
            }

            @Override
            public double[] apply64(double[] a, int n, int[] in) {
                return a;
            }
        };
    }

    /** Which outputs a group redistributes, by the sign of the plain output z = A_W(a) + b (Zennit's generalised γ). */
    public enum Mask {
        ALL, POSITIVE, NEGATIVE
    }

    /** One modified forward: input, weight and bias maps (bias null: none) and its sign in z and in R_in (±1). */
    public record Term(Input input, Op weight, Op bias, int sign) {
        public Term {
            if (sign != 1 && sign != -1) {
                throw new IllegalArgumentException("a term's sign is +1 or -1, was " + sign);
            }
        }
    }

    /** Terms sharing one denominator, their coefficient in R_in, the stabiliser and the output mask. */
    public record Group(double coefficient, List<Term> terms, Op stabiliser, Mask mask) {
        public Group {
            terms = List.copyOf(terms);
            if (terms.isEmpty()) {
                throw new IllegalArgumentException("a group needs at least one term");
            }
        }
    }

    private final List<Group> groups;

    /** The general rule. */
    public ModifiedRule(List<Group> groups) {
        this.groups = List.copyOf(groups);
        if (this.groups.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one group");
        }
    }

    /**
     * R_in = a ⊙ A_{W'}ᵀ(R_out ⊘ stab(A_{W'}(a) + b')), W' = weight(W), b' = bias(b) ({@code bias} null: b' = 0).
     */
    public ModifiedRule(Op weight, Op bias, Op stabilise) {
        this(List.of(new Group(1, List.of(new Term(Input.identity(), weight, bias, 1)), stabilise, Mask.ALL)));
    }

    /** The groups of this rule. */
    public List<Group> groups() {
        return groups;
    }

    @Override
    public float[] backward(Affine layer, float[] a, float[] rOut, int n, int[] in, int threads) {
        return backward(layer, a, null, rOut, n, in, threads);
    }

    /**
     * Whether term t computes the layer's own map A_W(a) + b: identity input and weights, and the bias kept (or none
     * to keep): its z is then the forward pass's output, which the walk hands over.
     */
    private static boolean plainTerm(Term t, Affine layer) {
        return t.input() == Plain.INPUT && t.weight() == Op.IDENTITY && t.sign() > 0
                && (layer.bias() == null || t.bias() == Op.IDENTITY);
    }

    @Override
    public float[] backward(Affine layer, float[] a, float[] out, float[] rOut, int n, int[] in, int threads) {
        float[] plain = out;
        float[] result = null;
        for (Group g : groups) {
            if (g.coefficient() == 0) {
                continue;
            }
            int terms = g.terms().size();
            float[][] xs = new float[terms][];
            float[][] ws = new float[terms][];
            float[] z = null;
            for (int k = 0; k < terms; k++) {
                Term t = g.terms().get(k);
                xs[k] = t.input().apply(a, n, in, threads);
                ws[k] = map(layer.weight(), t.weight());
                float[] b = t.bias() == null || layer.bias() == null ? null : map(layer.bias(), t.bias());
                // the same products as the forward pass's, so the same bits: copied, as z is overwritten below
                float[] zk = !plainTerm(t, layer) ? layer.relevanceAffine(xs[k], ws[k], b, n, in, threads)
                        : out != null ? out.clone() : layer.affine(xs[k], ws[k], b, n, in, threads);
                z = z == null ? (t.sign() > 0 ? zk : negate(zk, threads)) : accumulate(z, zk, t.sign(), threads);
            }
            if (g.mask() != Mask.ALL && plain == null) {
                plain = layer.affine(a, layer.weight(), layer.bias(), n, in, threads);
            }
            float[] zs = z;
            float[] mask = plain;
            Parallel.range(zs.length, threads, Parallel.ELEMENTS, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    zs[i] = masked(g.mask(), mask, i) ? 0f : rOut[i] / g.stabiliser().apply(zs[i]);
                }
            });
            for (int k = 0; k < terms; k++) {
                float[] c = layer.relevanceTranspose(z, ws[k], n, in, threads);
                float f = (float) (g.coefficient() * g.terms().get(k).sign());
                float[] xk = xs[k];
                Parallel.range(c.length, threads, Parallel.ELEMENTS, (i0, i1) -> {
                    for (int i = i0; i < i1; i++) {
                        float v = xk[i] * c[i];
                        c[i] = f == 1f ? v : f * v;
                    }
                });
                result = result == null ? c : accumulate(result, c, 1, threads);
            }
        }
        return result != null ? result : new float[n * org.lrppruning.model.Shapes.size(in)];
    }

    @Override
    public double[] backward64(Affine layer, double[] a, double[] rOut, int n, int[] in) {
        return backward64(layer, a, null, rOut, n, in);
    }

    @Override
    public double[] backward64(Affine layer, double[] a, double[] out, double[] rOut, int n, int[] in) {
        double[] plain = out;
        double[] result = null;
        for (Group g : groups) {
            if (g.coefficient() == 0) {
                continue;
            }
            int terms = g.terms().size();
            double[][] xs = new double[terms][];
            double[][] ws = new double[terms][];
            double[] z = null;
            for (int k = 0; k < terms; k++) {
                Term t = g.terms().get(k);
                xs[k] = t.input().apply64(a, n, in);
                ws[k] = map(layer.weight64(), t.weight());
                double[] b = t.bias() == null || layer.bias64() == null ? null : map(layer.bias64(), t.bias());
                double[] zk = out != null && plainTerm(t, layer) ? out.clone() : layer.affine64(xs[k], ws[k], b, n, in);
                if (z == null) {
                    z = zk;
                    if (t.sign() < 0) {
                        for (int i = 0; i < z.length; i++) {
                            z[i] = -z[i];
                        }
                    }
                } else {
                    for (int i = 0; i < z.length; i++) {
                        z[i] += t.sign() * zk[i];
                    }
                }
            }
            if (g.mask() != Mask.ALL && plain == null) {
                plain = layer.affine64(a, layer.weight64(), layer.bias64(), n, in);
            }
            for (int i = 0; i < z.length; i++) {
                boolean off = g.mask() == Mask.POSITIVE ? !(plain[i] > 0) : g.mask() == Mask.NEGATIVE && !(plain[i] < 0);
                z[i] = off ? 0.0 : rOut[i] / g.stabiliser().apply(z[i]);
            }
            for (int k = 0; k < terms; k++) {
                double[] c = layer.transpose64(z, ws[k], n, in);
                double f = g.coefficient() * g.terms().get(k).sign();
                for (int i = 0; i < c.length; i++) {
                    c[i] = f * xs[k][i] * c[i];
                }
                if (result == null) {
                    result = c;
                } else {
                    for (int i = 0; i < c.length; i++) {
                        result[i] += c[i];
                    }
                }
            }
        }
        return result != null ? result : new double[n * org.lrppruning.model.Shapes.size(in)];
    }

    private static boolean masked(Mask m, float[] plain, int i) {
        return m == Mask.POSITIVE ? !(plain[i] > 0) : m == Mask.NEGATIVE && !(plain[i] < 0);
    }

    private static float[] negate(float[] v, int threads) {
        Parallel.range(v.length, threads, Parallel.ELEMENTS, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                v[i] = -v[i];
            }
        });
        return v;
    }

    /** acc += sign·v, in place. */
    private static float[] accumulate(float[] acc, float[] v, int sign, int threads) {
        Parallel.range(acc.length, threads, Parallel.ELEMENTS, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                acc[i] = sign > 0 ? acc[i] + v[i] : acc[i] - v[i];
            }
        });
        return acc;
    }

    /**
     * Modified float32 parameters, cached by the identity of the array and of the map (parameters are never
     * modified in place; a rule's maps are usually the same lambda objects run after run), weakly: an entry
     * goes with its model or its map.
     */
    private static final Map<float[], Map<Op, float[]>> MAPPED = Collections.synchronizedMap(new WeakHashMap<>());

    private static float[] map(float[] v, Op op) {
        if (op == Op.IDENTITY) {
            return v; // the layer's own array: a Linear's packed weights serve its products only for that array
        }
        Map<Op, float[]> byOp = MAPPED.computeIfAbsent(v, k -> Collections.synchronizedMap(new WeakHashMap<>()));
        float[] m = byOp.get(op);
        if (m == null) {
            m = new float[v.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = op.apply(v[i]);
            }
            byOp.put(op, m);
        }
        return m;
    }

    private static double[] map(double[] v, Op op) {
        double[] m = new double[v.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = op.apply(v[i]);
        }
        return m;
    }
}
