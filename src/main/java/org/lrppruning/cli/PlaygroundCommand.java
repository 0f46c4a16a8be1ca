package org.lrppruning.cli;

import java.io.PrintWriter;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.lrppruning.model.Architecture;
import org.lrppruning.playground.ModelCatalog;
import org.lrppruning.playground.Playground;
import org.lrppruning.playground.PlaygroundServer;
import picocli.CommandLine.Command;
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

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Also offer DIR/{dataset}.npz (as sweep --models), besides the cached toy models.")
    Path models;

    @Option(names = "--arch", defaultValue = "paper", paramLabel = "ARCH", completionCandidates = Choices.Architectures.class,
            description = "Network of the --models files. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W",
            description = "Runs computed at once; more wait in line (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads of one run's matrix products (default: all cores). Results do not depend on it.")
    Integer threads;

    /** The running server's address and how to stop it, given to {@link #onStart}. */
    record Started(URI uri, Runnable stop) {
    }

    /** Called once the server listens (tests stop it from here); the command returns once it is stopped. */
    Consumer<Started> onStart = s -> { };

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Architecture a = Architecture.toy(arch);
        int t = RunCommand.threads(threads);
        PlaygroundServer.Options options = new PlaygroundServer.Options(host, port, workers, 30);
        if (models != null && !Files.isDirectory(models)) {
            throw new IllegalArgumentException("--models " + models + " is not a folder");
        }
        // a client that sends its request slowly cannot hold a handler thread for long
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "30");
        ModelCatalog catalog = ModelCatalog.standard(models, a, t);
        PlaygroundServer server;
        try {
            server = PlaygroundServer.start(new Playground(catalog, t), options);
        } catch (UnknownHostException e) {
            catalog.close();
            throw new IllegalArgumentException("unknown --host " + host);
        } catch (IOException e) {
            catalog.close();
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            stopped.countDown();
        };
        // Ctrl-C: stop serving, let the requests under way finish (a training in progress is dropped)
        Thread hook = new Thread(stop, "playground-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Playground at " + server.uri() + " (Ctrl-C stops it)");
        out.flush();
        onStart.accept(new Started(server.uri(), () -> {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop.run();
        }));
        stopped.await();
        return 0;
    }
}
