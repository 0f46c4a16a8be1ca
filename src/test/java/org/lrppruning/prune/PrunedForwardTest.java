package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Nets;

/** The fast pruned forward gives the labels and logits of the physically pruned network, bit for bit. */
class PrunedForwardTest {

    /** Training-set-like points (two clusters), a grid and a few far-off points: the playground's mix. */
    private static float[] points(Random r, int n) {
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            double x;
            double y;
            if (u < 0.4) {
                x = 0.6 + 0.2 * r.nextGaussian();
                y = -0.3 + 0.1 * r.nextGaussian();
            } else if (u < 0.95) {
                x = -1.5 + 3.0 * (i % 37) / 36;
                y = -1.5 + 3.0 * (i / 37 % 29) / 28;
            } else {
                x = 8 * r.nextGaussian();
                y = 8 * r.nextGaussian();
            }
            xy[2 * i] = (float) x;
            xy[2 * i + 1] = (float) y;
        }
        return xy;
    }

    private static PruningPlan randomPlan(Random r, int[] sizes, int count) {
        int total = Arrays.stream(sizes).sum();
        List<Integer> all = new ArrayList<>();
        for (int g = 0; g < total; g++) {
            all.add(g);
        }
        java.util.Collections.shuffle(all, r);
        return PruningPlan.lowest(all.stream().mapToInt(Integer::intValue).toArray(), sizes, count);
    }

    /** A plan that removes every unit of layer h (and nothing else). */
    private static PruningPlan wholeLayer(int[] sizes, int h) {
        int[][] per = new int[sizes.length][0];
        per[h] = java.util.stream.IntStream.range(0, sizes[h]).toArray();
        return new PruningPlan(per);
    }

    private static void assertLikePruner(Network net, PruningPlan plan, float[] xy, int n, String what) {
        Network pruned = Pruner.prune(net, plan);
        float[] expected = pruned.logits(xy, n, 1);
        PrunedForward fast = PrunedForward.of(net);
        PrunedForward.Groups g = PrunedForward.group(xy, n, 2);
        int k = net.classes();
        for (int threads : new int[] {1, 2}) {
            float[] grouped = fast.logits(plan, g, threads);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < k; c++) {
                    int i = g.rows()[r] * k + c;
                    float v = grouped[r * k + c];
                    // a NaN's sign and payload are not specified (interpreter and vector code differ): NaN meets NaN
                    boolean same = Float.isNaN(expected[i]) ? Float.isNaN(v)
                            : Float.floatToRawIntBits(v) == Float.floatToRawIntBits(expected[i]);
                    if (!same) {
                        throw new AssertionError(what + ", " + threads + " threads: logit " + c + " of point "
                                + g.rows()[r] + " is " + grouped[r * k + c] + ", expected " + expected[i]);
                    }
                }
            }
            assertThat(fast.predict(plan, g, threads)).as(what).containsExactly(pruned.predict(xy, n, 1));
            // rows started from the unpruned inputs where the removed units are zero: the same logits
            PrunedForward.Unpruned u = fast.unpruned(g, threads);
            assertThat(u.labels()).as(what + ", unpruned").containsExactly(net.predict(xy, n, 1));
            float[] reused = fast.logits(plan, u, threads);
            for (int r = 0; r < n * k; r++) {
                float e = expected[g.rows()[r / k] * k + r % k];
                boolean same = Float.isNaN(e) ? Float.isNaN(reused[r])
                        : Float.floatToRawIntBits(reused[r]) == Float.floatToRawIntBits(e);
                if (!same) {
                    throw new AssertionError(what + ", reusing the unpruned inputs, " + threads + " threads: logit "
                            + r % k + " of point " + g.rows()[r / k] + " is " + reused[r] + ", expected " + e);
                }
            }
            // one preparation of the plan labels both kinds of point sets as the pruned network does
            PrunedForward.Prepared once = fast.prepare(plan);
            assertThat(once.predict(g, threads)).as(what + ", prepared").containsExactly(pruned.predict(xy, n, 1));
            assertThat(once.predict(u, threads)).as(what + ", prepared, unpruned inputs")
                    .containsExactly(pruned.predict(xy, n, 1));
            // with the second layer's sums (toy-shaped networks): certified labels, the rest by the products
            PrunedForward.Unpruned sums = fast.unpruned(g, true, threads);
            assertThat(fast.prepare(plan).predict(sums, threads)).as(what + ", second layer's sums")
                    .containsExactly(pruned.predict(xy, n, 1));
        }
    }

    /**
     * A plan that removes, per layer, the {@code count} units that are zero at the most points (so that many
     * rows start from the unpruned inputs of a later layer).
     */
    private static PruningPlan mostlyZero(Network net, float[] xy, int n, int count) {
        org.lrppruning.model.Trace t = net.trace(xy, n);
        int[] lin = java.util.stream.IntStream.range(0, net.layers().size())
                .filter(i -> net.layer(i) instanceof Linear).toArray();
        int[][] per = new int[net.prunableCount()][];
        for (int h = 0; h < per.length; h++) {
            float[] in = t.input(lin[h + 1]);
            int w = ((Linear) net.layer(lin[h + 1])).in();
            Integer[] units = new Integer[w];
            int[] zeros = new int[w];
            for (int j = 0; j < w; j++) {
                units[j] = j;
                for (int r = 0; r < n; r++) {
                    zeros[j] += in[r * w + j] == 0f ? 1 : 0;
                }
            }
            Arrays.sort(units, (a, b) -> zeros[b] != zeros[a] ? zeros[b] - zeros[a] : a - b);
            per[h] = Arrays.stream(units).limit(count).mapToInt(Integer::intValue).sorted().toArray();
        }
        return new PruningPlan(per);
    }

    @Test
    void rowsWhoseRemovedUnitsAreZeroStartLaterAndGiveThePrunedNetworksLogits() {
        Random r = new Random(7);
        int n = 400;
        float[] xy = points(r, n);
        for (Network net : List.of(Nets.paperShaped(8, 50, 50, 50, 3, false), Nets.paperShaped(9, 40, 60, 30, 2, true))) {
            for (int count : new int[] {1, 3, 8, 20}) {
                assertLikePruner(net, mostlyZero(net, xy, n, count), xy, n, net + ", " + count + " mostly-zero units per layer");
            }
        }
    }

    @Test
    void everyPruneCountOfBothArchitecturesGivesThePrunedNetworksLogits() {
        Random r = new Random(1);
        int n = 500;
        float[] xy = points(r, n);
        for (Network net : List.of(Nets.paperShaped(3, 60, 50, 40, 3, false), Nets.paperShaped(4, 40, 70, 30, 2, true))) {
            int[] sizes = net.unitCounts();
            int total = net.unitTotal();
            for (int count : new int[] {0, 1, 17, total / 3, total / 2, total - 25, total - 1, total}) {
                assertLikePruner(net, randomPlan(r, sizes, count), xy, n, net + ", " + count + " pruned");
            }
            for (int h = 0; h < sizes.length; h++) {
                assertLikePruner(net, wholeLayer(sizes, h), xy, n, net + ", all of layer " + h);
            }
        }
    }

    @Test
    void pointSetsOfAnySizeAndWeightsThatAreNotFiniteGiveThePrunedNetworksLogits() {
        Random r = new Random(2);
        Network base = Nets.paperShaped(5, 30, 30, 30, 3, false);
        for (int n : new int[] {1, 5, 6, 7, 97, 200}) {
            assertLikePruner(base, randomPlan(r, base.unitCounts(), 20), points(r, n), n, n + " points");
        }
        // a first-layer neuron that is always off, read through a weight that is not finite: NaN, never left out
        List<Layer> layers = new ArrayList<>(base.layers());
        Linear l1 = (Linear) base.prunable(0);
        float[] b1 = l1.bias().clone();
        b1[5] = -1e6f;
        layers.set(0, new Linear(l1.name(), l1.in(), l1.out(), l1.weight(), b1));
        Linear l2 = (Linear) base.prunable(1);
        for (float odd : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] w2 = l2.weight().clone();
            w2[3 * l2.in() + 5] = odd;
            layers.set(base.prunablePositions()[1], new Linear(l2.name(), l2.in(), l2.out(), w2, l2.bias()));
            Network net = new Network(2, layers);
            int n = 60;
            float[] xy = points(r, n);
            assertThat(Float.isNaN(net.logits(xy, n, 1)[0])).as("NaN reaches the logits").isTrue();
            assertLikePruner(net, new PruningPlan(new int[][] {{0, 1}, {7}, {}}), xy, n, "weight " + odd);
        }
    }

    @Test
    void groupingIsAPermutationThatPutsNeighboursIntoTheSameTile() {
        int side = 30;
        float[] xy = new float[2 * side * side];
        for (int i = 0; i < side * side; i++) {
            xy[2 * i] = i % side;
            xy[2 * i + 1] = i / side;
        }
        PrunedForward.Groups g = PrunedForward.group(xy, side * side, 2);
        assertThat(Arrays.stream(g.rows()).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, side * side).toArray());
        for (int r = 0; r < g.size(); r++) {
            assertThat(g.x()[2 * r]).isEqualTo(xy[2 * g.rows()[r]]);
            assertThat(g.x()[2 * r + 1]).isEqualTo(xy[2 * g.rows()[r] + 1]);
        }
        // every tile of six grid points spans a few steps at most (an unordered tile would span the grid)
        for (int t = 0; t + 6 <= g.size(); t += 6) {
            float[] lo = {Float.MAX_VALUE, Float.MAX_VALUE};
            float[] hi = {-Float.MAX_VALUE, -Float.MAX_VALUE};
            for (int r = t; r < t + 6; r++) {
                for (int d = 0; d < 2; d++) {
                    lo[d] = Math.min(lo[d], g.x()[2 * r + d]);
                    hi[d] = Math.max(hi[d], g.x()[2 * r + d]);
                }
            }
            assertThat((hi[0] - lo[0]) + (hi[1] - lo[1])).as("tile at row " + t).isLessThanOrEqualTo(6);
        }
        assertThat(PrunedForward.group(xy, side * side, 2).rows()).as("deterministic").isEqualTo(g.rows());
    }

    @Test
    void onlyMlpsOfLinearReluAndDropoutAreSupported() {
        Network mlp = Nets.paperShaped(6, 8, 8, 8, 2, true);
        assertThat(PrunedForward.supports(mlp)).isTrue();
        List<Layer> layers = new ArrayList<>(mlp.layers());
        layers.add(1, new BatchNorm("bn", fill(8, 1f), new float[8], new float[8], fill(8, 1f), 1e-5));
        Network withNorm = new Network(2, layers);
        assertThat(PrunedForward.supports(withNorm)).isFalse();
        assertThatThrownBy(() -> PrunedForward.of(withNorm)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an MLP");
        assertThatThrownBy(() -> PrunedForward.of(mlp).predict(new PruningPlan(new int[][] {{}}),
                PrunedForward.group(new float[2], 1, 2), 1)).hasMessageContaining("plan has 1 layers");
    }

    private static float[] fill(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
