package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumpyStatsTest {

    @Test
    void meanAndPopulationStdByHand() {
        double[] x = {1, 2, 3, 4};
        assertThat(NumpyStats.mean(x)).isEqualTo(2.5);
        // Σ(x − 2.5)² = 2.25 + 0.25 + 0.25 + 2.25 = 5; / 4 = 1.25
        assertThat(NumpyStats.std(x)).isEqualTo(Math.sqrt(1.25));
        assertThat(NumpyStats.std(new double[] {7, 7, 7})).isZero();
        assertThat(NumpyStats.mean(new double[0])).isNaN();
        assertThat(NumpyStats.std(new double[0])).isNaN();
        assertThat(NumpyStats.mean(new double[] {1, Double.NaN})).isNaN();
    }

    @Test
    void pairwiseSumIsAPermutationOfTheTerms() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1000, 2500}) {
            double[] ones = new double[n];
            java.util.Arrays.fill(ones, 1.0);
            assertThat(NumpyStats.pairwiseSum(ones, 0, n)).isEqualTo(n);
            double[] x = rnd.doubles(n).toArray();
            double naive = 0;
            for (double v : x) {
                naive += v;
            }
            assertThat(NumpyStats.pairwiseSum(x, 0, n)).isCloseTo(naive, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void bitIdenticalToNumpy() {
        assumeTrue(Python.has("numpy"), "numpy not available");
        SplittableRandom rnd = new SplittableRandom(11);
        int[] sizes = {3, 8, 13, 50, 129, 300, 2450, 2500};
        StringBuilder in = new StringBuilder();
        double[][] xs = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            xs[i] = new double[sizes[i]];
            for (int j = 0; j < sizes[i]; j++) {
                xs[i][j] = rnd.nextDouble() < 0.5 ? rnd.nextDouble() : 90 + rnd.nextInt(2000) / 200.0;
                in.append(j == 0 ? "" : " ").append(Double.toHexString(xs[i][j]));
            }
            in.append('\n');
        }
        String out = Python.run("import sys, numpy as np\nfor l in sys.stdin.read().strip().split('\\n'):\n"
                + "    a = np.array([float.fromhex(t) for t in l.split()])\n"
                + "    print(float(np.mean(a)).hex(), float(np.std(a)).hex())\n", in.toString());
        assertThat(out).isNotNull();
        String[] lines = out.split("\n");
        for (int i = 0; i < sizes.length; i++) {
            String[] t = lines[i].split(" ");
            assertThat(NumpyStats.mean(xs[i])).as("mean, n = %d", sizes[i]).isEqualTo(Double.parseDouble(t[0]));
            assertThat(NumpyStats.std(xs[i])).as("std, n = %d", sizes[i]).isEqualTo(Double.parseDouble(t[1]));
        }
    }
}
