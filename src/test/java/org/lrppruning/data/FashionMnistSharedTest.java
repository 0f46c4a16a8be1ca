package org.lrppruning.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.References.Pick;
import org.lrppruning.io.Npy;
import org.lrppruning.testutil.Shared;

/**
 * The installed Fashion-MNIST test split, loaded and normalised as {@code --data fashion-mnist:test
 * --normalize 0.2860,0.3530}, is bit for bit the CNN fixtures' input, and the {@code first} pick
 * reproduces their reference set (../shared/cnn/README.md). Needs Debian's dataset-fashion-mnist.
 */
@Tag("shared")
class FashionMnistSharedTest {
    private static LabeledData test;

    @BeforeAll
    static void load() {
        if (!FashionMnist.installed(true)) {
            fail("Fashion-MNIST is not installed at " + FashionMnist.dir() + ": " + FashionMnist.INSTALL_HINT);
        }
        test = DataSources.load("fashion-mnist:test", DataOptions.normalize("0.2860,0.3530"));
    }

    @Test
    void theFirst256NormalisedImagesAreTheFixturesInputBitForBit() throws IOException {
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.sampleShape()).containsExactly(1, 28, 28);
        int[] first = new int[256];
        Arrays.setAll(first, i -> i);
        LabeledData d = test.select(first);
        float[] want = Npy.read(Shared.file("cnn/first256_input.npy")).asFloats();
        float[] got = d.x();
        assertThat(got.length).isEqualTo(want.length);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(want[i])) {
                fail("value " + i + ": " + got[i] + " != fixture " + want[i]);
            }
        }
        assertThat(d.labels()).containsExactly(Npy.read(Shared.file("cnn/first256_labels.npy")).asInts());
    }

    @Test
    void theFirstPickOfFivePerClassIsTheFixturesReferenceSet() throws IOException {
        int[] got = References.indices(test, 10, 5, Pick.FIRST, 0, "fashion-mnist:test");
        assertThat(got).containsExactly(Npy.read(Shared.file("cnn/refset_n5_indices.npy")).asInts());
        LabeledData refs = test.select(got);
        assertThat(refs.labels()).containsExactly(Npy.read(Shared.file("cnn/refset_n5_labels.npy")).asInts());
        assertThat(refs.x()).containsExactly(Npy.read(Shared.file("cnn/refset_n5_input.npy")).asFloats());
    }

    @Test
    void theTrainingSplitHas60000LabelledImages() {
        LabeledData train = DataSources.load("fashion-mnist", DataOptions.NONE);
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.classCounts(10)).containsOnly(6000);
    }
}
