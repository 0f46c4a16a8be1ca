package org.lrppruning.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import org.lrppruning.data.DataFiles;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.ModelStore;

/**
 * A CNN study small enough for a unit test: a tiny CNN's layer string, 150 training and 60 test images of 8 × 8 in
 * three classes (.npy pairs in the test's folder) and the model cache in that folder, the previous one restored on
 * {@link #close}.
 *
 * @param train the training data file
 * @param test the test data file
 * @param home the model cache's home the test found (null: none set)
 */
public record TinyStudy(Path train, Path test, String home) implements AutoCloseable {
    /** conv3:3, bn, relu, maxpool2, conv3:4, ...: 7 filters, 497 parameters, 3 classes. */
    public static final String ARCH =
            "in:1x8x8,conv3:3,bn,relu,maxpool2,conv3:4,relu,flatten,linear:5,relu,dropout,linear:3";

    /** Writes the data into {@code dir} and points the model cache to {@code dir/home}. */
    public static TinyStudy in(Path dir) throws IOException {
        Random r = new Random(8);
        Path train = dir.resolve("train.npy");
        DataFiles.write(train, images(r, 150));
        Path test = dir.resolve("test.npy");
        DataFiles.write(test, images(r, 60));
        String home = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, dir.resolve("home").toString());
        return new TinyStudy(train, test, home);
    }

    /** Uniform [0, 1) images, labels 0, 1, 2, 0, ... */
    private static LabeledData images(Random r, int n) {
        return new LabeledData(Cnns.uniform(r, n * 64, 0, 1), new int[] {1, 8, 8},
                IntStream.range(0, n).map(i -> i % 3).toArray());
    }

    /** Restores the model cache the test found. */
    @Override
    public void close() {
        if (home == null) {
            System.clearProperty(ModelStore.HOME_PROPERTY);
        } else {
            System.setProperty(ModelStore.HOME_PROPERTY, home);
        }
    }
}
