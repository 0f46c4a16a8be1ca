package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.Samples;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Nets;

class PrunerTest {
    private static final Network NET = Nets.paperShaped(21, 9, 8, 7, 3, false);
    private static final Samples X = Nets.samples(2, 30, 3);

    /** The same network with the given neurons' rows and biases set to zero (their output is 0). */
    private static Network zeroed(Network net, PruningPlan plan) {
        List<Layer> layers = new ArrayList<>(net.layers());
        int[] pos = net.prunablePositions();
        for (int h = 0; h < pos.length; h++) {
            Linear l = (Linear) layers.get(pos[h]);
            float[] w = l.weight().clone();
            float[] b = l.bias().clone();
            for (int j : plan.perLayer()[h]) {
                java.util.Arrays.fill(w, j * l.in(), (j + 1) * l.in(), 0f);
                b[j] = 0f;
            }
            layers.set(pos[h], new Linear(l.name(), l.in(), l.out(), w, b));
        }
        return new Network(net.inputs(), layers);
    }

    @Test
    void pruningNeuronsGivesTheSameOutputsAsZeroingThem() {
        PruningPlan plan = new PruningPlan(new int[][] {{0, 4, 8}, {2}, {1, 3, 5, 6}});
        Network pruned = Pruner.prune(NET, plan);
        assertThat(pruned.unitCounts()).containsExactly(6, 7, 3);
        float[] got = pruned.logits(X.x(), X.size());
        float[] want = zeroed(NET, plan).logits(X.x(), X.size());
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).isCloseTo(want[i], within(1e-5f * (1 + Math.abs(want[i]))));
        }
    }

    @Test
    void pruningNothingChangesNothing() {
        Network same = Pruner.prune(NET, PruningPlan.none(3));
        assertThat(same.logits(X.x(), X.size())).containsExactly(NET.logits(X.x(), X.size()));
    }

    @Test
    void aLayerThatLosesEveryNeuronStillEvaluatesToTheNextBias() {
        PruningPlan plan = new PruningPlan(new int[][] {{}, {}, {0, 1, 2, 3, 4, 5, 6}});
        Network pruned = Pruner.prune(NET, plan);
        assertThat(pruned.unitCounts()).containsExactly(9, 8, 0);
        float[] logits = pruned.logits(X.x(), X.size());
        float[] bias = ((Linear) NET.layers().get(NET.layers().size() - 1)).bias();
        for (int r = 0; r < X.size(); r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(logits[r * 3 + c]).isEqualTo(bias[c]);
            }
        }
    }

    @Test
    void theOriginalNetworkIsUntouched() {
        float[] before = NET.logits(X.x(), X.size());
        Pruner.prune(NET, new PruningPlan(new int[][] {{1}, {1}, {1}}));
        assertThat(NET.logits(X.x(), X.size())).containsExactly(before);
    }

    @Test
    void planTakesTheLowestOfTheRankingPerLayer() {
        int[] order = {10, 3, 20, 0, 15, 1};
        PruningPlan plan = PruningPlan.lowest(order, new int[] {9, 8, 7}, 4);
        assertThat(plan.perLayer()[0]).containsExactly(0, 3);
        assertThat(plan.perLayer()[1]).containsExactly(1);
        assertThat(plan.perLayer()[2]).containsExactly(3);
        assertThat(plan.globalIndices(new int[] {9, 8, 7})).containsExactly(0, 3, 10, 20);
    }
}
