package org.lrppruning.workbench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.lrppruning.playground.ApiError;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workbench's local HTTP server, built as the playground's ({@code com.sun.net.httpserver}, the same limits and
 * answers): the page from the jar and the JSON API of {@link WorkbenchApi}. At most {@code workers} requests compute
 * at once and one waits at most {@code queueSeconds} for its turn (then 503), at most {@link #waitingSlots} wait
 * (more get 503 at once), bodies are capped at {@value #MAX_BODY} bytes; every failure of one request is answered
 * (400 with a one-line message for a bad request) and the server keeps serving.
 */
public final class WorkbenchServer implements AutoCloseable {
    /** Largest request body in bytes: an uploaded image travels as a data URL (a 224×224 RGB PNG is about 200 KB). */
    public static final int MAX_BODY = 1 << 20;
    /** The files of the page, served from the jar. */
    private static final Map<String, String> PAGE = Map.of(
            "/", "index.html", "/index.html", "index.html",
            "/workbench.js", "workbench.js", "/workbench.css", "workbench.css");
    private static final String RESOURCES = "/org/lrppruning/workbench/web/";

    /** Where to listen and how much to compute at once. */
    public record Options(String host, int port, int workers, int queueSeconds) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
            }
            if (workers < 1) {
                throw new IllegalArgumentException("--workers must be >= 1, was " + workers);
            }
            if (queueSeconds < 0) {
                throw new IllegalArgumentException("queue wait must be >= 0 s, was " + queueSeconds);
            }
        }

        /** 127.0.0.1 on the given port, two concurrent requests, 30 s of waiting at most. */
        public static Options local(int port) {
            return new Options("127.0.0.1", port, 2, 30);
        }
    }

    /** Handler threads beyond the computing and waiting runs: for pages, the API's quick answers and 503s. */
    private static final int SPARE_THREADS = 6;
    /**
     * Bytes of an oversized body read and dropped before the 400 is sent: a connection closed with request bytes
     * still unread is reset, and the client loses the answer already sent. Memory stays one small buffer.
     */
    private static final long DRAIN_BYTES = 64L << 20;
    /** The exchange attribute that marks a body too large: drained after the answer is sent. */
    private static final String OVERSIZED = "lrp-pruning.oversized";

    private final HttpServer http;
    private final ExecutorService handlers;
    private final Semaphore compute;
    private final int waitingSlots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int queueSeconds;
    private final WorkbenchApi api;
    private final Map<String, byte[]> files = new HashMap<>();
    private final boolean loopback;

    private WorkbenchServer(Workbench bench, Options o) throws IOException {
        this.api = new WorkbenchApi(bench);
        this.compute = new Semaphore(o.workers(), true);
        this.queueSeconds = o.queueSeconds();
        this.waitingSlots = waitingSlots(o.workers());
        for (String name : PAGE.values()) {
            try (InputStream in = WorkbenchServer.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the workbench page file " + name);
                }
                files.put(name, in.readAllBytes());
            }
        }
        InetAddress address = InetAddress.getByName(o.host());
        this.loopback = address.isLoopbackAddress();
        this.http = HttpServer.create(new InetSocketAddress(address, o.port()), 64);
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(o.workers() + waitingSlots + SPARE_THREADS, r -> {
            Thread t = new Thread(r, "workbench-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
    }

    /** Starts a server for {@code bench}; the port may be 0 (any free port, see {@link #uri()}). */
    public static WorkbenchServer start(Workbench bench, Options o) throws IOException {
        WorkbenchServer s = new WorkbenchServer(bench, o);
        s.http.start();
        return s;
    }

    /** How many runs may wait for one of {@code workers}: eight per worker, at least 16. */
    static int waitingSlots(int workers) {
        return Math.max(16, 8 * workers);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** Stops accepting requests, lets those under way finish for up to a second, stops the threads. */
    @Override
    public void close() {
        http.stop(1);
        handlers.shutdownNow();
        api.curves().close();
    }

    /** One HTTP response: status, content type and bytes. */
    private record Response(int status, String type, byte[] body) {
        static Response json(String text) {
            return json(200, text);
        }

        static Response json(int status, String text) {
            return new Response(status, "application/json; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            Response r;
            try {
                r = route(ex);
            } catch (ApiError e) {
                r = Response.json(e.status(), WorkbenchJson.error(e.getMessage()));
            } catch (RuntimeException e) {
                String m = WorkbenchJson.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
                if (e instanceof IllegalArgumentException) { // the library's word on a bad setting
                    r = Response.json(400, WorkbenchJson.error(m));
                } else {
                    System.err.println("workbench: internal error on " + ex.getRequestURI().getPath() + ": " + m);
                    r = Response.json(500, WorkbenchJson.error("internal error: " + m));
                }
            }
            ex.getResponseHeaders().set("Content-Type", r.type());
            if (r.type().startsWith("application/octet-stream")) {
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"pruned.onnx\"");
            }
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (r.status() == 405) {
                ex.getResponseHeaders().set("Allow", allowed(ex.getRequestURI().getPath()));
            }
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                    if (ex.getAttribute(OVERSIZED) != null) {
                        // sent first, so that a client waiting for it has it; drained before the close, which
                        // reads only 64 KB and drops (resets) a connection with more unread
                        out.flush();
                        drain(ex.getRequestBody());
                    }
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private Response route(HttpExchange ex) throws IOException {
        checkHost(ex);
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String file = PAGE.get(path);
        if (file != null) {
            requireMethod(method, "GET");
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
            return new Response(200, type + "; charset=utf-8", files.get(file));
        }
        switch (path) {
            case "/api/model":
                requireMethod(method, "GET");
                return Response.json(api.model());
            case "/api/evaluate": {
                requireMethod(method, "POST");
                String text = body(ex);
                return Response.json(computing(() -> api.evaluate(text)));
            }
            case "/api/heatmaps": {
                requireMethod(method, "POST");
                String text = body(ex);
                return Response.json(computing(() -> api.heatmaps(text)));
            }
            case "/api/images":
                requireMethod(method, "GET");
                return Response.json(api.images(query(ex)));
            case "/api/curves":
                if (method.equals("POST")) {
                    return Response.json(api.startCurves(body(ex)));
                }
                requireMethod(method, "GET");
                return Response.json(api.curves(query(ex)));
            case "/api/onnx": {
                requireMethod(method, "GET");
                JsonObject q = query(ex);
                byte[] b = computing(() -> api.onnx(q));
                return new Response(200, "application/octet-stream", b);
            }
            default:
                throw new ApiError(404, "no such page or endpoint: " + path);
        }
    }

    /** Runs {@code work} when a worker is free, waiting at most the queue time (then 503). */
    private <T> T computing(java.util.function.Supplier<T> work) {
        // a free worker is taken at once; otherwise wait in one of the bounded slots, or hear 503 now
        if (!compute.tryAcquire()) {
            if (waiting.incrementAndGet() > waitingSlots) {
                waiting.decrementAndGet();
                throw new ApiError(ApiError.BUSY, "busy: every worker is computing and " + waitingSlots
                        + " requests are waiting; try again");
            }
            try {
                if (!compute.tryAcquire(queueSeconds, TimeUnit.SECONDS)) {
                    throw new ApiError(ApiError.BUSY, "busy: every worker is computing; try again");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(ApiError.BUSY, "the server is stopping");
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return work.get();
        } finally {
            compute.release();
        }
    }

    /** The body as UTF-8 text, at most {@value #MAX_BODY} bytes, of a JSON request. */
    private static String body(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            // a JSON content type also makes browsers ask before another site's page may post here
            throw new ApiError(415, "Content-Type must be application/json, was " + type);
        }
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw ApiError.bad("invalid Content-Length " + declared);
            }
            if (length > MAX_BODY) {
                ex.setAttribute(OVERSIZED, Boolean.TRUE);
                throw tooLarge();
            }
        }
        // not closed here: closing drains only 64 KB; an oversized rest is drained after the answer (handle)
        InputStream in = ex.getRequestBody();
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) { // a chunked body declares no length
            ex.setAttribute(OVERSIZED, Boolean.TRUE);
            throw tooLarge();
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Reads and drops the rest of an oversized body after the answer was sent, up to {@value #DRAIN_BYTES} bytes:
     * a connection closed with request bytes unread is reset, and the client loses the answer it has not read yet.
     * The JDK server itself drains only 64 KB on close. Memory stays one small buffer.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = DRAIN_BYTES;
        int r;
        while (left > 0 && (r = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            left -= r;
        }
    }

    private static ApiError tooLarge() {
        return ApiError.bad("request body larger than " + MAX_BODY + " bytes");
    }

    /** The query parameters as a JSON object of strings (the API's number fields take strings of numbers). */
    private static JsonObject query(HttpExchange ex) {
        JsonObject o = new JsonObject();
        String q = ex.getRequestURI().getRawQuery();
        if (q == null || q.isEmpty()) {
            return o;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            o.addProperty(k, eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return o;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "method " + method + " not allowed here (use " + allowed + ")");
        }
    }

    private static String allowed(String path) {
        return path.equals("/api/evaluate") || path.equals("/api/heatmaps") ? "POST"
                : path.equals("/api/curves") ? "GET, POST" : "GET";
    }

    /**
     * On a loopback address, only requests naming a loopback host are served: a page of another site
     * that resolves its own name to 127.0.0.1 (DNS rebinding) gets a 403.
     */
    private void checkHost(HttpExchange ex) {
        if (!loopback) {
            return;
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        name = name.toLowerCase(Locale.ROOT);
        if (!(name.equals("localhost") || name.equals("[::1]") || name.startsWith("127."))) {
            throw new ApiError(403, "forbidden: the workbench answers only to localhost names, not " + host);
        }
    }
}
