package org.lrppruning.cli;

import java.util.List;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lrppruning.data.Dataset;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Trains the default model of a data set and caches it where later runs find it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the model of a data set (Adam, mini-batches of 200, dropout) and cache it.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--dataset", "-d"}, split = ",", defaultValue = "moon,circle,mult", paramLabel = "DATASET",
            completionCandidates = Choices.Datasets.class,
            description = "Data sets to train, comma separated. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String[] datasets;

    @Option(names = "--arch", defaultValue = "paper", paramLabel = "ARCH", completionCandidates = Choices.Architectures.class,
            description = "Network. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = {"--output", "-o"}, paramLabel = "FILE",
            description = "Write the model here instead of the cache (one data set only).")
    Path output;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Architecture a = Architecture.toy(arch);
        List<Dataset> ds = Dataset.list(List.of(datasets));
        if (output != null && ds.size() != 1) {
            throw new IllegalArgumentException("--output needs exactly one --dataset");
        }
        int t = RunCommand.threads(threads);
        PrintWriter out = spec.commandLine().getOut();
        ModelStore store = ModelStore.defaultStore();
        for (Dataset d : ds) {
            OutputPaths.checkFile(output != null ? output : store.file(d, a)); // before hours of training, not after
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
}
