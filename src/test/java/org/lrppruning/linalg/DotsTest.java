package org.lrppruning.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** MatOps.dots against a float64 triple loop and against its documented float order; thread invariance. */
class DotsTest {
    private static final Random R = new Random(17);

    private static float[] random(int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (2 * R.nextDouble() - 1);
        }
        return v;
    }

    /** The documented order written out: lane chains, pairwise lane sum, then the tail. */
    private static float documented(float[] a, int ao, float[] b, int bo, int k, int lanes) {
        int bound = k / lanes * lanes;
        float[] acc = new float[lanes];
        for (int p = 0; p < bound; p++) {
            acc[p % lanes] = Math.fma(a[ao + p], b[bo + p], acc[p % lanes]);
        }
        for (int w = lanes; w > 1; w /= 2) {
            for (int l = 0; l < w / 2; l++) {
                acc[l] = acc[2 * l] + acc[2 * l + 1];
            }
        }
        float s = acc[0];
        for (int p = bound; p < k; p++) {
            s = Math.fma(a[ao + p], b[bo + p], s);
        }
        return s;
    }

    @Test
    void dotsEqualTheDocumentedOrderAndTheExactProductForEveryShapeAndThreadCount() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        int[][] shapes = {{1, 1, 1}, {4, 3, 3}, {5, 37, 7}, {16, 1000, 9}, {9, 23, 13}, {3, 8, 2}};
        for (int[] sh : shapes) {
            int m = sh[0];
            int k = sh[1];
            int n = sh[2];
            float[] a = random(m * k);
            float[] b = random(n * k);
            float[] c1 = new float[m * n];
            MatOps.dots(a, b, c1, m, k, n, 1);
            for (int threads : new int[] {2, 3}) {
                float[] ct = new float[m * n];
                MatOps.dots(a, b, ct, m, k, n, threads);
                assertThat(ct).as("%dx%dx%d, %d threads", m, k, n, threads).containsExactly(c1);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double exact = 0;
                    for (int p = 0; p < k; p++) {
                        exact += (double) a[i * k + p] * b[j * k + p];
                    }
                    assertThat(c1[i * n + j]).as("(%d, %d) of %dx%dx%d", i, j, m, k, n)
                            .isEqualTo(documented(a, i * k, b, j * k, k, lanes));
                    assertThat((double) c1[i * n + j]).isCloseTo(exact, within(1e-5 * Math.sqrt(k)));
                }
            }
        }
    }
}
