package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.ModelIO;
import org.lrppruning.testutil.Nets;

/** {@code playground}: starts on a free port of 127.0.0.1, prints its URL, serves, stops; bad options are one line. */
class PlaygroundCommandTest {
    @TempDir
    Path dir;

    @Test
    void startsOnAFreeLocalPortPrintsTheUrlServesAModelsFolderAndStops() throws IOException {
        ModelIO.save(dir.resolve("moon.npz"), Nets.paperShaped(3, 8, 8, 8, Dataset.MOON.classes(), false));
        List<String> answers = new ArrayList<>();
        CliRun o = CliRun.run(cl -> ((PlaygroundCommand) cl.getSubcommands().get("playground").getCommand()).onStart =
                started -> {
                    try {
                        HttpClient c = HttpClient.newHttpClient();
                        answers.add(started.uri().toString());
                        answers.add(c.send(HttpRequest.newBuilder(started.uri().resolve("/api/models?dataset=moon"))
                                .build(), HttpResponse.BodyHandlers.ofString()).body());
                        HttpResponse<String> run = c.send(HttpRequest.newBuilder(started.uri().resolve("/api/run"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"dataset\":\"moon\",\"model\":\"folder\",\"prune\":5,\"grid\":10}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        answers.add(run.statusCode() + " " + run.body());
                        answers.add(Integer.toString(c.send(HttpRequest.newBuilder(started.uri()).build(),
                                HttpResponse.BodyHandlers.ofString()).body().indexOf("<title>lrp-pruning playground")));
                    } catch (IOException | InterruptedException e) {
                        answers.add("failed: " + e);
                    } finally {
                        started.stop().run();
                    }
                }, "playground", "--port", "0", "--models", dir.toString(), "--threads", "1");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("Playground at http://127.0.0.1:").contains("Ctrl-C stops it");
        assertThat(answers).hasSize(4);
        assertThat(answers.get(0)).startsWith("http://127.0.0.1:").doesNotEndWith(":0/");
        assertThat(answers.get(1)).contains("\"id\":\"folder\"", "\"state\":\"ready\"", "\"hidden\":[8,8,8]");
        assertThat(answers.get(2)).startsWith("200 {\"experiment\":\"dataset:moon-criterion:lrp-n:10-s:1\"")
                .contains("\"kept\":[");
        assertThat(Integer.parseInt(answers.get(3))).isPositive();
    }

    @Test
    void badOptionsAndABusyPortAreOneLineErrors() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String[][] cases = {
                {"--port", "70000", "--port must be between 0 and 65535, was 70000"},
                {"--port", "x", "Invalid value for option '--port'"},
                {"--workers", "0", "--workers must be >= 1, was 0"},
                {"--host", "no-such-host.invalid", "unknown --host no-such-host.invalid"},
                {"--models", dir.resolve("missing").toString(), "is not a folder"},
                {"--arch", "big", "unknown architecture 'big'"},
                {"--port", Integer.toString(busy.getLocalPort()), "cannot listen on 127.0.0.1:" + busy.getLocalPort()},
            };
            for (String[] c : cases) {
                CliRun o = CliRun.run("playground", c[0], c[1]);
                assertThat(o.code()).as(o.err()).isEqualTo(2);
                assertThat(o.err()).contains(c[2]);
                assertThat(o.err().strip().lines().filter(l -> !l.startsWith("Try ")).count()).as(o.err()).isEqualTo(1);
                assertThat(o.out()).isEmpty();
            }
        }
    }
}
