package org.lrppruning.cli;

import org.lrppruning.experiment.RunConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.OutputPaths;
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
        Dataset d = Dataset.of(dataset);
        ToyData.checkSize(d, perClass);
        if (sigma != null && !(sigma > 0 && !sigma.isInfinite())) {
            throw new IllegalArgumentException("noisytest sigma must be a finite number > 0, was " + sigma);
        }
        RunConfig.checkSeed(seed, train || sigma == null ? 0 : sigma);
        String name = output.getFileName().toString();
        Path parent = output.toAbsolutePath().getParent();
        List<Path> files;
        if (name.endsWith(".npy")) {
            String stem = name.substring(0, name.length() - 4);
            files = List.of(parent.resolve(stem + "-X.npy"), parent.resolve(stem + "-y.npy"));
        } else if (name.endsWith(".csv")) {
            files = List.of(output);
        } else {
            throw new IllegalArgumentException("output must end in .csv or .npy: " + output);
        }
        files.forEach(OutputPaths::checkFile);
        Samples s = train ? ToyData.training(d) : sigma != null ? ToyData.noisyTest(d, seed, sigma)
                : ToyData.reference(d, perClass, seed);
        Files.createDirectories(parent);
        if (files.size() == 2) {
            long[] labels = new long[s.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = s.labels()[i];
            }
            Npy.write(files.get(0), NpyArray.ofFloats(s.x(), s.size(), 2));
            Npy.write(files.get(1), NpyArray.ofLongs(labels, s.size()));
        } else {
            AtomicFiles.write(output, out -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                w.write("x,y,label\n");
                for (int i = 0; i < s.size(); i++) {
                    // repr of the float32 value widened to double: exact, and reads back to the same float32
                    w.write(PyFloat.repr(s.x()[2 * i]) + "," + PyFloat.repr(s.x()[2 * i + 1]) + "," + s.labels()[i] + "\n");
                }
                w.flush();
            });
        }
        spec.commandLine().getOut().println("Wrote " + s.size() + " points of " + d + " to " + output);
        return 0;
    }
}
