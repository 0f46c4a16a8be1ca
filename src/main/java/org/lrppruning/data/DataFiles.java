package org.lrppruning.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;

/**
 * Writes labelled data in the forms {@link DataSources} reads back unchanged: {@code FILE.csv}
 * (header, features, label) or {@code NAME.npy}, i.e. {@code NAME-X.npy} (float32, N × sample
 * shape) and {@code NAME-y.npy} (int64). Each file is written atomically.
 */
public final class DataFiles {
    private DataFiles() {}

    /** The files {@link #write} writes for {@code out}: the CSV itself, or the two files of an .npy pair. */
    public static java.util.List<Path> files(Path out) {
        return out.getFileName().toString().endsWith(".npy")
                ? java.util.List.of(NpyPair.featuresFile(out), NpyPair.labelsFile(out)) : java.util.List.of(out);
    }

    /** Writes {@code data} to {@code out} with the CSV columns x0, x1, …; returns the files written. */
    public static java.util.List<Path> write(Path out, LabeledData data) throws IOException {
        return write(out, data, CsvData.defaultNames(data.sampleSize()));
    }

    /**
     * Writes {@code data} to {@code out} (.csv or .npy), naming the CSV feature columns {@code names};
     * returns the files written (one CSV, or the two files of an .npy pair).
     *
     * @throws IllegalArgumentException if {@code out} ends in neither .csv nor .npy
     */
    public static java.util.List<Path> write(Path out, LabeledData data, String[] names) throws IOException {
        String name = out.getFileName().toString();
        if (!name.endsWith(".csv") && !name.endsWith(".npy")) {
            throw new IllegalArgumentException("output must end in .csv or .npy: " + out);
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (name.endsWith(".csv")) {
            CsvData.write(out, data, names);
            return java.util.List.of(out);
        }
        long[] labels = new long[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.labels()[i];
        }
        Npy.write(NpyPair.featuresFile(out), NpyArray.ofFloats(data.x(), data.shape()));
        Npy.write(NpyPair.labelsFile(out), NpyArray.ofLongs(labels, data.size()));
        return java.util.List.of(NpyPair.featuresFile(out), NpyPair.labelsFile(out));
    }
}
