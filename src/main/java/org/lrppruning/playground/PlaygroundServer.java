package org.lrppruning.playground;

import java.io.IOException;
import org.lrppruning.web.LocalServer.Response;
import org.lrppruning.web.LocalServer;

/**
 * Starts the playground's local HTTP server: the page from the jar and the JSON API of {@link Api} on a {@link LocalServer}
 * (its limits, answers and 503s under load). Request bodies are capped at {@value #MAX_BODY} bytes.
 */
public final class PlaygroundServer {
    /** Largest request body in bytes (200 added points take about 8 KB). */
    public static final int MAX_BODY = 64 * 1024;

    private PlaygroundServer() {}

    /** Starts a server for {@code playground}; the port may be 0 (any free port, see {@link LocalServer#uri()}). */
    public static LocalServer start(Playground playground, LocalServer.Options o) throws IOException {
        return start(playground, o, () -> { });
    }

    /** As {@link #start(Playground, LocalServer.Options)}; {@code onRun} runs in a worker's turn before each run (tests slow runs with it). */
    static LocalServer start(Playground playground, LocalServer.Options o, Runnable onRun) throws IOException {
        Api api = new Api(playground);
        return LocalServer.builder("playground", "/org/lrppruning/playground/web/")
                .file("/", "index.html").file("/index.html", "index.html")
                .file("/playground.js", "playground.js").file("/playground.css", "playground.css")
                .maxBody(MAX_BODY).onRun(onRun).onClose(() -> playground.models().close())
                .route("GET", "/api/options", r -> Response.json(api.options()))
                .route("GET", "/api/models", r -> Response.json(api.models(Api.dataset(r.query("dataset")))))
                .route("GET", "/api/data", r -> Response.json(api.data(Api.dataset(r.query("dataset")))))
                .route("POST", "/api/train", r -> Response.json(202, api.train(Json.parse(r.body()))))
                .route("POST", "/api/run", r -> {
                    String text = r.body();
                    return Response.json(r.computing(() -> api.run(Json.parse(text))));
                })
                .start(o);
    }
}
