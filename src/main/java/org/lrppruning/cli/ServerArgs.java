package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.lrppruning.web.LocalServer;
import picocli.CommandLine.Option;

/**
 * The options of the commands that serve a local page ({@code @Mixin ServerArgs server;}): {@code --host},
 * {@code --port}, {@code --workers}, {@code --threads}; and serving it until Ctrl-C ({@link #serve}).
 */
final class ServerArgs {
    /** Seconds a request waits for a free worker before it is answered 503. */
    static final int QUEUE_SECONDS = 30;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W",
            description = "Requests computed at once; more wait in line (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads of one request (default: all cores). Results do not depend on it.")
    Integer threads;

    /** The running server's address and how to stop it, given to a command's {@code onStart}. */
    record Started(URI uri, Runnable stop) {
    }

    /** Starts a server. */
    @FunctionalInterface
    interface Starter {
        LocalServer start() throws IOException;
    }

    /** The threads of one request: {@code --threads}, else every core; below 1 is an IllegalArgumentException. */
    int threads() {
        return RunCommand.threads(threads);
    }

    /** The server's options; an IllegalArgumentException names a bad port or worker count (check them first). */
    LocalServer.Options options() {
        return new LocalServer.Options(host, port, workers, QUEUE_SECONDS);
    }

    /**
     * Starts the server ({@code onFailure} runs when it cannot listen, which is then a one-line error), prints
     * "{@code banner} at URL (Ctrl-C stops it)", hands its address to {@code onStart} and returns once it is
     * stopped, by Ctrl-C (the requests under way finish) or by {@code onStart}'s stop.
     */
    int serve(Starter starter, Runnable onFailure, String banner, PrintWriter out, Consumer<Started> onStart)
            throws InterruptedException {
        // a client that sends its request slowly cannot hold a handler thread for long
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "30");
        LocalServer server;
        try {
            server = starter.start();
        } catch (UnknownHostException e) {
            onFailure.run();
            throw new IllegalArgumentException("unknown --host " + host);
        } catch (IOException e) {
            onFailure.run();
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            stopped.countDown();
        };
        Thread hook = new Thread(stop, "server-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(banner + " at " + server.uri() + " (Ctrl-C stops it)");
        out.flush();
        onStart.accept(new Started(server.uri(), () -> {
            Runtime.getRuntime().removeShutdownHook(hook);
            stop.run();
        }));
        stopped.await();
        return 0;
    }
}
