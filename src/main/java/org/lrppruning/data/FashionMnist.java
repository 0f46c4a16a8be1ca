package org.lrppruning.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) as Debian's package {@code dataset-fashion-mnist}
 * installs it: four gzip'd IDX files, 60 000 training and 10 000 test images of 28×28 bytes.
 */
public final class FashionMnist {
    /** Where the Debian package puts the files. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    /** System property that overrides {@link #DEFAULT_DIR} (tests, other installs). */
    public static final String DIR_PROPERTY = "lrp.fashion-mnist.dir";
    /** Environment variable that overrides {@link #DEFAULT_DIR} when the property is not set. */
    public static final String DIR_ENV = "LRP_FASHION_MNIST_DIR";
    /** The one-line hint given when the files are missing. */
    public static final String INSTALL_HINT = "install it with 'apt-get install dataset-fashion-mnist'";

    private FashionMnist() {}

    /** The folder holding the IDX files: the property, else the environment variable, else the default. */
    public static Path dir() {
        String p = System.getProperty(DIR_PROPERTY);
        if (p == null || p.isEmpty()) {
            p = System.getenv(DIR_ENV);
        }
        return Path.of(p == null || p.isEmpty() ? DEFAULT_DIR : p);
    }

    /** The images file of a split: {@code train-images-idx3-ubyte.gz} or {@code t10k-images-idx3-ubyte.gz}. */
    public static Path images(boolean test) {
        return dir().resolve(prefix(test) + "-images-idx3-ubyte.gz");
    }

    /** The labels file of a split. */
    public static Path labels(boolean test) {
        return dir().resolve(prefix(test) + "-labels-idx1-ubyte.gz");
    }

    /** Whether both files of the split exist. */
    public static boolean installed(boolean test) {
        return Files.isRegularFile(images(test)) && Files.isRegularFile(labels(test));
    }

    /** The split's images scaled to [0, 1] (sample shape 1×28×28) and labels 0..9, in file order. */
    static LabeledData load(boolean test) {
        String name = test ? "fashion-mnist:test" : "fashion-mnist";
        if (!installed(test)) {
            Path missing = Files.isRegularFile(images(test)) ? labels(test) : images(test);
            throw new DataException(name, "not installed (no " + missing + "); " + INSTALL_HINT);
        }
        Features f = IdxReader.images(images(test));
        int[] y = IdxReader.labels(labels(test));
        return DataSources.combine(images(test).toString(), f, labels(test).toString(), y);
    }

    private static String prefix(boolean test) {
        return test ? "t10k" : "train";
    }
}
