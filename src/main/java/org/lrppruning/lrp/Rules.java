package org.lrppruning.lrp;

import java.util.List;
import org.lrppruning.lrp.ModifiedRule.Group;
import org.lrppruning.lrp.ModifiedRule.Input;
import org.lrppruning.lrp.ModifiedRule.Mask;
import org.lrppruning.lrp.ModifiedRule.Op;
import org.lrppruning.lrp.ModifiedRule.Term;

/** Factories of the standard LRP rules, all built on {@link ModifiedRule}; each works on Linear and Conv2d layers. */
public final class Rules {
    /** The stabiliser the reference adds to every z⁺ denominator. */
    public static final float ZPLUS_EPSILON = 1e-9f;

    private Rules() {}

    /**
     * z⁺ (Montavon et al. 2017) as the reference runs it: V = max(W, 0), bias ignored,
     * Z_k = Σ_i a_i V_ki + 1e-9, R_i = a_i Σ_k V_ki R_k / Z_k.
     */
    public static LrpRule zPlus() {
        return new ModifiedRule(w -> Math.max(w, 0.0), null, z -> z + ZPLUS_EPSILON);
    }

    /** ε-rule: W' = W, b' = b, Z ← Z + ε·sign(Z) with sign(0) = 1. */
    public static LrpRule epsilon(float eps) {
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, was " + eps);
        }
        return new ModifiedRule(w -> w, b -> b, signed(eps));
    }

    /** z ↦ z + ε·sign(z) with sign(0) = 1 (Zennit's {@code Stabilizer}). */
    public static Op signed(double eps) {
        return z -> z + (z >= 0 ? eps : -eps);
    }

    /** γ-rule: W' = W + γ·max(W, 0), b' = b + γ·max(b, 0), Z ← Z + 1e-9·sign(Z). */
    public static LrpRule gamma(float gamma) {
        if (!(gamma >= 0)) {
            throw new IllegalArgumentException("gamma must be >= 0, was " + gamma);
        }
        Op plus = new Op() {
            @Override
            public double apply(double v) {
                return v + gamma * Math.max(v, 0.0);
            }

            @Override
            public float apply(float v) {
                return v + gamma * Math.max(v, 0f); // two float32 roundings, as the toy always computed it
            }
        };
        return new ModifiedRule(plus, plus, signed(ZPLUS_EPSILON));
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
        Term pos = new Term(Input.identity(), w -> Math.max(w, 0.0), b -> Math.max(b, 0.0), 1);
        Term neg = new Term(Input.identity(), w -> Math.min(w, 0.0), b -> Math.min(b, 0.0), 1);
        return new ModifiedRule(List.of(
                new Group(alpha, List.of(pos), z -> z + ZPLUS_EPSILON, Mask.ALL),
                new Group(-(double) beta, List.of(neg), z -> z - ZPLUS_EPSILON, Mask.ALL)));
    }
}
