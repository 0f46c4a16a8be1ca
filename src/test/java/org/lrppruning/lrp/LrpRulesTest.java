package org.lrppruning.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;
import org.lrppruning.testutil.Nets;

/** Every rule against its plain matrix form in float64; z⁺ conservation; invalid parameters. */
class LrpRulesTest {
    private static final Random R = new Random(3);
    private static final Linear LAYER = Nets.linear("l", 6, 5, R);
    private static final int N = 4;
    private static final float[] A = positive(N * 6);
    private static final float[] ROUT = positive(N * 5);

    private static float[] positive(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) R.nextDouble();
        }
        return v;
    }

    /** R_in = a ⊙ ((R_out ⊘ stab(a·W'ᵀ + b'))·W') in float64, spelled out. */
    private static double[] matrixForm(java.util.function.DoubleUnaryOperator w, java.util.function.DoubleUnaryOperator b,
                                       java.util.function.DoubleUnaryOperator stab) {
        double[] out = new double[N * 6];
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < 5; k++) {
                double z = b == null ? 0 : b.applyAsDouble(LAYER.bias()[k]);
                for (int i = 0; i < 6; i++) {
                    z += A[n * 6 + i] * w.applyAsDouble(LAYER.w(k, i));
                }
                double s = ROUT[n * 5 + k] / stab.applyAsDouble(z);
                for (int i = 0; i < 6; i++) {
                    out[n * 6 + i] += A[n * 6 + i] * w.applyAsDouble(LAYER.w(k, i)) * s;
                }
            }
        }
        return out;
    }

    private static void assertMatches(LrpRule rule, double[] want) {
        float[] got = rule.backward(LAYER, A, ROUT, N, new int[] {6}, 1);
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("element %d", i).isCloseTo(want[i], within(1e-5 * (1 + Math.abs(want[i]))));
        }
    }

    @Test
    void zPlusUsesPositiveWeightsNoBiasAndTheReferenceStabiliser() {
        assertMatches(Rules.zPlus(), matrixForm(w -> Math.max(w, 0), null, z -> z + 1e-9));
    }

    @Test
    void epsilonAddsEpsilonWithTheSignOfZ() {
        assertMatches(Rules.epsilon(0.01f), matrixForm(w -> w, b -> b, z -> z + (z >= 0 ? 0.01 : -0.01)));
    }

    @Test
    void gammaFavoursPositiveContributions() {
        assertMatches(Rules.gamma(0.25f), matrixForm(w -> w + 0.25 * Math.max(w, 0), b -> b + 0.25 * Math.max(b, 0),
                z -> z + (z >= 0 ? 1e-9 : -1e-9)));
    }

    @Test
    void alphaBetaWeighsThePositiveAndNegativeParts() {
        double[] pos = matrixForm(w -> Math.max(w, 0), b -> Math.max(b, 0), z -> z + 1e-9);
        double[] neg = matrixForm(w -> Math.min(w, 0), b -> Math.min(b, 0), z -> z - 1e-9);
        double[] want = new double[pos.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = 2 * pos[i] - neg[i];
        }
        assertMatches(Rules.alphaBeta(2f, 1f), want);
    }

    @Test
    void zPlusConservesTotalRelevanceLayerToLayerWhenAllInputsArePositive() {
        // ReLU after every hidden layer keeps every Linear input non-negative; positive inputs.
        Network net = Nets.paperShaped(8, 12, 10, 9, 2, true);
        float[] x = {0.3f, 0.9f, 1.2f, 0.4f};
        Trace t = net.trace(x, 2);
        float[] start = RelevancePass.trueClassLogit(t.logits(), new int[] {0, 1}, 2, 2);
        float[][] r = RelevancePass.run(t, start, RuleMap.of("paper"), 1);
        int[] linear = {0, 3, 5, 7};
        for (int row = 0; row < 2; row++) {
            double top = sum(r[7], row, 2);
            for (int l = 0; l < 3; l++) {
                int width = net.layers().get(linear[l]) instanceof Linear lin ? lin.out() : 0;
                // Only the positive part of the output (true logit > 0 here) is redistributed.
                assertThat(sum(r[linear[l]], row, width)).as("row %d at layer %d", row, linear[l])
                        .isCloseTo(top, within(1e-4 * Math.abs(top)));
            }
        }
    }

    private static double sum(float[] m, int row, int width) {
        double s = 0;
        for (int i = 0; i < width; i++) {
            s += m[row * width + i];
        }
        return s;
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> Rules.epsilon(-1f)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> Rules.gamma(-0.5f)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> Rules.alphaBeta(2f, 2f)).hasMessageContaining("alpha - beta = 1");
        assertThatThrownBy(() -> RuleMap.of("nope")).hasMessageContaining("valid: paper");
    }
}
