package org.lrppruning.web;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A local JSON HTTP server (the JDK's {@code com.sun.net.httpserver}) for one page served from the jar and its
 * API, as the playground and the workbench run it. A fixed pool of handler threads serves requests; at most
 * {@code workers} requests compute at once ({@link Request#computing}) and one waits at most {@code queueSeconds}
 * for its turn (then 503), request bodies are capped, so one client cannot exhaust memory. Every failure of one
 * request is answered with a one-line JSON error ({@link ApiError}'s status; 400 for a bad request or the
 * library's IllegalArgumentException, 404 for an unknown path, 405 for a wrong method, 415 for a body that is
 * not JSON, 503 when busy, 500 otherwise) and the server keeps serving.
 *
 * <p>Under load every request gets an HTTP answer: at most {@link #waitingSlots} requests wait for a worker, one
 * beyond them is answered 503 at once, and the handler pool has threads beyond the computing and waiting ones. A
 * request left in the pool's queue instead would have its connection closed unanswered by the JDK server once it
 * had waited its idle interval (30 s): it has not been read yet.
 */
public final class LocalServer implements AutoCloseable {
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

    /** One HTTP answer: status, content type, bytes and, for a download, its file name (else null). */
    public record Response(int status, String type, byte[] body, String attachment) {
        /** A JSON answer. */
        public static Response json(int status, String text) {
            return new Response(status, "application/json; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null);
        }

        /** A 200 JSON answer. */
        public static Response json(String text) {
            return json(200, text);
        }

        /** A 200 download of {@code body} as the file {@code name}. */
        public static Response download(byte[] body, String name) {
            return new Response(200, "application/octet-stream", body, name);
        }
    }

    /** What a route answers a request with; bad requests throw an {@link ApiError}. */
    @FunctionalInterface
    public interface Handler {
        Response handle(Request r) throws IOException;
    }

    /** A request as a route sees it: its query parameters, its JSON body, and the workers to compute on. */
    public final class Request {
        private final HttpExchange ex;

        private Request(HttpExchange ex) {
            this.ex = ex;
        }

        /** The query parameters, decoded (the first of a repeated name); empty without a query. */
        public Map<String, String> query() {
            Map<String, String> out = new LinkedHashMap<>();
            String q = ex.getRequestURI().getRawQuery();
            if (q == null || q.isEmpty()) {
                return out;
            }
            for (String part : q.split("&")) {
                int eq = part.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                out.putIfAbsent(k, eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }

        /** One query parameter, or null when absent. */
        public String query(String name) {
            return query().get(name);
        }

        /** The body as UTF-8 text, at most {@code maxBody} bytes, of a JSON request (else 415 or 400). */
        public String body() throws IOException {
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
                if (length > maxBody) {
                    ex.setAttribute(OVERSIZED, Boolean.TRUE);
                    throw tooLarge();
                }
            }
            // not closed here: closing drains only 64 KB; an oversized rest is drained after the answer (handle)
            InputStream in = ex.getRequestBody();
            byte[] b = in.readNBytes(maxBody + 1);
            if (b.length > maxBody) { // a chunked body declares no length
                ex.setAttribute(OVERSIZED, Boolean.TRUE);
                throw tooLarge();
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        /** Runs {@code work} when a worker is free, waiting at most the queue time (then 503). */
        public <T> T computing(Supplier<T> work) {
            return LocalServer.this.computing(work);
        }
    }

    /** Handler threads beyond the computing and waiting requests: for pages, the API's quick answers and 503s. */
    private static final int SPARE_THREADS = 6;
    /**
     * Bytes of an oversized body read and dropped before the 400 is sent: a connection closed with request bytes
     * still unread is reset, and the client loses the answer already sent. Memory stays one small buffer.
     */
    private static final long DRAIN_BYTES = 64L << 20;
    /** The exchange attribute that marks a body too large: drained after the answer is sent. */
    private static final String OVERSIZED = "lrp-pruning.oversized";

    private final String name;
    private final int maxBody;
    private final HttpServer http;
    private final ExecutorService handlers;
    private final Semaphore compute;
    private final int waitingSlots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int queueSeconds;
    private final Runnable onRun;
    private final Runnable onClose;
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, String> page;
    /** Per API path: its methods in order, each with its handler. */
    private final Map<String, Map<String, Handler>> routes;
    private final boolean loopback;

    private LocalServer(Builder b, Options o) throws IOException {
        this.name = b.name;
        this.maxBody = b.maxBody;
        this.page = Map.copyOf(b.page);
        this.routes = b.routes;
        this.onRun = b.onRun;
        this.onClose = b.onClose;
        this.compute = new Semaphore(o.workers(), true);
        this.queueSeconds = o.queueSeconds();
        this.waitingSlots = waitingSlots(o.workers());
        for (String file : page.values()) {
            try (InputStream in = LocalServer.class.getResourceAsStream(b.resources + file)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks the " + name + " page file " + file);
                }
                files.put(file, in.readAllBytes());
            }
        }
        InetAddress address = InetAddress.getByName(o.host());
        this.loopback = address.isLoopbackAddress();
        // an answer goes out as two writes (headers, body): with Nagle's algorithm the second waits for the client's
        // delayed acknowledgement of the first, about 40 ms on Linux, on every request (read once, at the first server)
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        this.http = HttpServer.create(new InetSocketAddress(address, o.port()), 64);
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(o.workers() + waitingSlots + SPARE_THREADS, r -> {
            Thread t = new Thread(r, name + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
    }

    /** A server named {@code name} (in thread names and messages) serving its page from {@code resources}. */
    public static Builder builder(String name, String resources) {
        return new Builder(name, resources);
    }

    /** The page's files, the body cap, the API's routes and hooks of a {@link LocalServer}. */
    public static final class Builder {
        private final String name;
        private final String resources;
        private final Map<String, String> page = new HashMap<>();
        private final Map<String, Map<String, Handler>> routes = new HashMap<>();
        private int maxBody = 64 * 1024;
        private Runnable onRun = () -> { };
        private Runnable onClose = () -> { };

        private Builder(String name, String resources) {
            this.name = name;
            this.resources = resources.endsWith("/") ? resources : resources + "/";
        }

        /** Serves the resource {@code file} at {@code path} (GET; the type from its extension). */
        public Builder file(String path, String file) {
            page.put(path, file);
            return this;
        }

        /** The largest request body in bytes (a larger one is a 400). */
        public Builder maxBody(int bytes) {
            this.maxBody = bytes;
            return this;
        }

        /** Answers {@code method} requests to {@code path} with {@code handler}. */
        public Builder route(String method, String path, Handler handler) {
            routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
            return this;
        }

        /** Runs in a worker's turn before each computation (tests slow computations with it). */
        public Builder onRun(Runnable r) {
            this.onRun = r;
            return this;
        }

        /** Runs when the server is closed, after it stopped serving. */
        public Builder onClose(Runnable r) {
            this.onClose = r;
            return this;
        }

        /** Starts listening; the port may be 0 (any free port, see {@link LocalServer#uri()}). */
        public LocalServer start(Options o) throws IOException {
            LocalServer s = new LocalServer(this, o);
            s.http.start();
            return s;
        }
    }

    /** How many requests may wait for one of {@code workers}: eight per worker, at least 16. */
    public static int waitingSlots(int workers) {
        return Math.max(16, 8 * workers);
    }

    /** The largest request body in bytes. */
    public int maxBody() {
        return maxBody;
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
        onClose.run();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            Response r;
            try {
                r = route(ex);
            } catch (ApiError e) {
                r = Response.json(e.status(), JsonText.error(e.getMessage()));
            } catch (RuntimeException e) {
                String m = ApiError.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
                if (e instanceof IllegalArgumentException) { // the library's word on a bad setting
                    r = Response.json(400, JsonText.error(m));
                } else {
                    System.err.println(name + ": internal error on " + ex.getRequestURI().getPath() + ": " + m);
                    r = Response.json(500, JsonText.error("internal error: " + m));
                }
            }
            ex.getResponseHeaders().set("Content-Type", r.type());
            if (r.attachment() != null) {
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + r.attachment() + "\"");
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
        String file = page.get(path);
        if (file != null) {
            requireMethod(method, "GET");
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
            return new Response(200, type + "; charset=utf-8", files.get(file), null);
        }
        Map<String, Handler> methods = routes.get(path);
        if (methods == null) {
            throw new ApiError(404, "no such page or endpoint: " + path);
        }
        Handler h = methods.get(method);
        if (h == null) {
            throw notAllowed(method, allowed(path));
        }
        return h.handle(new Request(ex));
    }

    /** Runs {@code work} when a worker is free, waiting at most the queue time (then 503). */
    private <T> T computing(Supplier<T> work) {
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
            onRun.run();
            return work.get();
        } finally {
            compute.release();
        }
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

    private ApiError tooLarge() {
        return ApiError.bad("request body larger than " + maxBody + " bytes");
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw notAllowed(method, allowed);
        }
    }

    private static ApiError notAllowed(String method, String allowed) {
        return new ApiError(405, "method " + method + " not allowed here (use " + allowed + ")");
    }

    /** The methods a path takes, as the Allow header lists them. */
    private String allowed(String path) {
        Map<String, Handler> methods = routes.get(path);
        return methods == null ? "GET" : String.join(", ", new ArrayList<>(methods.keySet()));
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
        String n = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
        n = n.toLowerCase(Locale.ROOT);
        if (!(n.equals("localhost") || n.equals("[::1]") || n.startsWith("127."))) {
            throw new ApiError(403, "forbidden: the " + name + " answers only to localhost names, not " + host);
        }
    }
}
