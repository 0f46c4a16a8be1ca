package org.lrppruning.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Leaving out columns of A that are zero in a tile (or in every row) gives the bits of the plain fma chains. */
class ZeroSkipTest {

    /** The contract's chain, written out: s = +0, s = fma(a, b, s) over p in order, then + bias. */
    private static float[] chains(float[] a, float[] b, float[] bias, int m, int k, int n) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[i * k + p], b[j * k + p], s);
                }
                c[i * n + j] = bias == null ? s : s + bias[j];
            }
        }
        return c;
    }

    /**
     * An m × k matrix like ReLU outputs of neighbouring points: each column is zero in every row with
     * probability {@code off}, else nonnegative with a few scattered zeros (+0 or −0).
     */
    private static float[] reluLike(Random r, int m, int k, double off) {
        float[] a = new float[m * k];
        for (int q = 0; q < k; q++) {
            boolean dead = r.nextDouble() < off;
            for (int i = 0; i < m; i++) {
                double u = r.nextDouble();
                a[i * k + q] = dead ? (u < 0.5 ? 0f : -0f) : u < 0.2 ? 0f : (float) r.nextGaussian();
            }
        }
        return a;
    }

    private static float[] gaussian(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** B (n × k, MatOps' layout) in mulTiles' panels, the padding past n filled with junk. */
    private static float[] panels(float[] b, int n, int k) {
        float[] t = new float[ZeroSkip.strips(n) * k * ZeroSkip.STRIP];
        java.util.Arrays.fill(t, 123f);
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                t[ZeroSkip.panelIndex(k, p, j)] = b[j * k + p];
            }
        }
        return t;
    }

    private static void assertSameBits(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            // a NaN's sign and payload are not specified (interpreter and vector code differ): NaN meets NaN
            boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i])
                    : Float.floatToRawIntBits(actual[i]) == Float.floatToRawIntBits(expected[i]);
            if (!same) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void tilesGiveThePlainChainsForEveryShapeBiasAndShareOfDeadColumns() {
        Random r = new Random(5);
        int[][] shapes = {{1, 1, 1}, {6, 3, 17}, {7, 40, 16}, {13, 100, 33}, {96, 70, 64}, {5, 0, 9}, {20, 300, 20}, {12, 700, 40}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            for (double off : new double[] {0, 0.5, 1}) {
                float[] a = reluLike(r, m, k, off);
                float[] b = gaussian(r, n * k);
                for (float[] bias : new float[][] {null, gaussian(r, n)}) {
                    String what = m + "x" + k + "x" + n + ", dead " + off + ", bias " + (bias != null);
                    float[] expected = chains(a, b, bias, m, k, n);
                    float[] tiles = new float[m * n];
                    ZeroSkip.mulTiles(a, m, k, panels(b, n, k), n, bias, true, tiles);
                    assertSameBits(tiles, expected, "mulTiles " + what);
                    for (int threads : new int[] {1, 2}) {
                        float[] whole = new float[m * n];
                        ZeroSkip.mulTransB(a, b, bias, whole, m, k, n, true, threads);
                        assertSameBits(whole, expected, "mulTransB " + what + ", " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void aWeightThatIsNotFiniteBehindADeadColumnKeepsItsNaNWhenTheCallerSaysSo() {
        Random r = new Random(6);
        int m = 12, k = 30, n = 20;
        float[] a = reluLike(r, m, k, 0);
        for (int i = 0; i < m; i++) {
            a[i * k + 4] = 0f; // a dead column
        }
        a[3 * k + 9] = Float.NaN; // and a NaN activation, which is never left out
        for (float odd : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            float[] b = gaussian(r, n * k);
            b[2 * k + 4] = odd; // output 2 reads the dead column through a weight that is not finite
            assertThat(ZeroSkip.finite(b)).isFalse();
            float[] expected = chains(a, b, null, m, k, n);
            assertThat(Float.isNaN(expected[2])).as("0 * " + odd + " is NaN").isTrue();
            float[] tiles = new float[m * n];
            ZeroSkip.mulTiles(a, m, k, panels(b, n, k), n, null, false, tiles);
            assertSameBits(tiles, expected, "mulTiles, weight " + odd);
            float[] whole = new float[m * n];
            ZeroSkip.mulTransB(a, b, null, whole, m, k, n, false, 1);
            assertSameBits(whole, expected, "mulTransB, weight " + odd);
        }
        assertThat(ZeroSkip.finite(gaussian(r, 100))).isTrue();
    }

    @Test
    void panelsHoldEveryValueOnceAndAShortBIsRejected() {
        int k = 5;
        int n = 2 * ZeroSkip.STRIP + 3;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                int i = ZeroSkip.panelIndex(k, p, j);
                assertThat(i).isBetween(0, ZeroSkip.strips(n) * k * ZeroSkip.STRIP - 1);
                assertThat(seen.add(i)).as("B[" + p + "][" + j + "] has a place of its own").isTrue();
            }
        }
        float[] c = new float[4];
        assertThatThrownBy(() -> ZeroSkip.mulTiles(new float[4], 2, 2, new float[3], 2, null, true, c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in panels");
    }
}
