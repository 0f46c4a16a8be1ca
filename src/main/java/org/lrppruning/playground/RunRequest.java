package org.lrppruning.playground;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.plot.Colormaps;
import org.lrppruning.web.ApiError;

/**
 * One setting of the playground, checked: the single run's settings ({@code samples} per class, as
 * the CLI's {@code -n}), the model, the decision grid's resolution, reference points the user added
 * and the colormap of the CLI command it reproduces. Omitted fields take the CLI's defaults.
 */
public record RunRequest(Dataset dataset, String model, String criterion, int samples, long seed, double sigma,
                         int prune, int grid, List<Point> points, String colormap) {
    /** Most reference samples per class (the paper's largest, 200; the criteria's memory grows with it). */
    public static final int MAX_SAMPLES = 200;
    /** Largest noisy-test sigma (the toy data lie within about ±1.5). */
    public static final double MAX_SIGMA = 10;
    /** Decision grids divide the smaller side of the box into 10 to 200 steps (200: the study's figures). */
    public static final int MIN_GRID = 10;
    public static final int MAX_GRID = 200;
    /** The page's default grid resolution: fast enough for a slider. */
    public static final int DEFAULT_GRID = 40;
    /** Most added reference points per request, and how far from the origin they may lie. */
    public static final int MAX_POINTS = 200;
    public static final double MAX_COORDINATE = 10;
    /** The colormap of the study's figures (the 3 × 6 qualitative figure). */
    public static final String STUDY_COLORMAP = "Accent";
    /** The model id of the paper's network in the cache. */
    public static final String DEFAULT_MODEL = "paper";

    /** The request fields, in the order the README documents them. */
    static final List<String> FIELDS = List.of("dataset", "model", "criterion", "samples", "seed", "sigma", "prune",
            "grid", "points", "colormap");

    /** A reference point added by the user: coordinates and class. */
    public record Point(float x, float y, int label) {
    }

    public RunRequest {
        points = List.copyOf(points);
    }

    /** The CLI's defaults: {@code mult}, {@code lrp}, 5 per class, seed 1, no noisy test, 1000 pruned. */
    public static RunRequest defaults() {
        return new RunRequest(Dataset.MULT, DEFAULT_MODEL, "lrp", 5, 1, 0, RunConfig.DEFAULT_PRUNE_COUNT,
                DEFAULT_GRID, List.of(), STUDY_COLORMAP);
    }

    /** The single run this setting is, as the CLI runs it (without the added points). */
    public RunConfig config() {
        return new RunConfig(dataset, criterion, samples, seed, sigma, prune, false);
    }

    /** The added points as samples (in the order given). */
    public Samples addedSamples() {
        float[] xy = new float[2 * points.size()];
        int[] labels = new int[points.size()];
        for (int i = 0; i < labels.length; i++) {
            xy[2 * i] = points.get(i).x();
            xy[2 * i + 1] = points.get(i).y();
            labels[i] = points.get(i).label();
        }
        return new Samples(xy, labels);
    }

    /**
     * Checks a JSON request object; anything wrong is an {@link ApiError} 400 naming the field and the
     * valid values. The model name and the prune count's upper bound depend on the model and are
     * checked when it is known.
     */
    public static RunRequest parse(JsonElement body) {
        if (body == null || !body.isJsonObject()) {
            throw ApiError.bad("the request body must be a JSON object such as {\"dataset\":\"moon\"}");
        }
        JsonObject o = body.getAsJsonObject();
        Set<String> valid = Set.copyOf(FIELDS);
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!valid.contains(e.getKey())) {
                throw ApiError.bad("unknown field '" + e.getKey() + "' (valid: " + String.join(", ", FIELDS) + ")");
            }
        }
        RunRequest d = defaults();
        Dataset dataset = d.dataset;
        if (o.has("dataset")) {
            String name = string(o, "dataset");
            try {
                dataset = Dataset.of(name);
            } catch (IllegalArgumentException ex) {
                throw ApiError.bad(ex.getMessage());
            }
        }
        String model = o.has("model") ? string(o, "model") : d.model;
        String criterion = o.has("criterion") ? string(o, "criterion") : d.criterion;
        if (!Criteria.all().contains(criterion)) {
            throw ApiError.bad("unknown criterion '" + criterion + "' (valid: " + Criteria.names() + ")");
        }
        int samples = (int) integer(o, "samples", d.samples, 1, MAX_SAMPLES);
        long seed = integer(o, "seed", d.seed, 0, 0xFFFF_FFFEL);
        double sigma = number(o, "sigma", d.sigma, 0, MAX_SIGMA);
        int prune = (int) integer(o, "prune", d.prune, 0, Integer.MAX_VALUE);
        int grid = (int) integer(o, "grid", d.grid, MIN_GRID, MAX_GRID);
        List<Point> points = o.has("points") ? points(o.get("points"), dataset) : d.points;
        String colormap = o.has("colormap") ? string(o, "colormap") : d.colormap;
        if (!Colormaps.names().contains(colormap)) {
            throw ApiError.bad("unknown colormap '" + colormap + "' (valid: " + String.join(", ", Colormaps.names()) + ")");
        }
        return new RunRequest(dataset, model, criterion, samples, seed, sigma, prune, grid, points, colormap);
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw ApiError.bad("'" + field + "' must be a string, got " + e);
        }
        return p.getAsString();
    }

    private static double number(JsonObject o, String field, double fallback, double min, double max) {
        if (!o.has(field)) {
            return fallback;
        }
        double v = numeric(o.get(field), field).doubleValue();
        if (!(v >= min && v <= max)) {
            throw ApiError.bad("'" + field + "' must be between " + fmt(min) + " and " + fmt(max) + ", was " + o.get(field));
        }
        return v;
    }

    private static long integer(JsonObject o, String field, long fallback, long min, long max) {
        if (!o.has(field)) {
            return fallback;
        }
        BigDecimal v = numeric(o.get(field), field);
        BigDecimal whole = v.stripTrailingZeros().scale() <= 0 ? v : null;
        if (whole == null) {
            throw ApiError.bad("'" + field + "' must be a whole number, got " + o.get(field));
        }
        if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiError.bad("'" + field + "' must be between " + min + " and " + max + ", was " + o.get(field));
        }
        return whole.longValueExact();
    }

    private static BigDecimal numeric(JsonElement e, String field) {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw ApiError.bad("'" + field + "' must be a number, got " + e);
        }
        try {
            return p.getAsBigDecimal();
        } catch (NumberFormatException ex) {
            throw ApiError.bad("'" + field + "' must be a number, got " + e);
        }
    }

    /** Points as {@code [[x, y, class], ...]} or {@code [{"x":…,"y":…,"label":…}, ...]}. */
    private static List<Point> points(JsonElement e, Dataset dataset) {
        if (!e.isJsonArray()) {
            throw ApiError.bad("'points' must be an array of [x, y, class], got " + abbreviate(e));
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() > MAX_POINTS) {
            throw ApiError.bad("'points' holds " + a.size() + " points, at most " + MAX_POINTS + " are allowed");
        }
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonObject p = new JsonObject();
            JsonElement item = a.get(i);
            String where = "points[" + i + "]";
            if (item.isJsonArray() && item.getAsJsonArray().size() == 3) {
                p.add(where + ".x", item.getAsJsonArray().get(0));
                p.add(where + ".y", item.getAsJsonArray().get(1));
                p.add(where + ".label", item.getAsJsonArray().get(2));
            } else if (item.isJsonObject() && item.getAsJsonObject().keySet().equals(Set.of("x", "y", "label"))) {
                for (String k : List.of("x", "y", "label")) {
                    p.add(where + "." + k, item.getAsJsonObject().get(k));
                }
            } else {
                throw ApiError.bad("'" + where + "' must be [x, y, class] or {\"x\":…,\"y\":…,\"label\":…}, got "
                        + abbreviate(item));
            }
            float x = (float) number(p, where + ".x", 0, -MAX_COORDINATE, MAX_COORDINATE);
            float y = (float) number(p, where + ".y", 0, -MAX_COORDINATE, MAX_COORDINATE);
            int label = (int) integer(p, where + ".label", 0, 0, dataset.classes() - 1);
            out.add(new Point(x, y, label));
        }
        return out;
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
