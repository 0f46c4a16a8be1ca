package org.lrppruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.Samples;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Nets;
import org.lrppruning.testutil.Slow;

/** Each criterion against the slow, obvious float64 formula of spec section 4. */
class CriteriaTest {
    private static final Network NET = Nets.paperShaped(11, 9, 8, 7, 3, false);
    private static final Samples REFS = Nets.samples(5, 12, 3);
    private static final int N = REFS.size();

    private static double[][] slow(String criterion) {
        int[] pos = NET.prunablePositions();
        double[][] s = new double[pos.length][];
        for (int h = 0; h < pos.length; h++) {
            s[h] = new double[NET.prunable(h).units()];
        }
        if (criterion.equals("weight")) {
            for (int h = 0; h < pos.length; h++) {
                Linear l = (Linear) NET.prunable(h);
                for (int j = 0; j < l.out(); j++) {
                    for (int i = 0; i < l.in(); i++) {
                        s[h][j] += Math.abs(l.w(j, i));
                    }
                }
            }
        }
        for (int n = 0; n < N; n++) {
            double[] x = Slow.point(REFS.x(), n);
            int y = REFS.labels()[n];
            List<double[]> acts = Slow.forward(NET, x);
            List<double[]> grads = Slow.gradients(NET, x, y, N);
            List<double[]> rel = Slow.zPlusRelevance(NET, x, y);
            for (int h = 0; h < pos.length; h++) {
                double[] z = acts.get(pos[h] + 1);
                for (int j = 0; j < s[h].length; j++) {
                    switch (criterion) {
                        case "grad" -> s[h][j] += grads.get(pos[h])[j] / N;
                        case "taylor" -> s[h][j] += z[j] * grads.get(pos[h])[j] / N;
                        case "lrp" -> s[h][j] += rel.get(pos[h])[j];
                        default -> { }
                    }
                }
            }
        }
        for (double[] layer : s) {
            double norm = 0;
            for (double v : layer) {
                norm += criterion.equals("grad") || criterion.equals("taylor") ? v * v : v;
            }
            if (criterion.equals("grad") || criterion.equals("taylor")) {
                norm = Math.sqrt(norm);
            }
            for (int j = 0; j < layer.length; j++) {
                layer[j] = (criterion.equals("grad") || criterion.equals("taylor") ? Math.abs(layer[j]) : layer[j]) / norm;
            }
        }
        return s;
    }

    private static void assertClose(String criterion) {
        float[][] fast = Criteria.of(criterion).scores(NET, REFS, 1);
        double[][] want = slow(criterion);
        assertThat(fast).hasSameDimensionsAs(want);
        for (int h = 0; h < want.length; h++) {
            for (int j = 0; j < want[h].length; j++) {
                assertThat((double) fast[h][j]).as("%s layer %d neuron %d", criterion, h, j)
                        .isCloseTo(want[h][j], within(1e-5 + 1e-4 * Math.abs(want[h][j])));
            }
        }
    }

    @Test
    void scoringCriteriaTogetherGivesEachTheBitsItGivesAlone() {
        List<String> names = List.of("taylor", "weight", "lrp", "grad", "lrp-epsilon");
        List<Criterion> criteria = names.stream().map(Criteria::of).toList();
        Network cnn = org.lrppruning.testutil.Cnns.small(4, true, org.lrppruning.model.PrunableUnits.DEFAULT);
        float[] images = new float[7 * cnn.inputs()];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) Math.sin(0.37 * i);
        }
        LabeledData cnnRefs = new LabeledData(images, cnn.inputShape(), new int[] {0, 1, 2, 0, 1, 2, 1});
        for (Network net : List.of(NET, cnn)) {
            LabeledData refs = net == NET ? LabeledData.of(REFS) : cnnRefs;
            List<float[][]> together = Criteria.scoresTogether(criteria, net, refs, 2);
            for (int c = 0; c < names.size(); c++) {
                float[][] alone = criteria.get(c).score(net, refs, 1).normalisedFloats();
                assertThat(together.get(c)).as(names.get(c)).isDeepEqualTo(alone);
            }
        }
    }

    @Test
    void weightIsTheL1NormalisedAbsoluteRowSum() {
        assertClose("weight");
    }

    @Test
    void gradIsTheL2NormalisedAbsoluteMeanGradientOfThePreActivation() {
        assertClose("grad");
    }

    @Test
    void taylorIsTheL2NormalisedAbsoluteMeanOfActivationTimesGradient() {
        assertClose("taylor");
    }

    @Test
    void lrpIsTheSumNormalisedZPlusRelevanceFromTheTrueClassLogit() {
        assertClose("lrp");
    }

    @Test
    void scoresDoNotDependOnTheThreadCount() {
        for (String c : List.of("weight", "grad", "taylor", "lrp")) {
            assertThat(Criteria.of(c).scores(NET, REFS, 3)).as(c).isDeepEqualTo(Criteria.of(c).scores(NET, REFS, 1));
        }
    }

    @Test
    void unknownCriteriaAreRejectedWithTheValidNames() {
        assertThatThrownBy(() -> Criteria.of("random")).hasMessageStartingWith("unknown criterion 'random' (valid: weight, taylor, grad, lrp");
    }
}
