package org.lrppruning.workbench;

import java.io.IOException;
import org.lrppruning.web.LocalServer.Response;
import org.lrppruning.web.LocalServer;

/**
 * Starts the workbench's local HTTP server: the page from the jar and the JSON API of {@link WorkbenchApi} on a
 * {@link LocalServer}, the playground's (its limits, answers and 503s under load). Request bodies are capped at
 * {@value #MAX_BODY} bytes.
 */
public final class WorkbenchServer {
    /** Largest request body in bytes: an uploaded image travels as a data URL (a 224×224 RGB PNG is about 200 KB). */
    public static final int MAX_BODY = 1 << 20;

    private WorkbenchServer() {}

    /** Starts a server for {@code bench}; the port may be 0 (any free port, see {@link LocalServer#uri()}). */
    public static LocalServer start(Workbench bench, LocalServer.Options o) throws IOException {
        WorkbenchApi api = new WorkbenchApi(bench);
        LocalServer.Builder b = LocalServer.builder("workbench", "/org/lrppruning/workbench/web/")
                .file("/", "index.html").file("/index.html", "index.html")
                .file("/workbench.js", "workbench.js").file("/workbench.css", "workbench.css")
                .maxBody(MAX_BODY).onClose(() -> api.curves().close())
                .route("GET", "/api/model", r -> Response.json(api.model()))
                .route("POST", "/api/evaluate", r -> {
                    String text = r.body();
                    return Response.json(r.computing(() -> api.evaluate(text)));
                })
                .route("POST", "/api/heatmaps", r -> {
                    String text = r.body();
                    return Response.json(r.computing(() -> api.heatmaps(text)));
                })
                .route("GET", "/api/images", r -> Response.json(api.images(WorkbenchJson.query(r.query()))))
                .route("GET", "/api/curves", r -> Response.json(api.curves(WorkbenchJson.query(r.query()))))
                .route("POST", "/api/curves", r -> Response.json(api.startCurves(r.body())))
                .route("GET", "/api/onnx", r -> {
                    var q = WorkbenchJson.query(r.query());
                    return Response.download(r.computing(() -> api.onnx(q)), "pruned.onnx");
                });
        try {
            return b.start(o);
        } catch (IOException | RuntimeException e) {
            api.curves().close(); // its thread would outlive a server that never started
            throw e;
        }
    }
}
