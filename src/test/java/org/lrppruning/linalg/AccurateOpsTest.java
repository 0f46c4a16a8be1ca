package org.lrppruning.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AccurateOpsTest {
    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void mulTransBIsTheFloat64SumRoundedOnceForEveryShape() {
        Random r = new Random(1);
        for (int[] s : new int[][] {{1, 1, 1}, {3, 2, 5}, {4, 8, 4}, {5, 17, 9}, {9, 1000, 7}, {2, 0, 3}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            float[] a = random(r, m * k);
            float[] b = random(r, n * k);
            float[] bias = random(r, n);
            float[] c = new float[m * n];
            AccurateOps.mulTransB(a, b, bias, c, m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    double mag = Math.abs(bias[j]);
                    for (int p = 0; p < k; p++) {
                        sum += (double) a[i * k + p] * b[j * k + p];
                        mag += Math.abs((double) a[i * k + p] * b[j * k + p]);
                    }
                    double want = sum + bias[j];
                    // float rounding of a double sum whose own error is ~k·2^-53·Σ|terms|
                    assertThat(Math.abs(c[i * n + j] - want))
                            .isLessThanOrEqualTo(Math.ulp((float) want) * 0.5 + 1e-14 * mag * (k + 1));
                }
            }
        }
    }

    @Test
    void rowsComputedAloneEqualTheSameRowsInTheBatchBitForBit() {
        Random r = new Random(2);
        int m = 11;
        int k = 37;
        int n = 10;
        float[] a = random(r, m * k);
        float[] b = random(r, n * k);
        float[] all = new float[m * n];
        AccurateOps.mulTransB(a, b, null, all, m, k, n);
        for (int i = 0; i < m; i++) {
            float[] one = new float[n];
            AccurateOps.mulTransB(Arrays.copyOfRange(a, i * k, (i + 1) * k), b, null, one, 1, k, n);
            assertThat(one).isEqualTo(Arrays.copyOfRange(all, i * n, (i + 1) * n));
        }
    }

    @Test
    void mulIsAnFmaChainOverKInOrderForEveryShape() {
        Random r = new Random(3);
        for (int[] s : new int[][] {{1, 1, 1}, {4, 3, 8}, {5, 7, 19}, {9, 100, 33}, {3, 0, 4}, {6, 5, 13}, {8, 9, 28}, {7, 4, 45}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = new double[m * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
            float[] b = random(r, k * n);
            double[] c = new double[m * n];
            Arrays.fill(c, Double.NaN);
            AccurateOps.mul(a, b, c, m, k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int p = 0; p < k; p++) {
                        want = Math.fma(a[i * k + p], b[p * n + j], want);
                    }
                    assertThat(c[i * n + j]).isEqualTo(want);
                }
            }
        }
    }

    @Test
    void mulSplitOverThreadsIsTheSameFmaChain() {
        Random r = new Random(5);
        for (int[] s : new int[][] {{4, 9, 130}, {7, 33, 67}, {13, 5, 8}, {1, 17, 250}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = new double[m * k];
            double[] b = new double[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextGaussian();
            }
            double[] want = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    for (int p = 0; p < k; p++) {
                        want[i * n + j] = Math.fma(a[i * k + p], b[p * n + j], want[i * n + j]);
                    }
                }
            }
            for (int threads = 1; threads <= 3; threads++) {
                double[] c = new double[m * n];
                AccurateOps.mul(a, b, c, m, k, n, threads);
                assertThat(c).containsExactly(want);
                int t = threads;
                double[] lent = org.lrppruning.linalg.Parallel.lending(t, () -> {
                    double[] d = new double[m * n];
                    AccurateOps.mul(a, b, d, m, k, n);
                    return d;
                });
                assertThat(lent).containsExactly(want);
            }
        }
    }

    @Test
    void float64MulTransBIsTheDocumentedLaneOrderForEveryShape() {
        Random r = new Random(4);
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        for (int[] s : new int[][] {{1, 1, 1}, {4, 8, 2}, {5, 17, 3}, {9, 103, 7}, {8, 3, 4}, {2, 0, 3}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = r.doubles(m * k).map(v -> v - 0.5).toArray();
            double[] b = r.doubles(n * k).map(v -> v - 0.5).toArray();
            double[] bias = r.doubles(n).toArray();
            for (double[] bb : new double[][] {bias, null}) {
                double[] c = new double[m * n];
                AccurateOps.mulTransB(a, b, bb, c, m, k, n);
                int kv = k - k % lanes;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double[] lane = new double[lanes];
                        for (int p = 0; p < kv; p++) {
                            lane[p % lanes] = Math.fma(a[i * k + p], b[j * k + p], lane[p % lanes]);
                        }
                        double want = 0;
                        for (double v : lane) {
                            want += v;
                        }
                        for (int p = kv; p < k; p++) {
                            want = Math.fma(a[i * k + p], b[j * k + p], want);
                        }
                        if (bb != null) {
                            want += bb[j];
                        }
                        assertThat(c[i * n + j]).as("%dx%dx%d (%d, %d)", m, k, n, i, j).isEqualTo(want);
                    }
                }
            }
        }
    }
}
