package org.lrppruning.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The labelled tensor: shape checks, selection, class counts, the toy's points. */
class LabeledDataTest {
    private static final LabeledData IMAGES = new LabeledData(
            new float[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}, new int[] {1, 2, 2}, new int[] {4, 0, 4});

    @Test
    void shapesSizesAndSamples() {
        assertThat(IMAGES.size()).isEqualTo(3);
        assertThat(IMAGES.sampleSize()).isEqualTo(4);
        assertThat(IMAGES.shape()).containsExactly(3, 1, 2, 2);
        assertThat(IMAGES.channels()).isEqualTo(1);
        assertThat(IMAGES.sample(1)).containsExactly(10, 11, 12, 13);
        assertThat(IMAGES.classCount()).isEqualTo(5);
        assertThat(IMAGES.classCounts(5)).containsExactly(1, 0, 0, 0, 2);
        assertThat(IMAGES.toString()).isEqualTo("LabeledData[3 samples of 1×2×2, 5 classes]");
    }

    @Test
    void selectCopiesTheChosenSamplesInOrder() {
        LabeledData s = IMAGES.select(new int[] {2, 0, 2});
        assertThat(s.x()).containsExactly(20, 21, 22, 23, 0, 1, 2, 3, 20, 21, 22, 23);
        assertThat(s.labels()).containsExactly(4, 4, 4);
        assertThat(s.sampleShape()).containsExactly(1, 2, 2);
        assertThat(IMAGES.range(1, 3)).isEqualTo(IMAGES.select(new int[] {1, 2}));
        assertThatThrownBy(() -> IMAGES.select(new int[] {3})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void inconsistentShapesAreRefused() {
        assertThatThrownBy(() -> new LabeledData(new float[5], new int[] {2}, new int[3]))
                .hasMessageContaining("must hold 3 samples of shape [2] = 6 values, has 5");
        assertThatThrownBy(() -> new LabeledData(new float[4], new int[] {2, 2}, new int[1]))
                .hasMessageContaining("{F} or {C, H, W}");
        assertThatThrownBy(() -> new LabeledData(new float[0], new int[] {0}, new int[0]))
                .hasMessageContaining("dimension <= 0");
    }

    @Test
    void toyPointsConvertBothWays() {
        Samples toy = new Samples(new float[] {1, 2, 3, 4}, new int[] {1, 0});
        LabeledData d = LabeledData.of(toy);
        assertThat(d.sampleShape()).containsExactly(2);
        assertThat(d.toSamples().x()).containsExactly(1, 2, 3, 4);
        assertThat(d.toSamples().labels()).containsExactly(1, 0);
        assertThatThrownBy(IMAGES::toSamples).hasMessageContaining("needs 2 features per sample");
    }
}
