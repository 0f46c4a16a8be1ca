package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/**
 * The reuse of the unpruned pass, of recent plans' passes and of the first layer's stages gives the pruned network's own
 * logits, bit for bit, for every kind of plan, for a drag of the slider there and back, and for plans evaluated from
 * several threads at once.
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
                assertThat(none.correctBefore()).isEqualTo(f.correctBefore());
                int[] sizes = net.unitCounts();
                int[] order = r.ints(0, net.unitTotal()).distinct().limit(net.unitTotal()).toArray();
                Forward staged = new Forward(net, d, 2, Forward.CACHE_VALUES);
                staged.prepare(order); // plans over this order start past the second prunable layer
                for (int trial = 0; trial < 12; trial++) {
                    int[] counts = new int[sizes.length];
                    for (int h = 0; h < sizes.length; h++) {
                        // some layers untouched, so every start (first, middle, last set) is taken
                        counts[h] = r.nextInt(3) == 0 ? 0 : r.nextInt(sizes[h]);
                    }
                    PruningPlan plan = PruningPlan.lowestPerLayer(order, sizes, counts);
                    Network p = Pruner.prune(net, plan);
                    float[] whole = p.logits(d.x(), n, 1);
                    assertThat(f.logits(p, plan)).as("plan %s", Arrays.deepToString(plan.perLayer()))
                            .containsExactly(whole);
                    assertThat(staged.logits(p, plan)).as("staged plan %s", Arrays.deepToString(plan.perLayer()))
                            .containsExactly(whole);
                    assertThat(none.logits(p, plan)).containsExactly(whole);
                    int expected = Accuracy.correct(p, d, 1, null);
                    assertThat(f.correct(p, plan)).isEqualTo(expected);
                    assertThat(none.correct(p, plan)).isEqualTo(expected);
                }
                // the plans of the order itself, global and per layer: each starts at a stage
                for (int k = 1; k < net.unitTotal(); k += 2) {
                    int[] counts = new int[sizes.length];
                    Arrays.fill(counts, k % 3);
                    for (PruningPlan plan : List.of(PruningPlan.lowest(order, sizes, k),
                            PruningPlan.lowestPerLayer(order, sizes, counts))) {
                        if (plan.emptiedLayer(sizes) < 0) {
                            Network p = Pruner.prune(net, plan);
                            assertThat(staged.logits(p, plan)).as("staged %s", Arrays.deepToString(plan.perLayer()))
                                    .containsExactly(p.logits(d.x(), n, 1));
                        }
                    }
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
                    float[] whole = p.logits(d.x(), n, 1);
                    assertThat(f.logits(p, plan)).as("drag at %d", k).containsExactly(whole);
                    assertThat(staged.logits(p, plan)).as("staged drag at %d", k).containsExactly(whole);
                }
            }
        }
    }

    @Test
    void plansEvaluatedAtOnceFromSeveralThreadsShareSnapshotsAndStagesSafely() throws Exception {
        Network net = Cnns.small(7, true, PrunableUnits.ALL);
        Random r = new Random(8);
        int n = 260;
        LabeledData d = new LabeledData(Cnns.uniform(r, n * 144, -1, 1), new int[] {2, 9, 8}, r.ints(n, 0, 3).toArray());
        Forward f = new Forward(net, d, 2, Forward.CACHE_VALUES);
        int[] sizes = net.unitCounts();
        int[] order = r.ints(0, net.unitTotal()).distinct().limit(net.unitTotal()).toArray();
        f.prepare(order);
        List<PruningPlan> plans = new ArrayList<>();
        for (int k = 1; k < net.unitTotal(); k++) {
            PruningPlan plan = PruningPlan.lowest(order, sizes, k);
            if (plan.emptiedLayer(sizes) < 0) {
                plans.add(plan);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> checks = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                List<PruningPlan> mine = new ArrayList<>(plans);
                Collections.shuffle(mine, new Random(t));
                checks.add(pool.submit(() -> {
                    for (PruningPlan plan : mine) {
                        Network p = Pruner.prune(net, plan);
                        if (!Arrays.equals(f.logits(p, plan), p.logits(d.x(), n, 1))) {
                            return "differs: " + Arrays.deepToString(plan.perLayer());
                        }
                    }
                    return "same";
                }));
            }
            for (Future<String> c : checks) {
                assertThat(c.get(60, TimeUnit.SECONDS)).isEqualTo("same");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
