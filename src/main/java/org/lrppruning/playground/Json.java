package org.lrppruning.playground;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.plot.DecisionGrid;

/** The JSON of the API: strict parsing of request bodies, and the responses, written with gson's streaming writer. */
final class Json {
    /** Deepest nesting of arrays and objects a request may have. */
    static final int NESTING = 8;

    private Json() {}

    /** A strict JSON document (no comments, no trailing garbage); malformed text is a 400. */
    static JsonElement parse(String text) {
        if (text.isBlank()) {
            throw ApiError.bad("empty request body: send a JSON object such as {\"dataset\":\"moon\"}");
        }
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            r.setNestingLimit(NESTING); // requests are three levels deep; deeper is malformed here
            JsonElement e = JsonParser.parseReader(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw ApiError.bad("malformed JSON: more than one value in the body");
            }
            return e;
        } catch (JsonParseException | IOException | IllegalStateException ex) {
            String m = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            if (ex.getCause() != null && ex.getCause().getMessage() != null) {
                m = ex.getCause().getMessage();
            }
            throw ApiError.bad("malformed JSON: " + ApiError.firstLine(m));
        }
    }

    /** Writes one JSON value with {@code body}. */
    static String write(Body body) {
        StringWriter s = new StringWriter();
        try (JsonWriter w = new JsonWriter(s)) {
            w.setSerializeNulls(true);
            body.write(w);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return s.toString();
    }

    /** Something written to a JSON writer. */
    @FunctionalInterface
    interface Body {
        void write(JsonWriter w) throws IOException;
    }

    /** {@code {"error": message}}. */
    static String error(String message) {
        return write(w -> w.beginObject().name("error").value(message).endObject());
    }

    /** A float as its shortest decimal form (null for NaN and infinities, which JSON lacks). */
    static void value(JsonWriter w, float v) throws IOException {
        if (Float.isFinite(v)) {
            w.jsonValue(Float.toString(v));
        } else {
            w.nullValue();
        }
    }

    static void value(JsonWriter w, double v) throws IOException {
        if (Double.isFinite(v)) {
            w.value(v);
        } else {
            w.nullValue();
        }
    }

    static void floats(JsonWriter w, float[] a) throws IOException {
        w.beginArray();
        for (float v : a) {
            value(w, v);
        }
        w.endArray();
    }

    static void ints(JsonWriter w, int[] a) throws IOException {
        w.beginArray();
        for (int v : a) {
            w.value(v);
        }
        w.endArray();
    }

    static void strings(JsonWriter w, List<String> a) throws IOException {
        w.beginArray();
        for (String v : a) {
            w.value(v);
        }
        w.endArray();
    }

    /** Points as {@code {"x": [x0, y0, x1, y1, ...], "labels": [...]}}. */
    static void samples(JsonWriter w, Samples s) throws IOException {
        w.beginObject().name("x");
        floats(w, s.x());
        w.name("labels");
        ints(w, s.labels());
        w.endObject();
    }

    /** The grid's geometry: column and row count, first x and y, spacing (same along both axes). */
    static void grid(JsonWriter w, DecisionGrid g) throws IOException {
        double[] xs = g.xs();
        double[] ys = g.ys();
        w.beginObject()
                .name("nx").value(g.nx())
                .name("ny").value(g.ny())
                .name("x0").value(xs.length > 0 ? xs[0] : g.xMin())
                .name("y0").value(ys.length > 0 ? ys[0] : g.yMin())
                .name("spacing").value(g.spacing())
                .endObject();
    }

    /** Grid labels as one digit per point, rows from the smallest y up, x fastest (K ≤ 10 classes). */
    static String labels(byte[] labels) {
        StringBuilder sb = new StringBuilder(labels.length);
        for (byte b : labels) {
            sb.append((char) ('0' + b));
        }
        return sb.toString();
    }

    /** The CLI command of a view: its arguments, then quoted for a POSIX shell. */
    static List<String> cliArgs(Playground.View v) {
        RunRequest r = v.request();
        List<String> a = new ArrayList<>(List.of("-d", r.dataset().id(), "-c", r.criterion(),
                "-n", Integer.toString(r.samples()), "-s", Long.toString(r.seed()), "-nt", Double.toString(r.sigma()),
                "--prune-count", Integer.toString(r.prune())));
        a.addAll(v.model().cliArgs());
        return a;
    }

    static String shell(List<String> args) {
        StringBuilder sb = new StringBuilder("bin/lrp-pruning");
        for (String a : args) {
            sb.append(' ').append(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    /** Labels of a data set for the page. */
    static String datasetLabel(Dataset d) {
        return d == Dataset.MULT ? "spiral (mult)" : d.id();
    }
}
