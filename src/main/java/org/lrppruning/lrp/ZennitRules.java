package org.lrppruning.lrp;

import java.util.List;
import org.lrppruning.lrp.ModifiedRule.Group;
import org.lrppruning.lrp.ModifiedRule.Input;
import org.lrppruning.lrp.ModifiedRule.Mask;
import org.lrppruning.lrp.ModifiedRule.Op;
import org.lrppruning.lrp.ModifiedRule.Term;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Shapes;

/**
 * Zennit's rules ({@code zennit/rules.py}) as slots of {@link ModifiedRule}, for Linear and Conv2d layers.
 * Denominators go through a stabiliser, Zennit's s_ε(z) = z + ε·(sign(z) + [z = 0]) unless given otherwise
 * ({@link #signed}); {@code bias = false} is Zennit's {@code zero_params='bias'}. Notation: x⁺ = max(x, 0),
 * x⁻ = min(x, 0), likewise W⁺, W⁻, b⁺, b⁻; q = R_out ⊘ s(z).
 */
public final class ZennitRules {
    /** Zennit's default stabiliser and ε. */
    public static final double DEFAULT_EPSILON = 1e-6;
    /** Zennit's default γ. */
    public static final double DEFAULT_GAMMA = 0.25;

    private static final Op IDENTITY = Op.IDENTITY;
    private static final Op POSITIVE = v -> Math.max(v, 0.0);
    private static final Op NEGATIVE = v -> Math.min(v, 0.0);
    private static final Op ONE = v -> 1.0;
    /** x⁻, one instance, so that {@link NonNegativeShortcut} knows the terms it may skip. */
    private static final Input NEGATIVE_INPUT = Input.negative();

    private ZennitRules() {}

    /** s_ε(z) = z + ε·(sign(z) + [z = 0]): +ε for z ≥ 0 (−0 included), −ε below (Zennit's {@code Stabilizer}). */
    public static Op signed(double eps) {
        requireNonNegative("stabiliser epsilon", eps);
        return Rules.signed(eps);
    }

    /** s(z) = z + ε·[z = 0]: only exact zeros are moved (LRP_pruning's {@code safe_divide(eps0=ε, eps=0)}). */
    public static Op zeroOnly(double eps) {
        requireNonNegative("stabiliser epsilon", eps);
        return z -> z == 0 ? z + eps : z;
    }

    /** ε-rule: z = Wx + b, R_in = x ⊙ Wᵀ(R_out ⊘ s_ε(z)). */
    public static LrpRule epsilon(double eps, boolean bias) {
        requireNonNegative("epsilon", eps);
        return new ModifiedRule(IDENTITY, bias ? IDENTITY : null, signed(eps));
    }

    /**
     * z⁺ as Zennit's {@code ZPlus} (αβ with α = 1, β = 0, negative inputs allowed): z = W⁺x⁺ + b⁺ + W⁻x⁻,
     * R_in = x⁺ ⊙ W⁺ᵀq + x⁻ ⊙ W⁻ᵀq.
     */
    public static LrpRule zPlus(Op stabiliser, boolean bias) {
        return new NonNegativeShortcut(new ModifiedRule(List.of(positivePart(1, stabiliser, bias))));
    }

    /**
     * αβ as Zennit's {@code AlphaBeta}: z⁺ = W⁺x⁺ + b⁺ + W⁻x⁻, z⁻ = W⁻x⁺ + b⁻ + W⁺x⁻,
     * R_in = α·(x⁺ ⊙ W⁺ᵀq⁺ + x⁻ ⊙ W⁻ᵀq⁺) − β·(x⁺ ⊙ W⁻ᵀq⁻ + x⁻ ⊙ W⁺ᵀq⁻), q^± = R_out ⊘ s(z^±);
     * α, β ≥ 0 with α − β = 1.
     */
    public static LrpRule alphaBeta(double alpha, double beta, Op stabiliser, boolean bias) {
        if (!(alpha >= 0 && beta >= 0) || Double.isInfinite(alpha) || alpha - beta != 1.0) {
            throw new IllegalArgumentException("alpha-beta needs alpha >= 0, beta >= 0 and alpha - beta = 1, was "
                    + alpha + ", " + beta);
        }
        return new NonNegativeShortcut(new ModifiedRule(List.of(positivePart(alpha, stabiliser, bias),
                negativePart(-beta, stabiliser, bias))));
    }

