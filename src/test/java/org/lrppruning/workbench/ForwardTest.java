package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
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
    void aStageDroppedWhileAPassSlicesItKeepsItsArrayUntilThePassIsDone() throws Exception {
        Network net = Cnns.small(9, true, PrunableUnits.ALL);
        Random r = new Random(10);
        int n = 3 * Forward.ROWS;
        LabeledData d = new LabeledData(Cnns.uniform(r, n * 144, -1, 1), new int[] {2, 9, 8}, r.ints(n, 0, 3).toArray());
        // one thread: a pass's batches run on its caller; room for one stage
        Forward f = new Forward(net, d, 1, Forward.CACHE_VALUES, (long) n * net.width(net.prunablePositions()[1] + 1));
        int[] sizes = net.unitCounts();
        int[] order = rotated(net.unitTotal(), 0); // the first layer's units come first: 0, 1, 2, ...
        f.prepare(order); // the stage of unit 0 of the first layer removed
        int[] counts = new int[sizes.length];
        counts[0] = 1;
        counts[1] = 1; // first-layer unit 1 and a unit of the second layer: the pass starts at the stage
        PruningPlan plan = PruningPlan.lowestPerLayer(order, sizes, counts);
        Network p = Pruner.prune(net, plan);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        int[] batches = {0};
        f.beforeBatch = () -> {
            if (Thread.currentThread().getName().equals("reader") && batches[0]++ == 1) {
                held.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        PruningPlan reading = plan;
        float[][] got = new float[1][];
        Thread reader = new Thread(() -> got[0] = f.logits(p, reading), "reader");
        reader.start();
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        f.prepare(rotated(net.unitTotal(), 1)); // drops the stage being read for unit 1's
        f.prepare(rotated(net.unitTotal(), 2)); // unit 2's, in the dropped stage's array only if no pass reads it
        resume.countDown();
        reader.join(30_000);
        assertThat(got[0]).containsExactly(p.logits(d.x(), n, 1));
    }

    /** 0..total − 1 rotated to start at {@code k}. */
    private static int[] rotated(int total, int k) {
        int[] o = new int[total];
        for (int i = 0; i < total; i++) {
            o[i] = (k + i) % total;
        }
        return o;
    }

    @Test
    void plansEvaluatedAtOnceFromSeveralThreadsWhileStagesComeAndGoShareTheirArraysSafely() throws Exception {
        Network net = Cnns.small(7, true, PrunableUnits.ALL);
        Random r = new Random(8);
        int n = 260;
        LabeledData d = new LabeledData(Cnns.uniform(r, n * 144, -1, 1), new int[] {2, 9, 8}, r.ints(n, 0, 3).toArray());
        // room for two stages of the first layer's five units: readying two orders drops and reuses them
        Forward f = new Forward(net, d, 2, Forward.CACHE_VALUES, 2L * n * net.width(net.prunablePositions()[1] + 1));
        int[] sizes = net.unitCounts();
        int[] order = r.ints(0, net.unitTotal()).distinct().limit(net.unitTotal()).toArray();
        int[] other = r.ints(0, net.unitTotal()).distinct().limit(net.unitTotal()).toArray();
        f.prepare(order);
        List<PruningPlan> plans = new ArrayList<>();
        for (int k = 1; k < net.unitTotal(); k++) {
            PruningPlan plan = PruningPlan.lowest(order, sizes, k);
            if (plan.emptiedLayer(sizes) < 0) {
                plans.add(plan);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> checks = new ArrayList<>();
            checks.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    f.prepare(i % 2 == 0 ? other : order); // a page readying its settings in turn
                }
                return "same";
            }));
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
