package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A Linear whose weights are packed once gives the bits of the plain layer's products, for any thread count. */
class PackedLinearTest {
    private static float[] gaussian(Random r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void packedProductsHaveThePlainBitsForAnyThreadCount() {
        Random r = new Random(3);
        // depths past one depth block (256), widths off the register tile, a single row; with and without bias
        for (int[] s : new int[][] {{16, 700, 40}, {7, 300, 10}, {1, 37, 45}, {9, 260, 70}}) {
            int n = s[0], in = s[1], out = s[2];
            for (boolean withBias : new boolean[] {true, false}) {
                Linear plain = new Linear("fc", in, out, gaussian(r, in * out), withBias ? gaussian(r, out) : null);
                Linear packed = plain.packed();
                assertThat(packed.isPacked()).isTrue();
                float[] x = gaussian(r, n * in);
                float[] q = gaussian(r, n * out);
                float[] z = plain.affine(x, plain.weight(), plain.bias(), n, new int[] {in}, 1);
                float[] c = plain.transpose(q, plain.weight(), n, new int[] {in}, 1);
                for (int threads : new int[] {1, 2, 3}) {
                    assertThat(packed.affine(x, packed.weight(), packed.bias(), n, new int[] {in}, threads))
                            .as("affine %d x %d -> %d, bias %s, %d threads", n, in, out, withBias, threads)
                            .containsExactly(z);
                    assertThat(packed.transpose(q, packed.weight(), n, new int[] {in}, threads))
                            .as("transpose %d x %d -> %d, %d threads", n, in, out, threads).containsExactly(c);
                }
            }
        }
    }

    @Test
    void otherWeightsThanTheLayersOwnTakeThePlainProduct() {
        Random r = new Random(4);
        Linear packed = new Linear("fc", 40, 20, gaussian(r, 800), gaussian(r, 20)).packed();
        float[] w = gaussian(r, 800); // an LRP rule's modified weights, say
        float[] x = gaussian(r, 3 * 40);
        float[] q = gaussian(r, 3 * 20);
        Linear plain = new Linear("fc", 40, 20, w, null);
        assertThat(packed.affine(x, w, null, 3, new int[] {40}, 1))
                .containsExactly(plain.affine(x, w, null, 3, new int[] {40}, 1));
        assertThat(packed.transpose(q, w, 3, new int[] {40}, 1))
                .containsExactly(plain.transpose(q, w, 3, new int[] {40}, 1));
    }

    @Test
    void aPackedLayerKeepsItsParametersAndTooLargeLayersStayAsTheyAre() {
        Linear merged = new Linear("fc", 2, 3, new float[6], null).withParameters64(
                new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, new double[] {1e-9, 2, 3});
        Linear packed = merged.packed();
        assertThat(packed.weight64()).containsExactly(merged.weight64());
        assertThat(packed.bias64()).containsExactly(merged.bias64());
        assertThat(packed.name()).isEqualTo("fc");
        assertThat(packed.packed()).isSameAs(packed);
        Linear huge = new Linear("big", 1 << 12, (Linear.PACK_LIMIT >> 12) + 1, new float[((Linear.PACK_LIMIT >> 12) + 1) << 12], null);
        assertThat(huge.packed()).isSameAs(huge);
    }
}
