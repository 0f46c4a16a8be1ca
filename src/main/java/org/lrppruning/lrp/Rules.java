package org.lrppruning.lrp;

/** Factories of the standard LRP rules, all built on {@link ModifiedRule}. */
public final class Rules {
    /** The stabiliser the reference adds to every z⁺ denominator. */
    public static final float ZPLUS_EPSILON = 1e-9f;

    private Rules() {}

    /**
     * z⁺ (Montavon et al. 2017) as the reference runs it: V = max(W, 0), bias ignored,
     * Z_k = Σ_i a_i V_ki + 1e-9, R_i = a_i Σ_k V_ki R_k / Z_k.
     */
    public static LrpRule zPlus() {
        return new ModifiedRule(w -> Math.max(w, 0f), null, z -> z + ZPLUS_EPSILON);
    }

    /** ε-rule: W' = W, b' = b, Z ← Z + ε·sign(Z) with sign(0) = 1. */
    public static LrpRule epsilon(float eps) {
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, was " + eps);
        }
        return new ModifiedRule(w -> w, b -> b, z -> z + (z >= 0 ? eps : -eps));
    }

    /** γ-rule: W' = W + γ·max(W, 0), b' = b + γ·max(b, 0), Z ← Z + 1e-9·sign(Z). */
    public static LrpRule gamma(float gamma) {
        if (!(gamma >= 0)) {
            throw new IllegalArgumentException("gamma must be >= 0, was " + gamma);
        }
        return new ModifiedRule(w -> w + gamma * Math.max(w, 0f), b -> b + gamma * Math.max(b, 0f),
                z -> z + (z >= 0 ? ZPLUS_EPSILON : -ZPLUS_EPSILON));
    }

    /**
     * αβ-rule (Bach et al. 2015) for non-negative inputs: α·(rule on W⁺, b⁺) − β·(rule on W⁻, b⁻),
     * with α − β = 1.
     */
    public static LrpRule alphaBeta(float alpha, float beta) {
        if (!(alpha >= 1 && beta >= 0) || Math.abs(alpha - beta - 1f) > 1e-6f) {
            throw new IllegalArgumentException("alpha-beta needs alpha >= 1, beta >= 0 and alpha - beta = 1, was "
                    + alpha + ", " + beta);
        }
        LrpRule pos = new ModifiedRule(w -> Math.max(w, 0f), b -> Math.max(b, 0f), z -> z + ZPLUS_EPSILON);
        LrpRule neg = new ModifiedRule(w -> Math.min(w, 0f), b -> Math.min(b, 0f), z -> z - ZPLUS_EPSILON);
        return (layer, a, rOut, n, threads) -> {
            float[] p = pos.backward(layer, a, rOut, n, threads);
            float[] q = neg.backward(layer, a, rOut, n, threads);
            float[] r = new float[p.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = alpha * p[i] - beta * q[i];
            }
            return r;
        };
    }
}
