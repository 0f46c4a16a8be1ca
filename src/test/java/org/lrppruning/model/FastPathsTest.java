package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The training hot paths against their obvious definitions, on values with ties, NaN, ±0 and −∞. */
class FastPathsTest {
    private static final Random R = new Random(8);

    /** Small integers (many ties) with some NaN, −∞, −0 and +0. */
    private static float[] awkward(int size) {
        float[] v = new float[size];
        float[] special = {Float.NaN, Float.NEGATIVE_INFINITY, -0f, 0f};
        for (int i = 0; i < size; i++) {
            v[i] = R.nextInt(10) == 0 ? special[R.nextInt(special.length)] : R.nextInt(5) - 2;
        }
        return v;
    }

    @Test
    void maxPoolingOfFloatsPicksTheSameArgMaxAsTheGenericFloat64Path() {
        int[] in = {3, 8, 6};
        float[] x = awkward(4 * 3 * 8 * 6);
        double[] wide = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            wide[i] = x[i];
        }
        for (Window w : new Window[] {Window.square(2, 2, 0), Window.square(3, 2, 1), new Window(2, 3, 1, 2, 0, 1)}) {
            MaxPool2d pool = new MaxPool2d("pool", w);
            assertThat(pool.argmax(x, 4, in)).as(w.toString()).containsExactly(pool.argmax(wide, 4, in));
        }
    }

    @Test
    void reluPassesTheGradientExactlyWherePositive() {
        float[] x = awkward(37);
        float[] gy = awkward(37);
        float[] g = new Relu("relu").backward(x, gy, 1, new int[] {37}, 1);
        for (int i = 0; i < x.length; i++) {
            assertThat(Float.floatToRawIntBits(g[i])).as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(x[i] > 0 ? gy[i] : 0f));
        }
    }
}
