package org.lrppruning.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lanes' reductions against their documented order written out, and against float64 sums. */
class LanesTest {
    private static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

    /** The documented order: lane chains, pairwise lane sum, then the tail; terms t(p). */
    private static float documented(java.util.function.IntFunction<float[]> term, int len) {
        int bound = len / L * L;
        float[] acc = new float[L];
        for (int p = 0; p < bound; p++) {
            float[] t = term.apply(p);
            acc[p % L] = t.length == 1 ? acc[p % L] + t[0] : Math.fma(t[0], t[1], acc[p % L]);
        }
        for (int w = L; w > 1; w /= 2) {
            for (int l = 0; l < w / 2; l++) {
                acc[l] = acc[2 * l] + acc[2 * l + 1];
            }
        }
        float s = acc[0];
        for (int p = bound; p < len; p++) {
            float[] t = term.apply(p);
            s = t.length == 1 ? s + t[0] : Math.fma(t[0], t[1], s);
        }
        return s;
    }

    @Test
    void sumsAndCentredProductsFollowTheDocumentedOrderForEveryLengthAndOffset() {
        Random r = new Random(3);
        float[] g = new float[300];
        float[] x = new float[300];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) r.nextGaussian();
            x[i] = (float) (2 + r.nextGaussian());
        }
        for (int len : new int[] {0, 1, 7, 8, 9, 49, 196, 250}) {
            for (int off : new int[] {0, 3, 50}) {
                int o = off;
                assertThat(Lanes.sum(x, off, len)).as("sum %d at %d", len, off)
                        .isEqualTo(documented(p -> new float[] {x[o + p]}, len));
                assertThat(Lanes.centredDot(g, 0.5f, x, 2f, off, len)).as("dot %d at %d", len, off)
                        .isEqualTo(documented(p -> new float[] {g[o + p] - 0.5f, x[o + p] - 2f}, len));
                double exact = 0;
                for (int p = 0; p < len; p++) {
                    exact += ((double) g[off + p] - 0.5) * ((double) x[off + p] - 2);
                }
                assertThat((double) Lanes.centredDot(g, 0.5f, x, 2f, off, len)).isCloseTo(exact, within(1e-4));
            }
        }
    }
}
