package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PruningPlanTest {
    @Test
    void perLayerTakesEachLayersLowestInTheGlobalOrder() {
        int[] sizes = {3, 4};
        int[] order = {5, 0, 6, 2, 3, 1, 4}; // layer 1 holds global 3..6
        PruningPlan p = PruningPlan.lowestPerLayer(order, sizes, new int[] {1, 2});
        assertThat(p.perLayer()[0]).containsExactly(0);
        assertThat(p.perLayer()[1]).containsExactly(2, 3); // global 5 and 6, sorted within the layer
        assertThat(p.counts()).containsExactly(1, 2);
    }

    @Test
    void perLayerEqualsTheGlobalPlanOfEachLayerOnItsOwn() {
        Random r = new Random(3);
        int[] sizes = {5, 8, 3};
        for (int trial = 0; trial < 20; trial++) {
            double[][] s = new double[sizes.length][];
            for (int h = 0; h < sizes.length; h++) {
                s[h] = r.doubles(sizes[h]).map(v -> Math.floor(v * 4)).toArray(); // many ties
            }
            int[] counts = {r.nextInt(6), r.nextInt(9), r.nextInt(4)};
            PruningPlan p = PruningPlan.lowestPerLayer(Ranking.ascending(s), sizes, counts);
            for (int h = 0; h < sizes.length; h++) {
                int[] own = Ranking.ascending(new double[][] {s[h]});
                PruningPlan alone = PruningPlan.lowest(own, new int[] {sizes[h]}, counts[h]);
                assertThat(p.perLayer()[h]).as("trial %d layer %d", trial, h).containsExactly(alone.perLayer()[0]);
            }
        }
    }

    @Test
    void aPlanThatRemovesAWholeLayerIsFound() {
        int[] sizes = {2, 3};
        assertThat(PruningPlan.lowest(new int[] {2, 3, 0, 4, 1}, sizes, 3).emptiedLayer(sizes)).isEqualTo(-1);
        assertThat(PruningPlan.lowest(new int[] {2, 3, 4, 0, 1}, sizes, 3).emptiedLayer(sizes)).isEqualTo(1);
        assertThat(PruningPlan.lowest(new int[] {0, 1, 2, 3, 4}, sizes, 2).emptiedLayer(sizes)).isEqualTo(0);
    }

    @Test
    void perLayerCountsMustFitTheirLayers() {
        assertThatThrownBy(() -> PruningPlan.lowestPerLayer(new int[] {0, 1, 2}, new int[] {1, 2}, new int[] {2, 0}))
                .hasMessage("cannot prune 2 of 1 units of layer 0");
    }

    /** The obvious version: remove the lowest unit whose layer has more than {@code keep} left, one at a time. */
    private static boolean[] keepingSlow(int[] order, int[] sizes, int count, int keep) {
        int total = order.length;
        boolean[] gone = new boolean[total];
        for (int removed = 0; removed < count; removed++) {
            for (int g : order) {
                int h = 0;
                int off = 0;
                while (g >= off + sizes[h]) {
                    off += sizes[h++];
                }
                int left = 0;
                for (int j = off; j < off + sizes[h]; j++) {
                    left += gone[j] ? 0 : 1;
                }
                if (!gone[g] && left > keep) {
                    gone[g] = true;
                    break;
                }
            }
        }
        return gone;
    }

    @Test
    void lowestKeepingPassesOverALayersLastUnitsAsTheSlowVersionDoes() {
        Random r = new Random(11);
        int[] sizes = {3, 6, 2};
        for (int trial = 0; trial < 200; trial++) {
            int[] order = Ranking.ascending(new double[][] {r.doubles(3).toArray(), r.doubles(6).toArray(),
                r.doubles(2).toArray()});
            int keep = 1 + r.nextInt(2);
            int count = r.nextInt(11 - 3 * keep + 1);
            PruningPlan p = PruningPlan.lowestKeeping(order, sizes, count, keep);
            boolean[] slow = keepingSlow(order, sizes, count, keep);
            int[] fast = p.globalIndices(sizes);
            assertThat(fast).hasSize(count);
            for (int g : fast) {
                assertThat(slow[g]).isTrue();
            }
            for (int h = 0; h < sizes.length; h++) {
                assertThat(sizes[h] - p.counts()[h]).isGreaterThanOrEqualTo(keep);
            }
        }
        assertThat(PruningPlan.lowestKeeping(new int[] {0, 1, 2, 3, 4}, new int[] {2, 3}, 3, 1).perLayer())
                .isDeepEqualTo(new int[][] {{0}, {0, 1}}); // global 1 would empty layer 0: 2 and 3 instead
        assertThatThrownBy(() -> PruningPlan.lowestKeeping(new int[] {0, 1, 2, 3, 4}, new int[] {2, 3}, 4, 1))
                .hasMessage("cannot prune 4 of 5 units and keep 1 in each of 2 layers");
    }

    @Test
    void plansAreEqualWhenTheyRemoveTheSameUnits() {
        int[] sizes = {3, 2};
        PruningPlan a = PruningPlan.lowest(new int[] {4, 0, 2, 1, 3}, sizes, 3);
        PruningPlan b = new PruningPlan(new int[][] {{0, 2}, {1}});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new PruningPlan(new int[][] {{0, 1}, {1}}));
        assertThat(PruningPlan.none(2)).isEqualTo(new PruningPlan(new int[][] {{}, {}}));
    }
}
