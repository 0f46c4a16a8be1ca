package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.testutil.Cnns;

/**
 * Removing conv filters and Linear units physically gives the outputs of the unpruned network with those
 * units' outputs zeroed after their BatchNorm (the fixtures' {@code channel} mode): the same bits.
 */
class CnnPrunerTest {
    private static final int N = 5;

    /**
     * Evaluation forward of the unpruned network with channels zeroed: {@code zero} maps a layer position
     * to the channels (first axis) set to 0 in its output.
     */
    private static float[] zeroedForward(Network net, float[] x, Map<Integer, int[]> zero) {
        float[] a = x;
        for (int i = 0; i < net.layers().size(); i++) {
            a = net.layer(i).forward(a, N, net.shape(i), 1);
            int[] channels = zero.get(i);
            if (channels != null) {
                a = a.clone();
                int[] shape = net.shape(i + 1);
                int inner = net.width(i + 1) / shape[0];
                for (int s = 0; s < N; s++) {
                    for (int c : channels) {
                        java.util.Arrays.fill(a, (s * shape[0] + c) * inner, (s * shape[0] + c + 1) * inner, 0f);
                    }
                }
            }
        }
        return a;
    }

    private static float[] input(Network net) {
        return Cnns.uniform(new Random(2), N * net.inputs(), -1, 1);
    }

    @Test
    void removedFiltersEqualChannelsZeroedAfterBatchNorm() {
        Network net = Cnns.small(1, true, PrunableUnits.DEFAULT);
        assertThat(net.prunablePositions()).containsExactly(0, 4);
        PruningPlan plan = new PruningPlan(new int[][] {{1, 3}, {2}});
        Network pruned = Pruner.prune(net, plan);
        assertThat(pruned.unitCounts()).containsExactly(3, 3);
        assertThat(((BatchNorm) pruned.layer(1)).channels()).isEqualTo(3);
        assertThat(((Linear) pruned.layer(8)).in()).isEqualTo(27);
        float[] x = input(net);
        assertThat(pruned.logits(x, N)).containsExactly(zeroedForward(net, x, Map.of(1, new int[] {1, 3}, 5, new int[] {2})));
    }

    @Test
    void removedFiltersWithoutBatchNormEqualZeroedConvOutputs() {
        Network net = Cnns.small(2, false, PrunableUnits.DEFAULT);
        PruningPlan plan = new PruningPlan(new int[][] {{0, 4}, {1, 3}});
        float[] x = input(net);
        assertThat(Pruner.prune(net, plan).logits(x, N))
                .containsExactly(zeroedForward(net, x, Map.of(0, new int[] {0, 4}, 3, new int[] {1, 3})));
    }

    @Test
    void withAllUnitsTheHiddenLinearNeuronsGoToo() {
        Network net = Cnns.small(3, true, PrunableUnits.ALL);
        assertThat(net.prunablePositions()).containsExactly(0, 4, 8);
        PruningPlan plan = new PruningPlan(new int[][] {{2}, {0, 1}, {0, 4}});
        Network pruned = Pruner.prune(net, plan);
        assertThat(pruned.unitCounts()).containsExactly(4, 2, 4);
        assertThat(pruned.units()).isEqualTo(PrunableUnits.ALL);
        float[] x = input(net);
        assertThat(pruned.logits(x, N)).containsExactly(
                zeroedForward(net, x, Map.of(1, new int[] {2}, 5, new int[] {0, 1}, 8, new int[] {0, 4})));
    }

    @Test
    void flattenMapsAChannelToItsBlockOfLinearColumns() {
        Network net = Cnns.small(4, false, PrunableUnits.DEFAULT);
        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{}, {1}}));
        Linear before = (Linear) net.layer(6);
        Linear after = (Linear) pruned.layer(6);
        assertThat(after.in()).isEqualTo(27);
        int[] kept = {0, 2, 3};
        for (int j = 0; j < before.out(); j++) {
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 9; p++) {
                    assertThat(after.w(j, c * 9 + p)).isEqualTo(before.w(j, kept[c] * 9 + p));
                }
            }
        }
        assertThat(after.bias()).containsExactly(before.bias());
    }

    @Test
    void globalAveragePoolingMapsAChannelToOneColumn() {
        Network net = Cnns.gap(5);
        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{0, 2}}));
        assertThat(((Linear) pruned.layer(3)).in()).isEqualTo(2);
        float[] x = input(net);
        assertThat(pruned.logits(x, N)).containsExactly(zeroedForward(net, x, Map.of(0, new int[] {0, 2})));
    }

    @Test
    void aConvThatLosesEveryFilterLeavesTheNextLayersBias() {
        Network net = Cnns.small(6, true, PrunableUnits.DEFAULT);
        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{}, {0, 1, 2, 3}}));
        assertThat(pruned.unitCounts()).containsExactly(5, 0);
        float[] x = input(net);
        assertThat(pruned.logits(x, N)).containsExactly(zeroedForward(net, x, Map.of(5, new int[] {0, 1, 2, 3})));
    }

    @Test
    void parametersAndMacsShrinkWithTheUnits() {
        Network net = Cnns.small(7, true, PrunableUnits.DEFAULT);
        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{1}, {}}));
        // one filter of conv0: 2·3·3 weights + bias, its BN entries (4), conv1's input channel (4·2·2)
        assertThat(net.parameterCount() - pruned.parameterCount()).isEqualTo(19 + 4 + 16);
        long convMacs = 18L * 9 * 8;   // one filter over 9×8 positions
        long nextMacs = 4L * 4 * 3 * 3; // conv1's input channel: 4 filters × 2×2 taps × 3×3 positions
        assertThat(net.macs() - pruned.macs()).isEqualTo(convMacs + nextMacs);
        long sum = 0;
        for (Layer l : net.layers()) {
            for (Layer.Param p : l.parameters()) {
                sum += p.data().length;
            }
        }
        assertThat(net.parameterCount()).isEqualTo(sum);
    }

    @Test
    void aUnitOutOfRangeIsNamedWithItsLayer() {
        Network net = Cnns.small(8, true, PrunableUnits.DEFAULT);
        assertThatThrownBy(() -> Pruner.prune(net, new PruningPlan(new int[][] {{5}, {}})))
                .hasMessage("features.0: unit 5 out of range 0..4");
        Affine first = net.prunable(0);
        assertThat(first.units()).isEqualTo(5);
    }
}
