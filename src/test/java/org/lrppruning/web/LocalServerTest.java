package org.lrppruning.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.lrppruning.web.LocalServer.Response;

/** The local server's routes and answers: methods per path, unknown paths, JSON bodies only, no Nagle delay. */
class LocalServerTest {
    private static LocalServer start() throws Exception {
        return LocalServer.builder("test", "/org/lrppruning/playground/web/").file("/", "index.html").maxBody(16)
                .route("GET", "/api/x", r -> Response.json("{\"q\":\"" + r.query("q") + "\"}"))
                .route("POST", "/api/x", r -> {
                    String body = r.body();
                    return Response.json(r.computing(() -> "{\"body\":" + body + "}"));
                })
                .route("GET", "/api/bad", r -> {
                    throw new IllegalArgumentException("no such thing\nsecond line");
                })
                .start(LocalServer.Options.local(0));
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesByPathAndMethodAndAnswersEachFailureWithItsStatusAndOneLine() throws Exception {
        try (LocalServer s = start()) {
            URI u = s.uri();
            assertThat(send(HttpRequest.newBuilder(u.resolve("/api/x?q=a%20b"))).body()).isEqualTo("{\"q\":\"a b\"}");
            assertThat(send(HttpRequest.newBuilder(u.resolve("/api/x")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[1]"))).body()).isEqualTo("{\"body\":[1]}");
            HttpResponse<String> put = send(HttpRequest.newBuilder(u.resolve("/api/x"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST");
            assertThat(put.body()).isEqualTo("{\"error\":\"method PUT not allowed here (use GET, POST)\"}");
            assertThat(send(HttpRequest.newBuilder(u.resolve("/nope"))).statusCode()).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(u.resolve("/api/x"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(415);
            HttpResponse<String> big = send(HttpRequest.newBuilder(u.resolve("/api/x"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[" + "1,".repeat(9) + "1]")));
            assertThat(big.statusCode()).isEqualTo(400);
            assertThat(big.body()).isEqualTo("{\"error\":\"request body larger than 16 bytes\"}");
            HttpResponse<String> bad = send(HttpRequest.newBuilder(u.resolve("/api/bad")));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).isEqualTo("{\"error\":\"no such thing\"}");
            assertThat(send(HttpRequest.newBuilder(u)).body()).contains("<html");
        }
    }

    @Test
    void turnsNaglesAlgorithmOffSoThatAnAnswersSecondWriteDoesNotWaitForAnAcknowledgement() throws Exception {
        try (LocalServer s = start()) {
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
        }
    }
}
