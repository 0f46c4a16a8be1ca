package org.lrppruning.playground;

import com.google.gson.JsonElement;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.plot.DecisionGrid;
import org.lrppruning.web.JsonText;

/** The playground's own parts of its JSON (the rest is {@link JsonText}): request parsing, samples, grids, the CLI command. */
final class Json {
    /** Deepest nesting of arrays and objects a request may have. */
    static final int NESTING = 8;

    private Json() {}

    /** A request body: strict JSON at most {@value #NESTING} levels deep (requests are three levels deep). */
    static JsonElement parse(String text) {
        return JsonText.parse(text, NESTING, "{\"dataset\":\"moon\"}");
    }

    /** A double in full (null for NaN and infinities, which JSON lacks). */
    static void value(JsonWriter w, double v) throws IOException {
        if (Double.isFinite(v)) {
            w.value(v);
        } else {
            w.nullValue();
        }
    }

    /** Points as {@code {"x": [x0, y0, x1, y1, ...], "labels": [...]}}. */
    static void samples(JsonWriter w, Samples s) throws IOException {
        w.beginObject().name("x");
        JsonText.floats(w, s.x());
        w.name("labels");
        JsonText.ints(w, s.labels());
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
