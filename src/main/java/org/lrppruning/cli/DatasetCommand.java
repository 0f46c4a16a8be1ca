package org.lrppruning.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lrppruning.data.DataFiles;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.io.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes one data set to a file (.csv, or an .npy pair): a toy data set, for users and for checking
 * against NumPy, or any data {@link DataSources} reads (converted, optionally n per class).
 */
@Command(name = "dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a data set: the reference samples of a seed, its noisy test set, or the training set;",
                "or convert --from DATA (any form --data takes, docs/data.md), optionally N per class."})
final class DatasetCommand implements Callable<Integer> {
    private static final int DEFAULT_PER_CLASS = 5;

    @Spec
    CommandSpec spec;

    @Option(names = {"--dataset", "-d"}, paramLabel = "DATASET",
            completionCandidates = Choices.Datasets.class, description = "Choices: ${COMPLETION-CANDIDATES}.")
    String dataset;

    @Option(names = "--from", paramLabel = "DATA",
            description = "Instead of a toy set: NAME.npy, FILE.csv, IDX images, SAMPLES,LABELS, fashion-mnist[:test].")
    String from;

    @Option(names = {"--numsamples", "-n"}, paramLabel = "N",
            description = "Samples per class (default: 5 for a toy set; all of --from).")
    Integer perClass;

    @Option(names = {"--seed", "-s"}, defaultValue = "1", paramLabel = "SEED", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pick", defaultValue = "random", paramLabel = "random|first",
            description = "With --from and -n: first N of each class in RandomState(SEED).permutation order,"
                    + " or in file order (default: ${DEFAULT-VALUE}).")
    String pick;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "With --from: x = (x - MEAN) / STD per channel (one pair, or C means then C stds).")
    String normalize;

    @Option(names = {"--noisytest", "-nt"}, paramLabel = "SIGMA",
            description = "Write the noisy test set of this seed (500 points) instead of the reference samples.")
    Double sigma;

    @Option(names = "--train", description = "Write the fixed training set instead.")
    boolean train;

    @Option(names = {"--output", "-o"}, required = true, paramLabel = "FILE",
            description = "Output: FILE.csv (header, features, label) or FILE.npy (writes FILE-X.npy and FILE-y.npy).")
    java.nio.file.Path output;

    @Option(names = "--force", description = "Replace the output file when it exists (never an input of the command,"
            + " a symbolic link or a read-only file).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        String name = output.getFileName().toString();
        if (!name.endsWith(".csv") && !name.endsWith(".npy")) {
            throw new IllegalArgumentException("output must end in .csv or .npy: " + output);
        }
        List<OutputPaths.Input> inputs = new java.util.ArrayList<>();
        DataSetArgs.add(inputs, "--from", from);
        for (Path f : DataFiles.files(output)) { // before any data is made or read
            OutputPaths.checkOutput(f, force, inputs);
        }
        if ((dataset == null) == (from == null)) {
            throw new IllegalArgumentException("give exactly one of --dataset and --from");
        }
        if (from != null) {
            return convert();
        }
        if (normalize != null) {
            throw new IllegalArgumentException("--normalize applies to --from only");
        }
        if (train) {
            Flags.refuse(spec, "with --train (the training set is fixed)", "-nt", "-n", "-s");
        } else if (sigma != null) {
            Flags.refuse(spec, "with -nt (the noisy test set has 500 points)", "-n");
        }
        Dataset d = Dataset.of(dataset);
        int n = ToyData.checkSize(d, perClass == null ? DEFAULT_PER_CLASS : perClass);
        if (sigma != null && !(sigma > 0 && !sigma.isInfinite())) {
            throw new IllegalArgumentException("noisytest sigma must be a finite number > 0, was " + sigma);
        }
        RunConfig.checkSeed(seed, train || sigma == null ? 0 : sigma);
        Samples s;
        if (train) {
            s = ToyData.training(d);
        } else if (sigma != null) {
            s = ToyData.noisyTest(d, seed, sigma);
        } else {
            s = ToyData.reference(d, n, seed);
        }
        List<Path> written = DataFiles.write(output, LabeledData.of(s), new String[] {"x", "y"});
        spec.commandLine().getOut().println("Wrote " + s.size() + " points of " + d + " to " + files(written));
        return 0;
    }

    private int convert() throws IOException {
        if (train || sigma != null) {
            throw new IllegalArgumentException("--train and --noisytest apply to --dataset only");
        }
        References.Pick p = References.Pick.of(pick);
        LabeledData data = DataSources.load(from, DataOptions.normalize(normalize));
        if (perClass != null) {
            RunConfig.checkPerClass(perClass);
            data = References.draw(data, data.classCount(), perClass, p, seed, from);
        }
        List<Path> written = DataFiles.write(output, data);
        spec.commandLine().getOut().println("Wrote " + data.size() + " samples of "
                + LabeledData.shapeString(data.sampleShape()) + " (" + data.classCount() + " classes) from "
                + from + " to " + files(written));
        return 0;
    }

    /** The files as the user reads them: "a.csv", or "x-X.npy and x-y.npy". */
    private static String files(List<Path> written) {
        return written.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(" and "));
    }
}
