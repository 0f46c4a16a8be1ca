package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Cnns;

/** What a training pass keeps (im2col columns, arg-max indices) gives the bits of recomputing it. */
class TrainingPassTest {
    private static final Random R = new Random(41);

    @Test
    void keptColumnsGiveTheForwardAndTheWeightGradientOfRecomputedOnes() {
        Conv2d conv = Cnns.conv("c", 3, 5, new Window(3, 3, 2, 1, 1, 1), true, R);
        int[] in = {3, 9, 8};
        int n = 6;
        float[] x = Cnns.uniform(R, n * Shapes.size(in), -1, 1);
        float[] gy = Cnns.uniform(R, n * Shapes.size(conv.outputShape(in)), -1, 1);
        Conv2d.Kept k = conv.forwardKeeping(x, n, in, 2);
        assertThat(k.output()).containsExactly(conv.forward(x, n, in, 1));
        assertThat(conv.weightGradient(k.columns(), gy, n, in, 2)).containsExactly(conv.weightGradient(x, gy, n, in, 1));
    }

    @Test
    void keptArgMaxGivesTheGradientOfARecomputedOne() {
        MaxPool2d pool = new MaxPool2d("p", Window.square(3, 2, 1));
        int[] in = {2, 7, 6};
        int n = 3;
        float[] x = Cnns.uniform(R, n * Shapes.size(in), -1, 1);
        float[] gy = Cnns.uniform(R, n * Shapes.size(pool.outputShape(in)), -1, 1);
        MaxPool2d.Kept k = pool.forwardKeeping(x, n, in, 2);
        assertThat(k.output()).containsExactly(pool.forward(x, n, in, 1));
        assertThat(pool.backward(k.argmax(), gy, n, in, 2)).containsExactly(pool.backward(x, gy, n, in, 1));
    }
}
