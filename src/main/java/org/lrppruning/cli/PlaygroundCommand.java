package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.lrppruning.model.Architecture;
import org.lrppruning.playground.ModelCatalog;
import org.lrppruning.playground.Playground;
import org.lrppruning.playground.PlaygroundServer;
import org.lrppruning.web.LocalServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves the pruning playground: one page and its JSON API on a local port, until Ctrl-C. */
@Command(name = "playground", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Start the pruning playground: a local page where every choice (data set, model, criterion, "
                + "samples, seed, neurons to prune, noisy-test sigma) redraws the decision regions and the "
                + "neuron scores before and after pruning. Ctrl-C stops it.")
final class PlaygroundCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerArgs server;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Also offer DIR/{dataset}.npz (as sweep --models), besides the cached toy models.")
    Path models;

    @Option(names = "--arch", defaultValue = "paper", paramLabel = "ARCH", completionCandidates = Choices.Architectures.class,
            description = "Network of the --models files. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String arch;

    /** Called once the server listens (tests stop it from here); the command returns once it is stopped. */
    Consumer<ServerArgs.Started> onStart = s -> { };

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Architecture a = Architecture.toy(arch);
        int t = server.threads();
        LocalServer.Options options = server.options();
        if (models != null && !Files.isDirectory(models)) {
            throw new IllegalArgumentException("--models " + models + " is not a folder");
        }
        ModelCatalog catalog = ModelCatalog.standard(models, a, t);
        // Ctrl-C: stop serving, let the requests under way finish (a training in progress is dropped)
        return server.serve(() -> PlaygroundServer.start(new Playground(catalog, t), options), catalog::close,
                "Playground", out, onStart);
    }
}
