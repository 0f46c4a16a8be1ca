package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Nets;

/** Labels from the second layer's sums minus the removed units' terms are the pruned float32 network's. */
class SecondLayerTest {
    private static int[] kept(int[] removed, int units) {
        boolean[] gone = new boolean[units];
        for (int j : removed) {
            gone[j] = true;
        }
        return java.util.stream.IntStream.range(0, units).filter(j -> !gone[j]).toArray();
    }

    /** Certified rows against the physically pruned network; returns how many rows were certified. */
    private static int certified(Network net, PruningPlan plan, float[] xy, int n) {
        PrunedForward fast = PrunedForward.of(net);
        PrunedForward.Groups g = PrunedForward.group(xy, n, 2);
        PrunedForward.Unpruned u = fast.unpruned(g, true, 1);
        assertThat(fast.unpruned(g, 1).second()).as("no sums unless asked").isNull();
        assertThat(u.second()).as("sums kept for the toy's shape").isNotNull();
        assertThat(u.bytes()).as("bytes held, as announced").isEqualTo(fast.unprunedBytes(n) + fast.sumsBytes(n));
        PrunedForward.Prepared prepared = fast.prepare(plan);
        int p = net.prunablePositions()[1];
        Linear l = (Linear) net.layer(p);
        SecondLayer.Run run = u.second().new Run(prepared.tail(), l.weight(), l.in(), plan.perLayer()[0],
                kept(plan.perLayer()[1], l.out()));
        int[] expected = Pruner.prune(net, plan).predict(g.x(), n, 1);
        SecondLayer.Scratch scratch = run.scratch();
        int count = 0;
        for (int r = 0; r < n; r++) {
            int label = run.certain(r, u.input(p), r * l.in(), scratch);
            if (label >= 0) {
                assertThat(label).as("grouped row %d", r).isEqualTo(expected[r]);
                count++;
            }
        }
        assertThat(prepared.predict(u, 2)).containsExactly(Pruner.prune(net, plan).predict(xy, n, 1));
        return count;
    }

    private static float[] points(Random r, int n, double scale) {
        float[] xy = new float[2 * n];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = (float) (scale * r.nextGaussian());
        }
        return xy;
    }

    @Test
    void mostRowsAreCertifiedAndEveryCertifiedLabelIsThePrunedNetworks() {
        Random r = new Random(41);
        int n = 600;
        Network net = Nets.paperShaped(41, 80, 70, 60, 4, false);
        for (int count : new int[] {0, 30, 100, 180}) {
            int[] order = java.util.stream.IntStream.range(0, net.unitTotal()).toArray();
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            PruningPlan plan = PruningPlan.lowest(order, net.unitCounts(), count);
            assertThat(certified(net, plan, points(r, n, 1.5), n)).as("%d pruned", count).isGreaterThan(n * 8 / 10);
        }
    }

    @Test
    void classesWhoseLogitsNearlyTieAreNeverGivenAWrongLabel() {
        Random r = new Random(42);
        int n = 800;
        Network base = Nets.paperShaped(42, 60, 60, 40, 2, false);
        List<Layer> layers = new ArrayList<>(base.layers());
        int o = layers.size() - 1;
        Linear out = (Linear) layers.get(o);
        for (double gap : new double[] {1e-6, 1e-4, 1e-2}) {
            float[] w = out.weight().clone();
            for (int i = 0; i < out.in(); i++) {
                w[out.in() + i] = (float) (w[i] * (1 + gap * r.nextGaussian()));
            }
            layers.set(o, new Linear(out.name(), out.in(), out.out(), w, new float[] {0f, 0f}));
            Network net = new Network(2, layers);
            PruningPlan plan = PruningPlan.lowest(java.util.stream.IntStream.range(0, net.unitTotal()).toArray(),
                    net.unitCounts(), 40);
            int c = certified(net, plan, points(r, n, 1.0), n);
            if (gap >= 1e-2) {
                assertThat(c).as("rows certified where the classes differ by 1 %").isPositive();
            }
        }
    }
}
