package org.lrppruning.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelStore;
import org.lrppruning.train.Trainer;
import org.lrppruning.web.LocalServer;

/**
 * The playground under load, on loopback with a bounded count of requests and a bounded time: every request gets
 * an HTTP answer, a run that finds every worker and waiting slot taken hears 503 with a JSON error at once (rather
 * than waiting unread in the handler queue until the JDK server drops its connection), and an oversized chunked
 * body gets the JSON 400 like an oversized declared one.
 */
class PlaygroundLoadTest {
    private static final String RUN = "{\"dataset\":\"moon\",\"criterion\":\"weight\",\"samples\":1,\"prune\":3,\"grid\":10}";

    @TempDir
    Path dir;

    private LocalServer start(Runnable onRun) throws IOException {
        ModelStore store = TestPlayground.smallModels(dir, 8);
        ModelCatalog catalog = new ModelCatalog(store, false, null, Architecture.PAPER, Trainer.Settings::defaults, 1);
        return PlaygroundServer.start(new Playground(catalog, 1), new LocalServer.Options("127.0.0.1", 0, 1, 30),
                onRun);
    }

    @Test
    void fiftyParallelRunsEachGetAnAnswerAndThoseBeyondTheWaitingSlotsHear503AtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int n = 50;
        int busy = 1 + LocalServer.waitingSlots(1); // the computing run and the waiting ones
        try (LocalServer server = start(() -> {
            try {
                release.await(20, TimeUnit.SECONDS); // runs hold their worker until the test lets them go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }); TestPlayground.Client c = new TestPlayground.Client(server)) {
            AtomicInteger answered = new AtomicInteger();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                HttpRequest r = HttpRequest.newBuilder(server.uri().resolve("/api/run")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(RUN)).build();
                answers.add(c.client.sendAsync(r, HttpResponse.BodyHandlers.ofString())
                        .whenComplete((a, e) -> answered.incrementAndGet()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (answered.get() < n - busy && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(answered.get()).as("answered while every worker and waiting slot is taken").isEqualTo(n - busy);
            release.countDown();
            int ok = 0;
            int full = 0;
            for (CompletableFuture<HttpResponse<String>> f : answers) {
                HttpResponse<String> a = f.get(20, TimeUnit.SECONDS); // an exception here: a request without an answer
                if (a.statusCode() == 200) {
                    ok++;
                } else {
                    assertThat(a.statusCode()).as(a.body()).isEqualTo(503);
                    assertThat(a.body()).startsWith("{\"error\":\"busy: every worker is computing and ");
                    full++;
                }
            }
            assertThat(ok).isEqualTo(busy);
            assertThat(full).isEqualTo(n - busy);
        }
    }

    @Test
    void anOversizedChunkedBodyGetsTheJson400AndTheServerKeepsServing() throws Exception {
        try (LocalServer server = start(() -> { }); TestPlayground.Client c = new TestPlayground.Client(server)) {
            for (int size : new int[] {PlaygroundServer.MAX_BODY + 1, 200_000, 3_000_000}) {
                byte[] big = ("{\"points\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
                HttpRequest r = HttpRequest.newBuilder(server.uri().resolve("/api/run")).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
                HttpResponse<String> a = c.client.send(r, HttpResponse.BodyHandlers.ofString());
                assertThat(a.statusCode()).isEqualTo(400);
                assertThat(a.body()).isEqualTo("{\"error\":\"request body larger than " + PlaygroundServer.MAX_BODY
                        + " bytes\"}");
            }
            // the same with the length declared: answered without waiting for a body it will not take
            byte[] declared = new byte[3_000_000];
            HttpRequest fixed = HttpRequest.newBuilder(server.uri().resolve("/api/run")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(declared)).build();
            HttpResponse<String> a = c.client.send(fixed, HttpResponse.BodyHandlers.ofString());
            assertThat(a.statusCode()).isEqualTo(400);
            assertThat(a.body()).contains("request body larger than");
            HttpRequest ok = HttpRequest.newBuilder(server.uri().resolve("/api/run")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(RUN)).build();
            assertThat(c.client.send(ok, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
