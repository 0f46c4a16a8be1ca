package org.lrppruning.cli;

import org.lrppruning.experiment.RunConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.PyFloat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes one data set to a file (.csv, or an .npy pair), for users and for checking against NumPy. */
@Command(name = "dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a data set: the reference samples of a seed, its noisy test set, or the training set.")
final class DatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--dataset", "-d"}, required = true, paramLabel = "DATASET",
            description = "moon, circle or mult.")
    String dataset;

    @Option(names = {"--numsamples", "-n"}, defaultValue = "5", paramLabel = "N",
            description = "Samples per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = {"--seed", "-s"}, defaultValue = "1", paramLabel = "SEED", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"--noisytest", "-nt"}, paramLabel = "SIGMA",
            description = "Write the noisy test set of this seed (500 points) instead of the reference samples.")
    Double sigma;

    @Option(names = "--train", description = "Write the fixed training set instead.")
    boolean train;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE",
            description = "Output: FILE.csv (header x,y,label) or FILE.npy (writes FILE-X.npy and FILE-y.npy).")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (train) {
            Flags.refuse(spec, "with --train (the training set is fixed)", "-nt", "-n", "-s");
        } else if (sigma != null) {
            Flags.refuse(spec, "with -nt (the noisy test set has 500 points)", "-n");
        }
        Dataset d = Dataset.of(dataset);
        RunConfig.checkPerClass(perClass);
        RunConfig.checkSeed(seed);
        Samples s;
        if (train) {
            s = ToyData.training(d);
        } else if (sigma != null) {
            if (!(sigma > 0) || sigma.isInfinite()) {
                throw new IllegalArgumentException("noisytest sigma must be a finite number > 0, was " + sigma);
            }
            s = ToyData.noisyTest(d, seed, sigma);
        } else {
            s = ToyData.reference(d, perClass, seed);
        }
        String name = output.getFileName().toString();
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (name.endsWith(".npy")) {
            String stem = name.substring(0, name.length() - 4);
            long[] labels = new long[s.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = s.labels()[i];
            }
            Npy.write(parent.resolve(stem + "-X.npy"), NpyArray.ofFloats(s.x(), s.size(), 2));
            Npy.write(parent.resolve(stem + "-y.npy"), NpyArray.ofLongs(labels, s.size()));
        } else if (name.endsWith(".csv")) {
            Path tmp = parent.resolve("." + name + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
                w.write("x,y,label\n");
                for (int i = 0; i < s.size(); i++) {
                    // repr of the float32 value widened to double: exact, and reads back to the same float32
                    w.write(PyFloat.repr(s.x()[2 * i]) + "," + PyFloat.repr(s.x()[2 * i + 1]) + "," + s.labels()[i] + "\n");
                }
            }
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } else {
            throw new IllegalArgumentException("output must end in .csv or .npy: " + output);
        }
        spec.commandLine().getOut().println("Wrote " + s.size() + " points of " + d + " to " + output);
        return 0;
    }
}
