package org.lrppruning.workbench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Set;
import org.lrppruning.playground.ApiError;

/** The workbench's JSON, as the playground's: strict parsing of request bodies, answers through gson's streaming writer. */
final class WorkbenchJson {
    /** Deepest nesting a request may have (requests are two levels deep). */
    static final int NESTING = 4;

    private WorkbenchJson() {}

    /** A strict JSON object (no comments, no trailing garbage, no unknown fields); anything else is a 400. */
    static JsonObject object(String text, Set<String> fields) {
        if (text.isBlank()) {
            throw ApiError.bad("empty request body: send a JSON object such as {\"criterion\":\"lrp\"}");
        }
        JsonElement e;
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            r.setNestingLimit(NESTING);
            e = JsonParser.parseReader(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw ApiError.bad("malformed JSON: more than one value in the body");
            }
        } catch (JsonParseException | IOException | IllegalStateException ex) {
            String m = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            if (ex.getCause() != null && ex.getCause().getMessage() != null) {
                m = ex.getCause().getMessage();
            }
            throw ApiError.bad("malformed JSON: " + firstLine(m));
        }
        if (!e.isJsonObject()) {
            throw ApiError.bad("the request body must be a JSON object, got " + abbreviate(e.toString()));
        }
        JsonObject o = e.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!fields.contains(k)) {
                throw ApiError.bad("unknown field '" + k + "' (valid: " + String.join(", ", fields.stream().sorted().toList()) + ")");
            }
        }
        return o;
    }

    /** A string field, or {@code fallback} when absent or null. */
    static String text(JsonObject o, String field, String fallback) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw ApiError.bad("'" + field + "' must be a string, got " + abbreviate(e.toString()));
        }
        return p.getAsString();
    }

    /** A number field (a JSON number, or a string of one: query parameters), or null when absent. */
    static BigDecimal number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonPrimitive p && (p.isNumber() || p.isString())) {
            try {
                return new BigDecimal(p.getAsString().strip());
            } catch (NumberFormatException ex) {
                // falls through to the message below
            }
        }
        throw ApiError.bad("'" + field + "' must be a number, got " + abbreviate(e.toString()));
    }

    /** An integer field in [min, max], or {@code fallback} when absent. */
    static long integer(JsonObject o, String field, long fallback, long min, long max) {
        BigDecimal v = number(o, field);
        if (v == null) {
            return fallback;
        }
        long x;
        try {
            x = v.longValueExact();
        } catch (ArithmeticException ex) {
            throw ApiError.bad("'" + field + "' must be a whole number, got " + v.toPlainString());
        }
        if (x < min || x > max) {
            throw ApiError.bad("'" + field + "' must be between " + min + " and " + max + ", got " + x);
        }
        return x;
    }

    /** A boolean field (or the strings true/false), or {@code fallback} when absent. */
    static boolean bool(JsonObject o, String field, boolean fallback) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e instanceof JsonPrimitive p && (p.isBoolean() || p.isString())) {
            String s = p.getAsString();
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        throw ApiError.bad("'" + field + "' must be true or false, got " + abbreviate(e.toString()));
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

    /** {@code {"error": message}} on one line. */
    static String error(String message) {
        return write(w -> w.beginObject().name("error").value(firstLine(message)).endObject());
    }

    /** A double (null for NaN and infinities, which JSON lacks), rounded to 6 significant digits to keep answers small. */
    static void value(JsonWriter w, double v) throws IOException {
        if (Double.isFinite(v)) {
            w.jsonValue(Float.toString((float) v));
        } else {
            w.nullValue();
        }
    }

    static void doubles(JsonWriter w, double[] a) throws IOException {
        w.beginArray();
        for (double v : a) {
            value(w, v);
        }
        w.endArray();
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

    /** The first line of a message (library messages sometimes carry a second line of advice). */
    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "error";
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
