package org.lrppruning.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * MatOps against obvious triple loops written here: in double (accuracy) and as the documented
 * float fma chain (bit-exact order), plus thread-count and sub-block invariance.
 */
class MatOpsTest {
    private static final int[] SIZES = {0, 1, 2, 3, 17, 63, 64, 65};
    /** Padding after every operand: NaN, so reading past the prefix shows up. */
    private static final int PAD = 5;
    private static final float GUARD = -7.25f;

    enum Kernel { TRANS_B, PLAIN, TRANS_A }

    /** Operands of one product C[m×n] with inner size k, in the layout the kernel expects. */
    private record Case(Kernel kernel, float[] a, float[] b, float[] bias, int m, int k, int n) {
        /** Factors of term p of element (i, j). */
        float x(int i, int p) {
            return kernel == Kernel.TRANS_A ? a[p * m + i] : a[i * k + p];
        }

        float y(int p, int j) {
            return kernel == Kernel.TRANS_B ? b[j * k + p] : b[p * n + j];
        }

        float[] run(int threads) {
            float[] c = new float[m * n + PAD];
            java.util.Arrays.fill(c, GUARD);
            switch (kernel) {
                case TRANS_B -> MatOps.mulTransB(a, b, bias, c, m, k, n, threads);
                case PLAIN -> MatOps.mul(a, b, c, m, k, n, threads);
                case TRANS_A -> MatOps.mulTransA(a, b, c, k, m, n, threads);
            }
            return c;
        }

        float[] runDefault() {
            float[] c = new float[m * n + PAD];
            java.util.Arrays.fill(c, GUARD);
            switch (kernel) {
                case TRANS_B -> MatOps.mulTransB(a, b, bias, c, m, k, n);
                case PLAIN -> MatOps.mul(a, b, c, m, k, n);
                case TRANS_A -> MatOps.mulTransA(a, b, c, k, m, n);
            }
            return c;
        }
    }

    private static Case random(Kernel kernel, Random rnd, int m, int k, int n, boolean withBias) {
        float[] bias = kernel == Kernel.TRANS_B && withBias ? values(rnd, n) : null;
        return new Case(kernel, values(rnd, m * k), values(rnd, k * n), bias, m, k, n);
    }

