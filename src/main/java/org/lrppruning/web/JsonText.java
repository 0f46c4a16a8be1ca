package org.lrppruning.web;

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
import java.util.List;

/** The JSON of a {@link LocalServer}'s API: strict parsing of request bodies, answers through gson's streaming writer. */
public final class JsonText {
    private JsonText() {}

    /**
     * A strict JSON document at most {@code nesting} levels deep (no comments, no trailing garbage); malformed text
     * is a 400, an empty body a 400 that shows {@code example}.
     */
    public static JsonElement parse(String text, int nesting, String example) {
        if (text.isBlank()) {
            throw ApiError.bad("empty request body: send a JSON object such as " + example);
        }
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            r.setNestingLimit(nesting);
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
    public static String write(Body body) {
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
    public interface Body {
        void write(JsonWriter w) throws IOException;
    }

    /** {@code {"error": message}}, the message's first line only. */
    public static String error(String message) {
        return write(w -> w.beginObject().name("error").value(ApiError.firstLine(message)).endObject());
    }

    /** A float as its shortest decimal form (null for NaN and infinities, which JSON lacks). */
    public static void value(JsonWriter w, float v) throws IOException {
        if (Float.isFinite(v)) {
            w.jsonValue(Float.toString(v));
        } else {
            w.nullValue();
        }
    }

    /** An array of floats, each as {@link #value(JsonWriter, float)}. */
    public static void floats(JsonWriter w, float[] a) throws IOException {
        w.beginArray();
        for (float v : a) {
            value(w, v);
        }
        w.endArray();
    }

    /** An array of ints. */
    public static void ints(JsonWriter w, int[] a) throws IOException {
        w.beginArray();
        for (int v : a) {
            w.value(v);
        }
        w.endArray();
    }

    /** An array of strings. */
    public static void strings(JsonWriter w, List<String> a) throws IOException {
        w.beginArray();
        for (String v : a) {
            w.value(v);
        }
        w.endArray();
    }
}
