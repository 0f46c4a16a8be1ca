package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Nets;

/** Leaving out inputs that are zero in every row changes no bit of the logits. */
class PredictRegionTest {

    /** n points in a square of side {@code size} around (cx, cy). */
    private static float[] points(Random r, int n, double cx, double cy, double size) {
        float[] xy = new float[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = (float) (cx + size * (r.nextDouble() - 0.5));
            xy[2 * i + 1] = (float) (cy + size * (r.nextDouble() - 0.5));
        }
        return xy;
    }

    private static void assertSameLogits(Network net, float[] xy, int n, String what) {
        float[] dense = net.logits(xy, n, 1);
        for (int threads : new int[] {1, 2}) {
            float[] region = net.regionLogits(xy, n, threads);
            assertThat(region).as(what + ", " + threads + " threads").hasSameSizeAs(dense);
            for (int i = 0; i < dense.length; i++) {
                // a NaN's sign and payload are not specified by Java's arithmetic (and differ between the
                // interpreter and compiled vector code), so NaN must meet NaN; every other value bit for bit
                if (Float.isNaN(dense[i])) {
                    assertThat(region[i]).as(what + " logit " + i).isNaN();
                } else {
                    assertThat(Float.floatToRawIntBits(region[i])).as(what + " logit " + i)
                            .isEqualTo(Float.floatToRawIntBits(dense[i]));
                }
            }
        }
        assertThat(net.predictRegion(xy, n, 2)).as(what).containsExactly(net.predict(xy, n, 1));
    }

    @Test
    void smallRegionsWideSpreadsAndBothArchitecturesGiveTheDenseBits() {
        Random r = new Random(11);
        List<Network> nets = List.of(Nets.paperShaped(1, 64, 48, 40, 4, false), Nets.paperShaped(2, 64, 48, 40, 2, true),
                Nets.paperShaped(3, 30, 70, 20, 3, false));
        for (Network net : nets) {
            for (double size : new double[] {0.001, 0.05, 0.5, 5}) {
                for (int n : new int[] {1, 7, 300}) {
                    assertSameLogits(net, points(r, n, 2 * r.nextDouble() - 1, 2 * r.nextDouble() - 1, size), n,
                            "size " + size + ", n " + n);
                }
            }
        }
    }

    /** The paper-shaped net with first-layer neuron {@code dead} always off (bias far below any input's reach). */
    private static Network withDeadNeuron(Network net, int dead, float weightAfter) {
        Linear l1 = ((Linear) net.prunable(0));
        float[] b1 = l1.bias().clone();
        b1[dead] = -1e6f;
        Linear l2 = ((Linear) net.prunable(1));
        float[] w2 = l2.weight().clone();
        w2[3 * l2.in() + dead] = weightAfter; // row 3 reads the dead neuron
        List<Layer> layers = new ArrayList<>(net.layers());
        layers.set(net.prunablePositions()[0], new Linear(l1.name(), l1.in(), l1.out(), l1.weight(), b1));
        layers.set(net.prunablePositions()[1], new Linear(l2.name(), l2.in(), l2.out(), w2, l2.bias()));
        return new Network(net.inputs(), layers);
    }

    @Test
    void aWeightThatIsNotFiniteBehindAZeroInputIsNotLeftOutSinceZeroTimesInfinityIsNaN() {
        Random r = new Random(12);
        Network base = Nets.paperShaped(4, 32, 32, 32, 4, false);
        float[] xy = points(r, 50, 0.2, -0.1, 0.01);
        for (float odd : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3f}) {
            Network net = withDeadNeuron(base, 5, odd);
            assertSameLogits(net, xy, 50, "weight " + odd);
        }
        assertThat(Float.isNaN(withDeadNeuron(base, 5, Float.NaN).logits(xy, 50, 1)[0])).as("NaN reaches the logits")
                .isTrue();
    }

    @Test
    void aLayerWhoseInputsAreAllZeroGivesItsBias() {
        Network base = Nets.paperShaped(5, 16, 16, 16, 2, false);
        Linear l1 = ((Linear) base.prunable(0));
        float[] b1 = new float[l1.out()];
        java.util.Arrays.fill(b1, -1e6f);
        Network net = base.with(base.prunablePositions()[0], new Linear(l1.name(), l1.in(), l1.out(), l1.weight(), b1));
        assertSameLogits(net, points(new Random(13), 20, 0, 0, 1), 20, "all inputs of layer 2 zero");
    }
}
