package org.lrppruning.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.lrp.ModifiedRule.Op;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.model.Shapes;
import org.lrppruning.testutil.Cnns;
import org.lrppruning.testutil.Nets;

/**
 * The registry: each composite gives each layer the rule Zennit's composite of that name gives it (checked by what
 * the rule computes), the special first layer, the canonizer and its -nocanon suffix, the box, the names.
 */
class CompositesTest {
    private static final Network CNN = Cnns.small(5, true, PrunableUnits.DEFAULT); // conv, conv, linear, linear
    private static final Network MLP = Nets.paperShaped(6, 5, 4, 3, 2, true);
    private static final Op S = ZennitRules.signed(1e-6);
    private static final Composites.Box BOX = new Composites.Box(new double[] {-1, -0.5}, new double[] {2, 1.5});

    /** Both rules give the same bits on random input and relevance of this layer (of the merged network). */
    private static void assertRule(String composite, Network raw, String layer, LrpRule want) {
        Composite c = Composites.of(composite, BOX);
        Network net = c.prepare(raw);
        int i = net.indexOf(layer);
        Affine a = (Affine) net.layer(i);
        int[] in = net.shape(i);
        Random r = new Random(layer.hashCode());
        double[] x = new double[2 * Shapes.size(in)];
        double[] rel = new double[2 * net.width(i + 1)];
        Arrays.setAll(x, k -> r.nextDouble() * 3 - 1);
        Arrays.setAll(rel, k -> r.nextGaussian());
        assertThat(c.rules().ruleFor(net, i).backward64(a, x, rel, 2, in))
                .as("%s on %s", composite, layer).containsExactly(want.backward64(a, x, rel, 2, in));
    }

    @Test
    void zennitsCompositesGiveEachLayerItsRule() {
        LrpRule eps = ZennitRules.epsilon(1e-6, true);
        LrpRule zPlus = ZennitRules.zPlus(S, true);
        LrpRule ab = ZennitRules.alphaBeta(2, 1, S, true);
        LrpRule flat = ZennitRules.flat(S);
        LrpRule box = ZennitRules.zBox(BOX.low(), BOX.high(), S);
        String[] layers = {"features.0", "features.1", "classifier.1", "classifier.4"};
        Object[][] table = {
            {"epsilon-plus", zPlus, zPlus, eps, eps},
            {"epsilon-plus-flat", flat, zPlus, eps, eps},
            {"epsilon-alpha2-beta1", ab, ab, eps, eps},
            {"epsilon-alpha2-beta1-flat", flat, ab, eps, eps},
            {"epsilon-gamma-box", box, ZennitRules.gamma(0.25, S, true), eps, eps},
            {"zplus-flat", flat, zPlus, zPlus, zPlus},
            {"lrp-pruning", box, ZennitRules.zPlus(ZennitRules.zeroOnly(1e-12), false), eps, eps},
            {"paper", Rules.zPlus(), Rules.zPlus(), Rules.zPlus(), Rules.zPlus()},
        };
        for (Object[] row : table) {
            for (int l = 0; l < layers.length; l++) {
                assertRule((String) row[0], CNN, layers[l], (LrpRule) row[l + 1]);
            }
        }
    }

    @Test
    void onAnMlpTheFlatFirstLayerIsTheFirstLinearAndTheBoxNeedsAConv() {
        LrpRule eps = ZennitRules.epsilon(1e-6, true);
        assertRule("epsilon-plus-flat", MLP, "network.linear1", ZennitRules.flat(S));
        assertRule("epsilon-plus-flat", MLP, "network.linear2", eps);
        assertRule("epsilon-gamma-box", MLP, "network.linear1", eps);
        assertRule("lrp-pruning", MLP, "network.linear1", eps);
    }

    @Test
    void compositesMergeBatchNormUnlessNamedNocanon() {
        assertThat(Composites.of("epsilon-plus-flat").prepare(CNN).layers()).hasSize(CNN.layers().size() - 2);
        Composite raw = Composites.of("epsilon-plus-flat-nocanon");
        assertThat(raw.canonizers()).isEmpty();
        assertThat(raw.prepare(CNN)).isSameAs(CNN);
        assertThat(Composites.of("EPSILON_PLUS_FLAT_NOCANON").name()).isEqualTo("epsilon-plus-flat-nocanon");
    }

    @Test
    void theToysNamesKeepTheirRules() {
        assertThat(Composites.names()).startsWith("paper, epsilon, alpha1beta0, alpha2beta1, gamma, epsilon-plus");
        Network net = MLP;
        int i = net.indexOf("network.linear2");
        Affine a = (Affine) net.layer(i);
        float[] x = Cnns.uniform(new Random(1), 2 * 5, 0, 1);
        float[] r = Cnns.uniform(new Random(2), 2 * 4, -1, 1);
        String[] names = {"paper", "epsilon", "alpha1beta0", "alpha2beta1", "gamma"};
        LrpRule[] rules = {Rules.zPlus(), Rules.epsilon(1e-6f), Rules.alphaBeta(1f, 0f), Rules.alphaBeta(2f, 1f),
            Rules.gamma(0.25f)};
        for (int k = 0; k < names.length; k++) {
            assertThat(RuleMap.of(names[k]).ruleFor(net, i).backward(a, x, r, 2, net.shape(i), 1)).as(names[k])
                    .containsExactly(rules[k].backward(a, x, r, 2, net.shape(i), 1));
        }
    }

    @Test
    void theDefaultIsLrpPruningForCnnsAndPaperForMlps() {
        assertThat(Composites.defaultFor(CNN)).isEqualTo("lrp-pruning");
        assertThat(Composites.defaultFor(MLP)).isEqualTo("paper");
        assertThat(Composites.usesBox("lrp_pruning")).isTrue();
        assertThat(Composites.usesBox("epsilon-gamma-box-nocanon")).isTrue();
        assertThat(Composites.usesBox("epsilon-plus-flat")).isFalse();
    }

    @Test
    void theBoxOfANormalisationIsTheImageOfTheUnitInterval() {
        Composites.Box b = Composites.Box.normalized(new double[] {0.2860}, new double[] {0.3530});
        assertThat(b.low()).containsExactly((float) -0.8101983002832861);
        assertThat(b.high()).containsExactly((float) 2.0226628895184136);
        assertThatThrownBy(() -> Composites.Box.normalized(new double[] {0}, new double[] {0}))
                .hasMessageContaining("std must be > 0");
        assertThatThrownBy(() -> new Composites.Box(new double[] {1}, new double[] {0}))
                .hasMessageContaining("low <= high");
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> Composites.of("epsilon-plus-flatt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown LRP composite 'epsilon-plus-flatt'")
                .hasMessageContaining("epsilon-plus-flat, ")
                .hasMessageContaining("-nocanon");
        assertThatThrownBy(() -> RuleMap.of("nope")).hasMessageContaining("valid: paper");
    }
}
