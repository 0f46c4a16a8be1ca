package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.train.TrainedModels;
import org.lrppruning.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Trains a model and caches it where later runs find it: the toy's models ({@code -d}, their fixed recipe),
 * or any architecture on the user's data ({@code --data}, with Adam on seeded shuffled mini-batches).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the model of a toy data set (Adam, mini-batches of 200, dropout) and cache it,",
            "or train --arch ARCH on --data DATA (Adam, mini-batches, dropout, BatchNorm on batch statistics)."})
final class TrainCommand implements Callable<Integer> {
    /** The toy data sets trained when neither -d nor --data is given. */
    static final String TOY_DEFAULT = "moon,circle,mult";
    /** Epochs of --data training when --epochs is not given. */
    static final int DEFAULT_EPOCHS = TrainedModels.DEFAULT_EPOCHS;

    @Spec
    CommandSpec spec;

    @Option(names = {"--dataset", "-d"}, split = ",", paramLabel = "DATASET",
            completionCandidates = Choices.Datasets.class,
            description = "Toy data sets to train, comma separated. Choices: ${COMPLETION-CANDIDATES} (default: "
                    + TOY_DEFAULT + " when --data is not given).")
    String[] datasets;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = {"Network. Choices: ${COMPLETION-CANDIDATES} (default: paper) for -d; with --data any registered"
                    + " name (vgg-small, vgg-small-nobn, ...) or a layer string: " + Architecture.GRAMMAR + "."},
            completionCandidates = Choices.Architectures.class)
    String arch;

    @Option(names = "--data", paramLabel = "DATA",
            description = "Train on this data instead of a toy data set: NAME.npy, FILE.csv, IDX images,"
                    + " SAMPLES,LABELS, fashion-mnist (docs/data.md).")
    String data;

    @Option(names = "--test", paramLabel = "DATA", description = "Held-out data to report the accuracy on, same forms"
            + " as --data, normalised by --normalize (or, when not given, its own default).")
    String test;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "For --data and --test: x = (x - MEAN) / STD per channel after bytes are scaled to [0, 1]"
                    + " (default: " + DataOptions.FASHION_MNIST_NORMALIZE + " for a source that is fashion-mnist[:test],"
                    + " none for other data; none: no normalisation).")
    String normalize;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs of --data training (default: " + DEFAULT_EPOCHS
            + ").")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Mini-batch size of --data training (default: 128).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam's learning rate for --data training (default: 0.001).")
    Float lr;

    @Option(names = "--schedule", paramLabel = "cosine|constant", description = "Learning rate over the steps of"
            + " --data training: cosine down to 1 %% (default), or constant (the CNN fixtures' recipe).")
    String schedule;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initialisation, shuffling and dropout of"
            + " --data training (default: 0).")
    Long seed;

    @Option(names = {"--output", "-o", "--out"}, paramLabel = "FILE",
            description = "Write the model here instead of the cache: .npz (state-dict names) or, with --data, .onnx"
                    + " (one toy data set only).")
    Path output;

    @Option(names = "--force", description = "Replace the output file when it exists (never an input of the command,"
            + " a symbolic link or a read-only file).")
    boolean force;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores; results are the same"
            + " for any count).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        int t = RunCommand.threads(threads);
        PrintWriter out = spec.commandLine().getOut();
        return data != null ? trainOnData(t, out) : trainToys(t, out);
    }

    private int trainToys(int t, PrintWriter out) throws Exception {
        String given = firstGiven(java.util.Arrays.asList("--test", test, "--normalize", normalize, "--epochs", epochs, "--batch", batch,
                "--lr", lr, "--schedule", schedule, "--seed", seed));
        if (given != null) {
            throw new IllegalArgumentException(given + " is for --data training; the toy models (-d) train with their"
                    + " fixed recipe");
        }
        Architecture a = Architecture.toy(arch == null ? "paper" : arch);
        List<Dataset> ds = Dataset.list(List.of(datasets == null ? TOY_DEFAULT.split(",") : datasets));
        if (output != null && ds.size() != 1) {
            throw new IllegalArgumentException("--output needs exactly one --dataset");
        }
        ModelStore store = ModelStore.defaultStore();
        for (Dataset d : ds) {
            if (output != null) { // before hours of training, not after
                OutputPaths.checkOutput(output, force, List.of());
            } else {
                OutputPaths.checkFile(store.file(d, a)); // the cache: the tool's own file, replaced when retrained
            }
        }
        for (Dataset d : ds) {
            long start = System.nanoTime();
            Trainer.Result r = Models.train(d, a, t, true);
            Path f = output != null ? output : store.file(d, a);
            ModelIO.save(f, r.network());
            out.printf("%s: %d epochs, train accuracy %s %%, %.1f s -> %s%n", d, r.epochs(),
                    PyFloat.format(r.trainAccuracy(), 2), (System.nanoTime() - start) / 1e9, f);
        }
        return 0;
    }

    private int trainOnData(int t, PrintWriter out) throws Exception {
        if (datasets != null) {
            throw new IllegalArgumentException("give -d DATASET (a toy data set) or --data DATA, not both");
        }
        if (arch == null) {
            throw new IllegalArgumentException("--data needs --arch ARCH (" + Architecture.names() + ", or a layer"
                    + " string: " + Architecture.GRAMMAR + ")");
        }
        if (output != null) {
            checkOutput(output);
            List<OutputPaths.Input> inputs = new java.util.ArrayList<>();
            DataSetArgs.add(inputs, "--data", data);
            DataSetArgs.add(inputs, "--test", test);
            OutputPaths.checkOutput(output, force, inputs); // before the data is read
        }
        Architecture a = Architecture.of(arch);
        Trainer.Settings s = settings();
        DataOptions opts = DataOptions.forData(data, normalize);
        LabeledData train = DataSources.load(data, opts);
        Network start = TrainedModels.network(a, train, data, s.seed());
        LabeledData held = null;
        if (test != null) {
            held = DataSources.load(test, DataOptions.forData(test, normalize)); // its own default, not --data's
            if (!java.util.Arrays.equals(held.sampleShape(), train.sampleShape())) {
                throw new IllegalArgumentException("--test " + test + " has samples of shape "
                        + LabeledData.shapeString(held.sampleShape()) + ", --data " + data + " of shape "
                        + LabeledData.shapeString(train.sampleShape()));
            }
            DataSources.checkLabels(held, start.classes(), test);
        }
        Path f = output != null ? output : TrainedModels.cacheFile(ModelStore.defaultStore(), data, train, a, s);
        if (output == null) {
            OutputPaths.checkFile(f); // the cache (the tool's own file): before minutes of training, not after
        }
        out.println("Normalisation: " + DataSetArgs.describe("--data", data, normalize, "--normalize")
                + (test != null ? "; " + DataSetArgs.describe("--test", test, normalize, "--normalize") : ""));
        out.flush();
        long t0 = System.nanoTime();
        Trainer.Result r = DataModels.train(start, train, "train", s, t, true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String testPart = held == null ? ""
                : ", test accuracy " + PyFloat.format(DataModels.accuracy(r.network(), held, t), 2) + " %";
        if (output != null) {
            Models.save(r.network(), OnnxLayout.defaults(), f);
        } else {
            ModelIO.save(f, r.network());
        }
        out.printf(Locale.ROOT, "%s: %s, %d epochs, train accuracy %s %% (batches as trained)%s, %.1f s -> %s%n", data,
                a.id(), r.epochs(), PyFloat.format(r.trainAccuracy(), 2), testPart, seconds, f);
        return 0;
    }

    /** The --data training settings: image defaults with the options given. */
    private Trainer.Settings settings() {
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, was " + epochs);
        }
        if (batch != null && batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, was " + batch);
        }
        if (lr != null && !(lr > 0 && Float.isFinite(lr))) {
            throw new IllegalArgumentException("--lr must be a number > 0, was " + lr);
        }
        Trainer.Settings d = Trainer.Settings.images(epochs == null ? DEFAULT_EPOCHS : epochs,
                seed == null ? Trainer.DEFAULT_SEED : seed);
        Trainer.Schedule sched = d.schedule();
        if (schedule != null) {
            sched = switch (schedule.strip().toLowerCase(Locale.ROOT)) {
                case "cosine" -> Trainer.Schedule.COSINE_STEPS;
                case "constant" -> Trainer.Schedule.CONSTANT;
                default -> throw new IllegalArgumentException("--schedule '" + schedule + "': cosine or constant");
            };
        }
        return d.with(batch == null ? d.batchSize() : batch, lr == null ? d.learningRate() : lr, sched);
    }

    /** Refuses an output file the model cannot be written as, before hours of training. */
    private static void checkOutput(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npz") && !name.endsWith(".onnx")) {
            throw new IllegalArgumentException("--output " + file + ": a trained model is written as .npz or .onnx");
        }
    }

    /** The name of the first option of (name, value) pairs whose value is non-null, or null. */
    private static String firstGiven(List<Object> pairs) {
        for (int i = 0; i < pairs.size(); i += 2) {
            if (pairs.get(i + 1) != null) {
                return (String) pairs.get(i);
            }
        }
        return null;
    }
}
