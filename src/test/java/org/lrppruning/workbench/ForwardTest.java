package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/**
 * The reuse of the unpruned pass and of recent plans' passes gives the pruned network's own logits, bit for bit,
 * for every kind of plan and for a drag of the slider there and back.
 */
class ForwardTest {
    @Test
    void slicedCachedActivationsGiveThePrunedNetworksLogitsBitForBit() {
        for (PrunableUnits units : new PrunableUnits[] {PrunableUnits.DEFAULT, PrunableUnits.ALL}) {
            for (boolean bn : new boolean[] {true, false}) {
                Network net = Cnns.small(3, bn, units);
                Random r = new Random(5);
                int n = 300; // more than one batch
                LabeledData d = new LabeledData(Cnns.uniform(r, n * 144, -1, 1), new int[] {2, 9, 8},
                        r.ints(n, 0, 3).toArray());
                Forward f = new Forward(net, d, 2, Forward.CACHE_VALUES);
                Forward none = new Forward(net, d, 1, 0); // no cache: the whole network runs
                assertThat(f.correctBefore()).isEqualTo(Accuracy.correct(net, d, 1, null));
                int[] sizes = net.unitCounts();
                int[] order = r.ints(0, net.unitTotal()).distinct().limit(net.unitTotal()).toArray();
                for (int trial = 0; trial < 12; trial++) {
                    int[] counts = new int[sizes.length];
                    for (int h = 0; h < sizes.length; h++) {
                        // some layers untouched, so every start (first, middle, last set) is taken
                        counts[h] = r.nextInt(3) == 0 ? 0 : r.nextInt(sizes[h]);
                    }
                    PruningPlan plan = PruningPlan.lowestPerLayer(order, sizes, counts);
                    Network p = Pruner.prune(net, plan);
                    float[] got = f.logits(p, plan);
                    assertThat(got).as("plan %s", java.util.Arrays.deepToString(plan.perLayer()))
                            .containsExactly(p.logits(d.x(), n, 1));
                    int expected = Accuracy.correct(p, d, 1, null);
                    assertThat(f.correct(p, plan)).isEqualTo(expected);
                    assertThat(none.correct(p, plan)).isEqualTo(expected);
                }
                // a drag of the slider there and back: each plan starts from the previous one's snapshot
                int total = net.unitTotal();
                for (int step = 0; step < 2 * total - 2; step++) {
                    int k = step < total ? step : 2 * total - 2 - step;
                    PruningPlan plan = PruningPlan.lowest(order, sizes, k);
                    if (plan.emptiedLayer(sizes) >= 0) {
                        continue;
                    }
                    Network p = Pruner.prune(net, plan);
                    assertThat(f.logits(p, plan)).as("drag at %d", k).containsExactly(p.logits(d.x(), n, 1));
                }
            }
        }
    }
}
