package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Layer;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Window;
import org.lrppruning.testutil.Cnns;

/** The direct convolution gives Conv2d's own outputs bit for bit, for every geometry it takes, and the layers after it theirs. */
class DirectConvTest {
    @Test
    void givesConv2dsBitsForKernelsPaddingsChannelAndFilterCounts() {
        Random r = new Random(3);
        // {in, out, h, w, kh, kw, ph, pw}: tiles and their leftovers, no padding, padding beyond the kernel,
        // a fan-in past Conv2d's direct limit and below it, widths under one vector
        int[][] cases = {
            {16, 32, 14, 14, 3, 3, 1, 1}, {13, 27, 14, 14, 3, 3, 1, 1}, {32, 64, 7, 7, 3, 3, 1, 1},
            {1, 16, 28, 28, 3, 3, 1, 1}, {3, 5, 9, 11, 3, 2, 0, 1}, {2, 7, 5, 6, 1, 1, 0, 0},
            {4, 9, 6, 5, 3, 3, 2, 3}, {5, 3, 3, 3, 5, 5, 2, 2}, {1, 1, 1, 1, 1, 1, 0, 0},
        };
        for (int[] c : cases) {
            for (boolean bias : new boolean[] {true, false}) {
                Conv2d conv = Cnns.conv("c", c[0], c[1], new Window(c[4], c[5], 1, 1, c[6], c[7]), bias, r);
                int n = 3;
                int[] shape = {c[0], c[2], c[3]};
                float[] x = Cnns.uniform(r, n * c[0] * c[2] * c[3], -1, 1);
                for (int i = 0; i < x.length; i += 7) {
                    x[i] = i % 2 == 0 ? -0f : 0f; // signed zeros keep their sign through the chains
                }
                assertThat(DirectConv.forward(conv, x, n, shape)).as(java.util.Arrays.toString(c) + " bias " + bias)
                        .containsExactly(conv.forward(x, n, shape, 1));
            }
        }
    }

    @Test
    void theLayersAfterItGiveTheirOwnBitsTooWithNaNsInfinitiesAndTies() {
        Random r = new Random(5);
        Window[] pools = {Window.square(2, 2, 0), new Window(3, 3, 2, 2, 1, 1), new Window(2, 3, 1, 2, 0, 1, true)};
        for (Window pool : pools) {
            for (int variant = 0; variant < 4; variant++) {
                Conv2d conv = Cnns.conv("c", 3, 7, Window.square(3, 1, 1), variant != 1, r);
                List<Layer> then = switch (variant) {
                    case 0 -> List.of(Cnns.bn("bn", 7, r), new Relu("relu"), new MaxPool2d("pool", pool));
                    case 1 -> List.of(new Relu("relu"), new MaxPool2d("pool", pool), new Dropout("drop", 0.5f));
                    case 2 -> List.of(new MaxPool2d("pool", pool), Cnns.bn("bn", 7, r), new Relu("relu"));
                    default -> List.of(Cnns.bn("bn", 7, r));
                };
                int n = 4;
                int[] shape = {3, 9, 10};
                float[] x = Cnns.uniform(r, n * 90 * 3, -1, 1);
                x[5] = Float.NaN;
                x[300] = Float.POSITIVE_INFINITY;
                x[301] = Float.NEGATIVE_INFINITY;
                for (int i = 540; i < 810; i++) {
                    x[i] = 0.25f; // a constant sample: equal values in every window
                }
                float[] expected = conv.forward(x, n, shape, 1);
                int[] s = conv.outputShape(shape);
                for (Layer l : then) {
                    expected = l.forward(expected, n, s, 1);
                    s = l.outputShape(s);
                }
                assertThat(DirectConv.of(conv, then, shape).forward(x, n)).as(pool + " variant " + variant)
                        .containsExactly(expected);
            }
        }
    }

    @Test
    void takesDenseStrideOneConvolutionsOnly() {
        Random r = new Random(4);
        assertThat(DirectConv.applies(Cnns.conv("a", 2, 4, Window.square(3, 1, 1), true, r))).isTrue();
        assertThat(DirectConv.applies(Cnns.conv("b", 2, 4, Window.square(3, 2, 1), true, r))).isFalse();
        assertThat(DirectConv.applies(new Conv2d("g", 4, 4, 2, Window.square(3, 1, 1), new float[4 * 2 * 9], null)))
                .isFalse();
        assertThat(DirectConv.applies(Cnns.bn("n", 4, r))).isFalse();
        assertThat(DirectConv.fuses(Cnns.bn("n", 4, r))).isTrue();
        assertThat(DirectConv.fuses(new org.lrppruning.model.Flatten("f"))).isFalse();
    }
}
