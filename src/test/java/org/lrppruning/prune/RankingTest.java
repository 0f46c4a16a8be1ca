package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RankingTest {
    /** The obvious version: a comparator on (NaN first, IEEE value, index). */
    private static int[] slow(float[][] scores) {
        float[] flat = new float[Arrays.stream(scores).mapToInt(a -> a.length).sum()];
        int k = 0;
        for (float[] l : scores) {
            for (float v : l) {
                flat[k++] = v;
            }
        }
        Comparator<Integer> cmp = (a, b) -> {
            boolean na = Float.isNaN(flat[a]);
            boolean nb = Float.isNaN(flat[b]);
            if (na != nb) {
                return na ? -1 : 1;
            }
            if (!na && flat[a] < flat[b]) {
                return -1;
            }
            if (!na && flat[a] > flat[b]) {
                return 1;
            }
            return Integer.compare(a, b);
        };
        return IntStream.range(0, flat.length).boxed().sorted(cmp).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void tiesGoToTheLowerLayerThenTheLowerIndexAndNegativeZeroEqualsZero() {
        float[][] s = {{0f, 0.5f, -0f}, {0f, -0.25f}, {-0f, 0.5f}};
        assertThat(Ranking.ascending(s)).containsExactly(4, 0, 2, 3, 5, 1, 6);
    }

    @Test
    void nanRanksLowest() {
        float[][] s = {{1f, Float.NaN}, {Float.NEGATIVE_INFINITY, Float.NaN}};
        assertThat(Ranking.ascending(s)).containsExactly(1, 3, 2, 0);
        assertThat(Ranking.hasNaN(s)).isTrue();
    }

    @Test
    void agreesWithTheObviousComparatorSortOnRandomScoresFullOfTies() {
        Random r = new Random(9);
        float[] pool = {0f, -0f, 1e-30f, -1e-30f, 0.25f, -0.25f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, 3f};
        for (int trial = 0; trial < 50; trial++) {
            float[][] s = new float[3][];
            for (int l = 0; l < 3; l++) {
                s[l] = new float[1 + r.nextInt(40)];
                for (int j = 0; j < s[l].length; j++) {
                    s[l][j] = r.nextBoolean() ? pool[r.nextInt(pool.length)] : (float) r.nextGaussian();
                }
            }
            assertThat(Ranking.ascending(s)).containsExactly(slow(s));
        }
    }

    @Test
    void float64ScoresRankByTheSameRulesAndWidenedFloatsRankAsTheFloatsDo() {
        double[][] s = {{0.0, 0.5, -0.0}, {0.0, -0.25}, {-0.0, 0.5, Double.NaN, Double.NEGATIVE_INFINITY}};
        assertThat(Ranking.ascending(s)).containsExactly(7, 8, 4, 0, 2, 3, 5, 1, 6);
        Random r = new Random(10);
        float[] pool = {0f, -0f, 1e-30f, -1e-30f, 0.25f, -0.25f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, 3f,
            Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        for (int trial = 0; trial < 50; trial++) {
            float[][] f = new float[3][];
            double[][] d = new double[3][];
            for (int l = 0; l < 3; l++) {
                f[l] = new float[1 + r.nextInt(40)];
                d[l] = new double[f[l].length];
                for (int j = 0; j < f[l].length; j++) {
                    f[l][j] = r.nextBoolean() ? pool[r.nextInt(pool.length)] : (float) r.nextGaussian();
                    d[l][j] = f[l][j];
                }
            }
            assertThat(Ranking.ascending(d)).containsExactly(slow(f));
        }
    }

    @Test
    void float64ScoresThatRoundToTheSameFloatKeepTheirOrder() {
        double a = 0.1;
        double b = Math.nextUp(0.1);
        assertThat((float) a).isEqualTo((float) b);
        assertThat(Ranking.ascending(new double[][] {{b}, {a}})).containsExactly(1, 0);
    }
}