    /**
     * Generalised γ-rule as Zennit's {@code Gamma}: outputs with z = Wx + b &gt; 0 are redistributed by
     * z⁺ = (W + γW⁺)x⁺ + (b + γb⁺) + (W + γW⁻)x⁻, those with z &lt; 0 by z⁻ = (W + γW⁻)x⁺ + (b + γb⁻) + (W + γW⁺)x⁻,
     * R_in = Σ_± [x⁺ ⊙ A_±ᵀq^± + x⁻ ⊙ B_±ᵀq^±] with the masked quotients q^± = [±z &gt; 0]·R_out ⊘ s(z^±).
     */
    public static LrpRule gamma(double gamma, Op stabiliser, boolean bias) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, was " + gamma);
        }
        Op up = v -> v + gamma * Math.max(v, 0.0);
        Op down = v -> v + gamma * Math.min(v, 0.0);
        Group pos = new Group(1, List.of(
                new Term(Input.positive(), up, bias ? up : null, 1),
                new Term(NEGATIVE_INPUT, down, null, 1)), stabiliser, Mask.POSITIVE);
        Group neg = new Group(1, List.of(
                new Term(Input.positive(), down, bias ? down : null, 1),
                new Term(NEGATIVE_INPUT, up, null, 1)), stabiliser, Mask.NEGATIVE);
        return new NonNegativeShortcut(new ModifiedRule(List.of(pos, neg)));
    }

    /**
     * Flat (Lapuschkin et al. 2019): x = 1, W = 1, no bias: z = A_1(1) counts the in-bounds inputs of each
     * output (zero padding counts 0), R_in = A_1ᵀ(R_out ⊘ s(z)), independent of the input values.
     */
    public static LrpRule flat(Op stabiliser) {
        return new ModifiedRule(List.of(new Group(1, List.of(new Term(Input.constant(1), ONE, null, 1)), stabiliser,
                Mask.ALL)));
    }

    /** w² (Montavon et al. 2017): x = 1, W' = W², b' = b²: z = A_{W²}(1) + b², R_in = A_{W²}ᵀ(R_out ⊘ s(z)). */
    public static LrpRule wSquare(Op stabiliser, boolean bias) {
        Op square = v -> v * v;
        return new ModifiedRule(List.of(new Group(1, List.of(new Term(Input.constant(1), square, bias ? square : null, 1)),
                stabiliser, Mask.ALL)));
    }

    /**
     * z^B (Montavon et al. 2017) for inputs boxed in [l, h]: z = Wx − W⁺l − W⁻h (the bias cancels, as in
     * Zennit), R_in = x ⊙ Wᵀq − l ⊙ W⁺ᵀq − h ⊙ W⁻ᵀq. The bounds are per channel of the layer's input and
     * spread over the rest of it (H×W of an image; a flattened input's blocks), zero-padded like x.
     */
    public static LrpRule zBox(double[] low, double[] high, Op stabiliser) {
        if (low.length == 0 || low.length != high.length) {
            throw new IllegalArgumentException("z-box needs as many low as high bounds, got " + low.length + " and "
                    + high.length);
        }
        for (int c = 0; c < low.length; c++) {
            if (!Double.isFinite(low[c]) || !Double.isFinite(high[c]) || !(low[c] <= high[c])) {
                throw new IllegalArgumentException("z-box needs finite bounds low <= high, got [" + low[c] + ", "
                        + high[c] + "]" + (low.length > 1 ? " for channel " + c : ""));
            }
        }
        return new ModifiedRule(List.of(new Group(1, List.of(
                new Term(Input.identity(), IDENTITY, null, 1),
                new Term(blocks(low), POSITIVE, null, -1),
                new Term(blocks(high), NEGATIVE, null, -1)), stabiliser, Mask.ALL)));
    }

    /**
     * A rule with terms on x⁻ that skips them for inputs without negative values (after a ReLU): x⁻ = 0 adds
     * exact zeros to z and to R_in, so the result is the same (up to the sign of zero) at half the products.
     */
    private static final class NonNegativeShortcut implements LrpRule {
        private final ModifiedRule full;
        private final ModifiedRule nonNegative;

        NonNegativeShortcut(ModifiedRule full) {
            this.full = full;
            List<Group> groups = new java.util.ArrayList<>();
            for (Group g : full.groups()) {
                List<Term> kept = g.terms().stream().filter(t -> t.input() != NEGATIVE_INPUT).toList();
                groups.add(new Group(g.coefficient(), kept, g.stabiliser(), g.mask()));
            }
            this.nonNegative = new ModifiedRule(groups);
        }

        @Override
        public float[] backward(Affine layer, float[] a, float[] rOut, int n, int[] in, int threads) {
            return backward(layer, a, null, rOut, n, in, threads);
        }

        @Override
        public double[] backward64(Affine layer, double[] a, double[] rOut, int n, int[] in) {
            return backward64(layer, a, null, rOut, n, in);
        }

        @Override
        public float[] backward(Affine layer, float[] a, float[] out, float[] rOut, int n, int[] in, int threads) {
            for (int i = 0, size = n * Shapes.size(in); i < size; i++) {
                if (a[i] < 0) {
                    return full.backward(layer, a, out, rOut, n, in, threads);
                }
            }
            return nonNegative.backward(layer, a, out, rOut, n, in, threads);
        }

        @Override
        public double[] backward64(Affine layer, double[] a, double[] out, double[] rOut, int n, int[] in) {
            for (int i = 0, size = n * Shapes.size(in); i < size; i++) {
                if (a[i] < 0) {
                    return full.backward64(layer, a, out, rOut, n, in);
                }
            }
            return nonNegative.backward64(layer, a, out, rOut, n, in);
        }
    }

    /** The group x⁺ on (W⁺, b⁺) plus x⁻ on W⁻, with coefficient {@code c}. */
    private static Group positivePart(double c, Op stabiliser, boolean bias) {
        return new Group(c, List.of(
                new Term(Input.positive(), POSITIVE, bias ? POSITIVE : null, 1),
                new Term(NEGATIVE_INPUT, NEGATIVE, null, 1)), stabiliser, Mask.ALL);
    }

    /** The group x⁺ on (W⁻, b⁻) plus x⁻ on W⁺, with coefficient {@code c}. */
    private static Group negativePart(double c, Op stabiliser, boolean bias) {
        return new Group(c, List.of(
                new Term(Input.positive(), NEGATIVE, bias ? NEGATIVE : null, 1),
                new Term(NEGATIVE_INPUT, POSITIVE, null, 1)), stabiliser, Mask.ALL);
    }

    /**
     * A constant input: values[c] over block c of each sample, the sample's size split in values.length equal
     * blocks: the channels of C×H×W ({@link Input#perChannel}), or the channel blocks of a C-order flattened image.
     */
    static Input blocks(double[] values) {
        Input channels = Input.perChannel(values);
        return new Input() {
            @Override
            public float[] apply(float[] a, int n, int[] in) {
                return of(in).apply(a, n, in);
            }

            @Override
            public double[] apply64(double[] a, int n, int[] in) {
                return of(in).apply64(a, n, in);
            }

            private Input of(int[] in) {
                if (in.length != 1 || values.length == 1 || values.length == in[0]) {
                    return channels;
                }
                if (in[0] % values.length != 0) {
                    throw new IllegalArgumentException("box bounds for " + values.length
                            + " channels do not fit an input of shape " + Shapes.format(in));
                }
                double[] spread = new double[in[0]];
                int inner = in[0] / values.length;
                for (int i = 0; i < spread.length; i++) {
                    spread[i] = values[i / inner];
                }
                return Input.perChannel(spread);
            }
        };
    }

    private static void requireNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, was " + v);
        }
    }
}
