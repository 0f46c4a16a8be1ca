package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Cnns;

/** Conv2d's bits depend neither on the thread count nor on which other samples share the batch (chunking). */
class ConvDeterminismTest {
    private static final Random R = new Random(31);

    @Test
    void forwardBackwardAndWeightGradientAreBitIdenticalForOneAndTwoThreads() {
        Conv2d conv = Cnns.conv("c", 8, 24, Window.square(3, 1, 1), true, R);
        int[] in = {8, 12, 12};
        int n = 10;
        float[] x = Cnns.uniform(R, n * Shapes.size(in), -1, 1);
        float[] gy = Cnns.uniform(R, n * Shapes.size(conv.outputShape(in)), -1, 1);
        assertThat(conv.forward(x, n, in, 2)).containsExactly(conv.forward(x, n, in, 1));
        assertThat(conv.backward(x, gy, n, in, 2)).containsExactly(conv.backward(x, gy, n, in, 1));
        assertThat(conv.weightGradient(x, gy, n, in, 2)).containsExactly(conv.weightGradient(x, gy, n, in, 1));
        Network net = Cnns.small(3, true, PrunableUnits.ALL);
        float[] xs = Cnns.uniform(R, 40 * net.inputs(), -1, 1);
        assertThat(net.logits(xs, 40, 2)).containsExactly(net.logits(xs, 40, 1));
    }

    @Test
    void aSamplesOutputIsTheSameAloneAndInsideABatchSplitIntoChunks() {
        Conv2d conv = Cnns.conv("c", 32, 1, Window.square(5, 1, 2), true, R);
        int[] in = {32, 28, 28};
        int per = Shapes.size(in);
        int n = 4; // 784 positions × 800 taps per sample: chunks of 3 and 1 samples
        assertThat(Conv2d.CHUNK / (784 * 800)).isEqualTo(3);
        float[] x = Cnns.uniform(R, n * per, -1, 1);
        float[] all = conv.forward(x, n, in, 2);
        int outPer = Shapes.size(conv.outputShape(in));
        for (int s : new int[] {0, 2, 3}) {
            float[] one = conv.forward(Arrays.copyOfRange(x, s * per, (s + 1) * per), 1, in, 1);
            assertThat(Arrays.copyOfRange(all, s * outPer, (s + 1) * outPer)).as("sample %d", s).containsExactly(one);
        }
    }
}
