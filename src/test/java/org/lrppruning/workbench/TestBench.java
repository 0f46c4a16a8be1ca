package org.lrppruning.workbench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.testutil.Cnns;
import org.lrppruning.web.LocalServer;

/**
 * A workbench server on a free port over a tiny CNN (1×8×8 images, 7 filters, 3 classes; BatchNorm with random
 * statistics) and images whose values are bytes / 255 (a grey PNG of one is the same input), with an HTTP client.
 */
final class TestBench implements AutoCloseable {
    static final String ARCH = "in:1x8x8,conv3:3,bn,relu,maxpool2,conv3:4,relu,flatten,linear:5,relu,dropout,linear:3";

    final Workbench bench;
    final LocalServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** An HTTP answer: status, content type and body. */
    record Answer(int status, String type, String body) {
    }

    private TestBench(Workbench bench, LocalServer server) {
        this.bench = bench;
        this.server = server;
    }

    static Network network() {
        Network fresh = Architecture.of(ARCH).initialise(3, 5);
        BatchNorm bn = (BatchNorm) fresh.layer(1);
        return fresh.with(1, Cnns.bn(bn.name(), 3, new Random(6)));
    }

    /** {@code n} images of byte values / 255 with labels. */
    static LabeledData images(long seed, int n) {
        Random r = new Random(seed);
        float[] x = new float[n * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(256) / 255f;
        }
        return new LabeledData(x, new int[] {1, 8, 8}, r.ints(n, 0, 3).toArray());
    }

    static TestBench start() throws IOException {
        Workbench b = new Workbench(new Workbench.Inputs(network(), OnnxLayout.defaults(), "tiny", List.of("--model",
                "tiny.npz"), images(1, 120), "train.npy", images(2, 90), List.of("--data", "train.npy", "--test",
                "test.npy"), null, Composites.Box.UNIT, 2));
        return new TestBench(b, WorkbenchServer.start(b, new LocalServer.Options("127.0.0.1", 0, 2, 30)));
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
        return new Answer(a.statusCode(), a.headers().firstValue("Content-Type").orElse(""), a.body());
    }

    byte[] bytes(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    @Override
    public void close() {
        server.close();
    }
}