    private static float[] values(Random rnd, int size) {
        float[] x = new float[size + PAD];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2f - 1f;
        }
        for (int i = size; i < x.length; i++) {
            x[i] = Float.NaN;
        }
        return x;
    }

    /** Checks c against double sums (relative to Σ|x||y|) and bit for bit against the fma chain. */
    private static void checkAll(Case cs, float[] c) {
        for (int i = 0; i < cs.m; i++) {
            for (int j = 0; j < cs.n; j++) {
                checkElement(cs, c, i, j);
            }
        }
        for (int t = cs.m * cs.n; t < c.length; t++) {
            assertEquals(GUARD, c[t], "wrote past m*n");
        }
    }

    private static void checkElement(Case cs, float[] c, int i, int j) {
        double sum = 0;
        double abs = 0;
        float chain = 0f;
        for (int p = 0; p < cs.k; p++) {
            float x = cs.x(i, p);
            float y = cs.y(p, j);
            sum += (double) x * y;
            abs += Math.abs((double) x * y);
            chain = Math.fma(x, y, chain);
        }
        if (cs.bias != null) {
            sum += cs.bias[j];
            abs += Math.abs(cs.bias[j]);
            chain = chain + cs.bias[j];
        }
        float got = c[i * cs.n + j];
        String where = cs.kernel + " " + cs.m + "x" + cs.k + "x" + cs.n + " at (" + i + "," + j + ")";
        assertTrue(Math.abs(got - sum) <= 1e-5 * abs, where + ": " + got + " vs " + sum);
        assertEquals(Float.floatToRawIntBits(chain), Float.floatToRawIntBits(got), where + " is not the fma chain");
    }

    @Test
    void matchesReferenceOnAllSmallShapes() {
        Random rnd = new Random(11);
        for (Kernel kernel : Kernel.values()) {
            for (int m : SIZES) {
                for (int k : SIZES) {
                    for (int n : SIZES) {
                        Case cs = random(kernel, rnd, m, k, n, (m + k + n) % 2 == 0);
                        checkAll(cs, cs.runDefault());
                    }
                }
            }
        }
    }

    @Test
    void matchesReferenceOnLayerShapes() {
        Random rnd = new Random(12);
        int[][] shapes = {
            {1000, 2, 1000}, {1000, 1000, 4}, {999, 1000, 2}, {3, 1000, 1000}, {65, 1000, 63},
            {1000, 17, 65}, {4, 1000, 1000}, {2, 1000, 3}, {1000, 1000, 1}, {1, 1000, 1000},
        };
        for (Kernel kernel : Kernel.values()) {
            for (int[] s : shapes) {
                for (boolean withBias : new boolean[] {false, true}) {
                    if (withBias && kernel != Kernel.TRANS_B) {
                        continue;
                    }
                    Case cs = random(kernel, rnd, s[0], s[1], s[2], withBias);
                    checkAll(cs, cs.run(2));
                }
            }
        }
    }

    @Test
    void sameBitsForEveryThreadCount() {
        Random rnd = new Random(13);
        int[][] shapes = {{301, 257, 129}, {2000, 2, 1000}, {130, 1000, 4}, {7, 300, 1000}, {5, 3, 2}};
        for (Kernel kernel : Kernel.values()) {
            for (int[] s : shapes) {
                Case cs = random(kernel, rnd, s[0], s[1], s[2], true);
                int[] one = bits(cs.run(1));
                for (int threads : new int[] {2, 3, 7}) {
                    assertArrayEquals(one, bits(cs.run(threads)), kernel + " threads=" + threads);
                }
                assertArrayEquals(one, bits(cs.runDefault()), kernel + " default overload");
            }
        }
    }

    @Test
    void rowsAndColumnsComputedAloneMatchTheFullProduct() {
        Random rnd = new Random(14);
        int[][] shapes = {{100, 300, 129}, {1000, 1000, 4}, {40, 2, 1000}, {70, 65, 2}};
        int[][] rowRanges = {{5, 10}, {0, 1}, {37, 38}, {0, 13}, {33, 40}};
        for (Kernel kernel : Kernel.values()) {
            for (int[] s : shapes) {
                Case full = random(kernel, rnd, s[0], s[1], s[2], true);
                float[] c = full.run(2);
                for (int[] r : rowRanges) {
                    Case rows = rowsOf(full, r[0], r[1]);
                    float[] part = rows.run(1);
                    for (int i = r[0]; i < r[1]; i++) {
                        for (int j = 0; j < full.n; j++) {
                            assertEquals(Float.floatToRawIntBits(c[i * full.n + j]),
                                    Float.floatToRawIntBits(part[(i - r[0]) * full.n + j]),
                                    kernel + " row " + i + " of " + full.m + "x" + full.k + "x" + full.n);
                        }
                    }
                }
                Case cols = colsOf(full, 1, 2);
                float[] col = cols.run(1);
                for (int i = 0; i < full.m; i++) {
                    assertEquals(Float.floatToRawIntBits(c[i * full.n + 1]), Float.floatToRawIntBits(col[i]),
                            kernel + " column 1, row " + i);
                }
            }
        }
    }

    /** The same product restricted to rows r0..r1 of C (copies of the operands). */
    private static Case rowsOf(Case cs, int r0, int r1) {
        int rows = r1 - r0;
        float[] a = new float[rows * cs.k];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < cs.k; p++) {
                a[cs.kernel == Kernel.TRANS_A ? p * rows + i : i * cs.k + p] = cs.x(r0 + i, p);
            }
        }
        return new Case(cs.kernel, a, cs.b, cs.bias, rows, cs.k, cs.n);
    }

    /** The same product restricted to columns c0..c1 of C. */
    private static Case colsOf(Case cs, int c0, int c1) {
        int cols = c1 - c0;
        float[] b = new float[cols * cs.k];
        for (int j = 0; j < cols; j++) {
            for (int p = 0; p < cs.k; p++) {
                b[cs.kernel == Kernel.TRANS_B ? j * cs.k + p : p * cols + j] = cs.y(p, c0 + j);
            }
        }
        float[] bias = cs.bias == null ? null : java.util.Arrays.copyOfRange(cs.bias, c0, c1);
        return new Case(cs.kernel, cs.a, b, bias, cs.m, cs.k, cols);
    }

    private static int[] bits(float[] x) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Float.floatToRawIntBits(x[i]);
        }
        return out;
    }

    @Test
    void aRightOperandPackedOnceGivesTheBitsOfMulAtAnyOffset() {
        Random rnd = new Random(15);
        int[][] shapes = {{301, 257, 129}, {48, 64, 64}, {7, 600, 40}, {13, 3, 5}, {1, 1, 1}, {4, 0, 9}, {0, 5, 5}};
        for (int[] sh : shapes) {
            int m = sh[0], k = sh[1], n = sh[2];
            float[] a = values(rnd, m * k);
            float[] b = values(rnd, k * n);
            float[] expected = new float[m * n];
            MatOps.mul(a, b, expected, m, k, n);
            // operands and output placed after 3 and 5 leading values, as Winograd's blocks are
            float[] a2 = new float[3 + m * k];
            System.arraycopy(a, 0, a2, 3, m * k);
            float[] b2 = new float[5 + k * n];
            System.arraycopy(b, 0, b2, 5, k * n);
            float[] c = new float[2 + m * n];
            MatOps.mul(a2, 3, MatOps.packRight(b2, 5, k, n), c, 2, m);
            assertArrayEquals(bits(expected), bits(java.util.Arrays.copyOfRange(c, 2, 2 + m * n)), m + "×" + k + "×" + n);
            // Bᵀ given (n × k, a Linear's weights): the bits of mulTransB
            float[] bt = new float[n * k];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[j * k + p] = b[p * n + j];
                }
            }
            float[] viaT = new float[m * n];
            MatOps.mulTransB(a, bt, null, viaT, m, k, n);
            float[] packedT = new float[m * n];
            MatOps.mul(a, 0, MatOps.packRightTransposed(bt, k, n), packedT, 0, m);
            assertArrayEquals(bits(viaT), bits(packedT), "transposed " + m + "×" + k + "×" + n);
        }
    }

    @Test
    void rejectsNegativeSizesAndThreadCounts() {
        float[] x = new float[4];
        List<Runnable> bad = new ArrayList<>();
        bad.add(() -> MatOps.mulTransB(x, x, null, x, -1, 1, 1));
        bad.add(() -> MatOps.mul(x, x, x, 1, -1, 1));
        bad.add(() -> MatOps.mulTransA(x, x, x, 1, 1, -1));
        bad.add(() -> MatOps.mulTransB(x, x, null, x, 1, 1, 1, 0));
        bad.add(() -> MatOps.mul(x, x, x, 1, 1, 1, 0));
        bad.add(() -> MatOps.mulTransA(x, x, x, 1, 1, 1, -2));
        for (Runnable r : bad) {
            assertThrows(IllegalArgumentException.class, r::run);
        }
    }
}
