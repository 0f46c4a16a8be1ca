package org.lrppruning.workbench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.lrppruning.web.ApiError;
import org.lrppruning.web.JsonText;

/** The workbench's own parts of its JSON (the rest is {@link JsonText}): request fields checked one by one, rounded doubles. */
final class WorkbenchJson {
    /** Deepest nesting a request may have (requests are two levels deep). */
    static final int NESTING = 4;

    private WorkbenchJson() {}

    /** A strict JSON object (no comments, no trailing garbage, no unknown fields); anything else is a 400. */
    static JsonObject object(String text, Set<String> fields) {
        JsonElement e = JsonText.parse(text, NESTING, "{\"criterion\":\"lrp\"}");
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

    /** Query parameters as a JSON object of strings (the number fields take strings of numbers). */
    static JsonObject query(Map<String, String> q) {
        JsonObject o = new JsonObject();
        q.forEach(o::addProperty);
        return o;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
