package org.lrppruning.playground;

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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The playground's local HTTP server (the JDK's {@code com.sun.net.httpserver}): the page from the
 * jar and the JSON API of {@link Api}. A fixed pool of handler threads serves requests; at most
 * {@code workers} runs compute at once and a run waits at most {@code queueSeconds} for its turn (then
 * 503), request bodies are capped at {@value #MAX_BODY} bytes, so one client cannot exhaust memory.
 * Every failure of one request is answered (400 for a bad request, with a one-line message) and the
 * server keeps serving.
 *
 * <p>Under load every request gets an HTTP answer: at most {@link #waitingSlots} runs wait for a worker, a run
 * beyond them is answered 503 at once, and the handler pool has threads beyond the computing and waiting ones. A
 * request left in the pool's queue instead would have its connection closed unanswered by the JDK server once it
 * had waited its idle interval (30 s): it has not been read yet.
 */
public final class PlaygroundServer implements AutoCloseable {
    /** Largest request body in bytes (200 added points take about 8 KB). */
    public static final int MAX_BODY = 64 * 1024;
    /** The files of the page, served from the jar. */
    private static final Map<String, String> PAGE = Map.of(
            "/", "index.html", "/index.html", "index.html",
            "/playground.js", "playground.js", "/playground.css", "playground.css");
    private static final String RESOURCES = "/org/lrppruning/playground/web/";

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

        /** 127.0.0.1 on the given port, two concurrent runs, 30 s of waiting at most. */
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
    private final Runnable onRun;
    private final int queueSeconds;
    private final Api api;
    private final Playground playground;
    private final Map<String, byte[]> files = new HashMap<>();
    private final boolean loopback;

    private PlaygroundServer(Playground playground, Options o, Runnable onRun) throws IOException {
        this.playground = playground;
        this.api = new Api(playground);
        this.compute = new Semaphore(o.workers(), true);
        this.queueSeconds = o.queueSeconds();
        this.waitingSlots = waitingSlots(o.workers());
        this.onRun = onRun;
        for (String name : PAGE.values()) {
            try (InputStream in = PlaygroundServer.class.getResourceAsStream(RESOURCES + name)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the playground page file " + name);
                }
                files.put(name, in.readAllBytes());
            }
        }
        InetAddress address = InetAddress.getByName(o.host());
        this.loopback = address.isLoopbackAddress();
        this.http = HttpServer.create(new InetSocketAddress(address, o.port()), 64);
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(o.workers() + waitingSlots + SPARE_THREADS, r -> {
            Thread t = new Thread(r, "playground-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
    }

    /** Starts a server for {@code playground}; the port may be 0 (any free port, see {@link #uri()}). */
    public static PlaygroundServer start(Playground playground, Options o) throws IOException {
        return start(playground, o, () -> { });
    }

    /** As {@link #start(Playground, Options)}; {@code onRun} runs in a worker's turn before each run (tests slow runs with it). */
    static PlaygroundServer start(Playground playground, Options o, Runnable onRun) throws IOException {
        PlaygroundServer s = new PlaygroundServer(playground, o, onRun);
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
        playground.models().close();
    }

    /** One HTTP response: status, content type and bytes. */
    private record Response(int status, String type, byte[] body) {
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
                r = Response.json(e.status(), Json.error(e.getMessage()));
            } catch (RuntimeException e) {
                String m = ApiError.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
                System.err.println("playground: internal error on " + ex.getRequestURI().getPath() + ": " + m);
                r = Response.json(500, Json.error("internal error: " + m));
            }
            ex.getResponseHeaders().set("Content-Type", r.type());
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
            case "/api/options":
                requireMethod(method, "GET");
                return Response.json(200, api.options());
            case "/api/models":
                requireMethod(method, "GET");
                return Response.json(200, api.models(Api.dataset(query(ex, "dataset"))));
            case "/api/data":
                requireMethod(method, "GET");
                return Response.json(200, api.data(Api.dataset(query(ex, "dataset"))));
            case "/api/train":
                requireMethod(method, "POST");
                return Response.json(202, api.train(Json.parse(body(ex))));
            case "/api/run": {
                requireMethod(method, "POST");
                String text = body(ex);
                return Response.json(200, computing(() -> api.run(Json.parse(text))));
            }
            default:
                throw new ApiError(404, "no such page or endpoint: " + path);
        }
    }

    /** Runs {@code work} when a worker is free, waiting at most the queue time (then 503). */
    private String computing(java.util.function.Supplier<String> work) {
        // a free worker is taken at once; otherwise wait in one of the bounded slots, or hear 503 now
        if (!compute.tryAcquire()) {
            if (waiting.incrementAndGet() > waitingSlots) {
                waiting.decrementAndGet();
                throw new ApiError(ApiError.BUSY, "busy: every worker is computing and " + waitingSlots
                        + " runs are waiting; try again");
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
            onRun.run();
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

    private static String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "method " + method + " not allowed here (use " + allowed + ")");
        }
    }

    private static String allowed(String path) {
        return path.equals("/api/run") || path.equals("/api/train") ? "POST" : "GET";
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
            throw new ApiError(403, "forbidden: the playground answers only to localhost names, not " + host);
        }
    }
}
