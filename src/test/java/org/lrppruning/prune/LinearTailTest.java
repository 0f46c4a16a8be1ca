package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.MatOps;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Nets;

/** The folded tail names a label only when the float32 forward of the two layers gives that label. */
class LinearTailTest {
    private static float[] gaussian(Random r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * r.nextGaussian());
        }
        return v;
    }

    private static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** The two layers' float32 forward (MatOps' fma chains, then the bias), its argmax per row. */
    private static int[] float32Labels(float[] h, int rows, int k, float[] w, float[] b, int mid, float[] wo, float[] bo,
                                       int classes) {
        float[] h3 = new float[rows * mid];
        MatOps.mulTransB(h, w, b, h3, rows, k, mid);
        float[] z = new float[rows * classes];
        MatOps.mulTransB(h3, wo, bo, z, rows, mid, classes);
        return Network.argmax(z, rows, classes);
    }

    @Test
    void everyCertifiedLabelIsTheFloat32ForwardsAndMostRowsAreCertified() {
        Random r = new Random(11);
        for (int[] shape : new int[][] {{300, 200, 4}, {64, 500, 2}, {1, 1, 3}, {700, 50, 10}}) {
            int k = shape[0];
            int mid = shape[1];
            int classes = shape[2];
            float[] w = gaussian(r, mid * k, 1 / Math.sqrt(k));
            float[] b = gaussian(r, mid, 0.1);
            float[] wo = gaussian(r, classes * mid, 1 / Math.sqrt(mid));
            float[] bo = gaussian(r, classes, 0.1);
            LinearTail tail = LinearTail.of(5, w, k, identity(mid), identity(k), b, wo, bo, classes);
            int rows = 400;
            float[] h = gaussian(r, rows * k, 2);
            for (int i = 0; i < h.length; i++) {
                h[i] = Math.max(h[i], 0f); // after a ReLU: half zeros
            }
            int[] expected = float32Labels(h, rows, k, w, b, mid, wo, bo, classes);
            double[] work = new double[tail.workSize()];
            int certified = 0;
            for (int q = 0; q < rows; q++) {
                int label = tail.certain(h, q * k, work);
                if (label >= 0) {
                    assertThat(label).as("row %d of %s", q, java.util.Arrays.toString(shape)).isEqualTo(expected[q]);
                    certified++;
                }
            }
            assertThat(certified).as("rows certified, %s", java.util.Arrays.toString(shape)).isGreaterThan(rows * 9 / 10);
        }
    }

    @Test
    void classesWhoseLogitsDifferByAboutTheRoundingNeverGetAWrongLabel() {
        Random r = new Random(14);
        int k = 200;
        int mid = 150;
        int rows = 2000;
        for (double gap : new double[] {1e-7, 1e-5, 1e-3, 0.1}) {
            float[] w = gaussian(r, mid * k, 1 / Math.sqrt(k));
            float[] b = gaussian(r, mid, 0.1);
            float[] wo = gaussian(r, 2 * mid, 1 / Math.sqrt(mid));
            for (int i = 0; i < mid; i++) {
                wo[mid + i] = (float) (wo[i] * (1 + gap * r.nextGaussian()));
            }
            LinearTail tail = LinearTail.of(0, w, k, identity(mid), identity(k), b, wo, null, 2);
            float[] h = gaussian(r, rows * k, 1);
            int[] expected = float32Labels(h, rows, k, w, b, mid, wo, null, 2);
            double[] work = new double[tail.workSize()];
            int certified = 0;
            for (int q = 0; q < rows; q++) {
                int label = tail.certain(h, q * k, work);
                if (label >= 0) {
                    assertThat(label).as("gap %s, row %d", gap, q).isEqualTo(expected[q]);
                    certified++;
                }
            }
            // a worst-case bound (n·u per chain), yet it decides rows whose classes differ clearly
            if (gap >= 0.1) {
                assertThat(certified).as("gap %s", gap).isGreaterThan(rows / 2);
            }
        }
    }

    @Test
    void tiesNearTiesAndValuesOutsideTheSafeRangeAreLeftToTheProducts() {
        Random r = new Random(12);
        int k = 40;
        int mid = 30;
        float[] w = gaussian(r, mid * k, 0.2);
        float[] wo = gaussian(r, 3 * mid, 0.2);
        // class 1 is class 0 with one weight a few ulps larger: their logits differ by far less than the rounding
        System.arraycopy(wo, 0, wo, mid, mid);
        wo[mid + 7] = Math.nextUp(Math.nextUp(wo[7]));
        java.util.Arrays.fill(wo, 2 * mid, 3 * mid, 0f);
        float[] bo = {0f, 0f, -1e4f}; // class 2 never wins
        LinearTail tail = LinearTail.of(0, w, k, identity(mid), identity(k), null, wo, bo, 3);
        double[] work = new double[tail.workSize()];
        float[] h = new float[k];
        for (int i = 0; i < k; i++) {
            h[i] = (float) Math.abs(r.nextGaussian());
        }
        assertThat(tail.certain(h, 0, work)).as("near tie").isEqualTo(-1);
        // the exact tie, and the same row with class 1 clearly ahead
        wo[mid + 7] = wo[7];
        assertThat(LinearTail.of(0, w, k, identity(mid), identity(k), null, wo, bo, 3).certain(h, 0, work))
                .as("tie").isEqualTo(-1);
        // the same tie broken by class 1's bias: certified
        assertThat(LinearTail.of(0, w, k, identity(mid), identity(k), null, wo, new float[] {0f, 0.5f, -1e4f}, 3)
                .certain(h, 0, work)).as("bias ahead").isEqualTo(1);
        // NaN, an infinity and values whose sums could overflow in float32
        LinearTail t = LinearTail.of(0, w, k, identity(mid), identity(k), null, wo, new float[] {0f, 0.5f, -1e4f}, 3);
        for (float odd : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1e37f}) {
            float[] bad = h.clone();
            bad[3] = odd;
            assertThat(t.certain(bad, 0, work)).as("h holds %s", odd).isEqualTo(-1);
        }
    }

    @Test
    void thePaperNetworkHasATailOnlyWithoutItsThirdReluAndItsLabelsStayThePrunedNetworks() {
        Random r = new Random(13);
        int n = 300;
        float[] xy = new float[2 * n];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = (float) r.nextGaussian();
        }
        for (Network net : List.of(Nets.paperShaped(21, 60, 50, 40, 4, false), Nets.paperShaped(22, 60, 50, 40, 4, true))) {
            PrunedForward fast = PrunedForward.of(net);
            PruningPlan plan = PruningPlan.lowest(identity(net.unitTotal()), net.unitCounts(), 50);
            PrunedForward.Prepared p = fast.prepare(plan);
            boolean relu = net.layers().size() == 8;
            assertThat(p.tail() == null).as("no tail after a ReLU").isEqualTo(relu);
            assertThat(p.predict(xy, n, 2)).containsExactly(Pruner.prune(net, plan).predict(xy, n, 1));
        }
    }
}
