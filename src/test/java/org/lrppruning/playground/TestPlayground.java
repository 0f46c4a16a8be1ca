package org.lrppruning.playground;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.testutil.Nets;
import org.lrppruning.train.Trainer;
import org.lrppruning.web.LocalServer;

/**
 * A playground server on a free port over small random networks (3 × {@value #WIDTH} hidden neurons)
 * saved into a model store in a temporary folder, with an HTTP client for the tests.
 */
final class TestPlayground implements AutoCloseable {
    static final int WIDTH = 24;

    final Path dir;
    final ModelStore store;
    final LocalServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** An HTTP answer: status and body. */
    record Answer(int status, String body) {
    }

    private TestPlayground(Path dir, ModelStore store, LocalServer server) {
        this.dir = dir;
        this.store = store;
        this.server = server;
    }

    /** Small paper-shaped networks for every data set (architecture paper) in {@code dir}/models. */
    static ModelStore smallModels(Path dir, int width) throws IOException {
        ModelStore store = new ModelStore(dir.resolve("models"));
        for (Dataset d : Dataset.values()) {
            ModelIO.save(store.file(d, Architecture.PAPER),
                    Nets.paperShaped(11 + d.ordinal(), width, width, width, d.classes(), false));
        }
        return store;
    }

    static TestPlayground start(Path dir) throws IOException {
        return start(dir, smallModels(dir, WIDTH), Trainer.Settings::defaults, 2);
    }

    static TestPlayground start(Path dir, ModelStore store, java.util.function.Function<Dataset, Trainer.Settings> s,
                                int workers) throws IOException {
        ModelCatalog catalog = new ModelCatalog(store, false, null, Architecture.PAPER, s, 2);
        LocalServer server = PlaygroundServer.start(new Playground(catalog, 2),
                new LocalServer.Options("127.0.0.1", 0, workers, 30));
        return new TestPlayground(dir, store, server);
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> a = client.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body());
    }

    @Override
    public void close() {
        server.close();
    }

    /** An HTTP/1.1 client of a server started elsewhere. */
    static final class Client implements AutoCloseable {
        final LocalServer server;
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        Client(LocalServer server) {
            this.server = server;
        }

        @Override
        public void close() {
            // HttpClient of Java 17 has no close; its threads are daemons
        }
    }
}
