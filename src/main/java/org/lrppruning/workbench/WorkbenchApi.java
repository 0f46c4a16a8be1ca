package org.lrppruning.workbench;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.web.ApiError;
import org.lrppruning.web.JsonText;

/**
 * The workbench's JSON API over a {@link Workbench} (docs/workbench.md): the model, a setting's evaluation with
 * its per-set strips, heatmaps, background curves, the pruned ONNX. A bad request is an {@link ApiError} (400).
 */
final class WorkbenchApi {
    /** The setting fields every request that names one takes. */
    static final Set<String> SETTING = Set.of("criterion", "composite", "perClass", "seed", "rate", "count", "scope",
            "full", "client", "seq");
    /** Test images one heatmap request may explain. */
    static final int MAX_IMAGES = 8;
    /** Default reference samples per class and seed (as the CNN study's first). */
    static final int DEFAULT_PER_CLASS = 10;
    static final long DEFAULT_SEED = 0;

    private final Workbench bench;
    private final CurveJobs curves;
    /** Per page: the newest request number seen, so that an older heatmap request still waiting is skipped. */
    private final Map<String, Long> newest = new ConcurrentHashMap<>();

    WorkbenchApi(Workbench bench) {
        this.bench = bench;
        this.curves = new CurveJobs(bench);
    }

    CurveJobs curves() {
        return curves;
    }

    /** {@code GET /api/model}: layers or graph nodes, prunable sets, sizes, the choices and defaults. */
    String model() {
        Network net = bench.network();
        String[] names = net.prunableNames();
        int[] sizes = net.unitCounts();
        int[] setOf = new int[net.layers().size()];
        java.util.Arrays.fill(setOf, -1);
        for (int h = 0; h < names.length; h++) {
            for (int i : net.outLayers(h)) {
                setOf[i] = h;
            }
        }
        return JsonText.write(w -> {
            w.beginObject().name("label").value(bench.inputs().label());
            w.name("input");
            JsonText.ints(w, net.inputShape());
            w.name("classes").value(net.classes());
            w.name("graph").value(!net.isChain() || net.prunesGroups());
            w.name("layers").beginArray();
            for (int i = 0; i < net.layers().size(); i++) {
                Layer l = net.layer(i);
                int[] out = net.shape(i + 1);
                w.beginObject().name("name").value(l.name()).name("type").value(l.getClass().getSimpleName())
                        .name("channels").value(out.length > 0 ? out[0] : 1).name("shape");
                JsonText.ints(w, out);
                w.name("inputs").beginArray(); // as layer indices, −1 for the model's input
                for (int v : net.inputsOf(i)) {
                    w.value(v - 1);
                }
                w.endArray();
                w.name("set").value(setOf[i]).endObject();
            }
            w.endArray().name("sets").beginArray();
            for (int h = 0; h < names.length; h++) {
                w.beginObject().name("name").value(names[h]).name("units").value(sizes[h]).name("layers");
                JsonText.ints(w, net.outLayers(h));
                w.endObject();
            }
            w.endArray();
            w.name("units").value(net.unitTotal()).name("parameters").value(net.parameterCount())
                    .name("macs").value(net.macs());
            w.name("test").value(bench.inputs().test().size()).name("subset").value(bench.subset().size())
                    .name("train").value(bench.inputs().train().size());
            w.name("criteria").beginArray();
            for (String c : Criteria.all()) {
                w.value(c);
            }
            w.endArray().name("curveCriteria").beginArray();
            for (String c : Criteria.PAPER) {
                w.value(c);
            }
            w.endArray().name("composites").beginArray();
            for (String c : Composites.ids()) {
                w.value(c);
            }
            w.endArray().name("defaults").beginObject().name("criterion").value("lrp")
                    .name("composite").value(Composites.defaultFor(net)).name("perClass").value(DEFAULT_PER_CLASS)
                    .name("seed").value(DEFAULT_SEED).name("rate").value(0.3).endObject();
            w.endObject();
        });
    }

    /** {@code POST /api/evaluate}: the numbers, the per-set strips and the CLI command of one setting. */
    String evaluate(String body) {
        JsonObject o = WorkbenchJson.object(body, SETTING);
        Setting s = setting(o);
        Setting.Amount a = amount(o);
        boolean full = WorkbenchJson.bool(o, "full", false);
        long t0 = System.nanoTime();
        Workbench.Scored sc = scores(s);
        PruningPlan plan = plan(sc, a);
        if (!full) {
            bench.prepare(sc); // a new setting's first answer readies its slider
        }
        Workbench.Evaluation e = bench.evaluate(plan, a.perLayer(), full);
        double ms = (System.nanoTime() - t0) / 1e6;
        List<String> cli = bench.cli(s, a, "pruned.onnx");
        return JsonText.write(w -> {
            w.beginObject();
            setting(w, s, a, full);
            w.name("refused").value(e.refused());
            w.name("removed").value(e.removed()).name("units").value(e.total());
            w.name("test").beginObject().name("images").value(e.n()).name("full").value(full)
                    .name("correctBefore").value(e.correctBefore()).name("accuracyBefore");
            WorkbenchJson.value(w, e.accuracyBefore());
            w.name("correct");
            if (e.refused() == null) {
                w.value(e.correct());
            } else {
                w.nullValue();
            }
            w.name("accuracy");
            WorkbenchJson.value(w, e.accuracy());
            w.name("change");
            WorkbenchJson.value(w, e.accuracy() - e.accuracyBefore());
            w.endObject();
            w.name("parameters").beginObject().name("before").value(e.parametersBefore()).name("after");
            longOrNull(w, e.parameters());
            w.endObject().name("macs").beginObject().name("before").value(e.macsBefore()).name("after");
            longOrNull(w, e.macs());
            w.endObject();
            strips(w, sc, plan);
            w.name("scoreSeconds");
            WorkbenchJson.value(w, sc.seconds());
            w.name("ms");
            WorkbenchJson.value(w, Math.round(ms * 10) / 10.0);
            w.name("cli").value(shell(cli)).name("onnx").value(onnxQuery(s, a));
            w.endObject();
        });
    }

    /** {@code POST /api/heatmaps}: test images (or one uploaded image) explained before and after pruning. */
    String heatmaps(String body) {
        Set<String> fields = new java.util.HashSet<>(SETTING);
        fields.addAll(Set.of("images", "image"));
        JsonObject o = WorkbenchJson.object(body, fields);
        Setting s = setting(o);
        Setting.Amount a = amount(o);
        if (superseded(o)) {
            return JsonText.write(w -> w.beginObject().name("superseded").value(true).endObject());
        }
        long t0 = System.nanoTime();
        PruningPlan plan = plan(scores(s), a);
        String refused = bench.refusal(plan, a.perLayer());
        if (refused != null) {
            throw ApiError.bad(refused);
        }
        String composite = bench.composite(s);
        List<Workbench.Heatmap> maps = new ArrayList<>();
        String image = WorkbenchJson.text(o, "image", null);
        if (image != null) {
            if (o.has("images")) {
                throw ApiError.bad("give 'images' (test image indices) or 'image' (an uploaded image), not both");
            }
            float[] x = Images.decode(decodeDataUrl(image), bench.network().inputShape(),
                    bench.inputs().normalization());
            maps.add(bench.heatmap(composite, plan, x, -1, -1));
        } else {
            for (int i : indices(o)) {
                maps.add(bench.heatmap(composite, plan, i));
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return JsonText.write(w -> {
            w.beginObject().name("composite").value(composite).name("removed").value(plan.total());
            w.name("heatmaps").beginArray();
            for (Workbench.Heatmap m : maps) {
                w.beginObject().name("index").value(m.index()).name("label").value(m.label())
                        .name("height").value(m.height()).name("width").value(m.width())
                        .name("predictedBefore").value(m.predictedBefore()).name("predictedAfter").value(m.predictedAfter());
                w.name("image");
                JsonText.floats(w, m.image());
                w.name("before");
                WorkbenchJson.doubles(w, m.before());
                w.name("after");
                WorkbenchJson.doubles(w, m.after());
                w.endObject();
            }
            w.endArray().name("ms");
            WorkbenchJson.value(w, Math.round(ms * 10) / 10.0);
            w.endObject();
        });
    }

    /** {@code GET /api/images?from=0&count=12}: test images (channels averaged) and their labels, for the gallery. */
    String images(JsonObject q) {
        LabeledData t = bench.inputs().test();
        int from = (int) WorkbenchJson.integer(q, "from", 0, 0, Math.max(0, t.size() - 1));
        int count = (int) WorkbenchJson.integer(q, "count", 12, 1, 64);
        int to = Math.min(t.size(), from + count);
        int[] shape = bench.network().inputShape();
        int c = shape.length == 3 ? shape[0] : 1;
        int hw = t.sampleSize() / c;
        return JsonText.write(w -> {
            w.beginObject().name("height").value(shape.length == 3 ? shape[1] : 1)
                    .name("width").value(shape.length == 3 ? shape[2] : t.sampleSize()).name("images").beginArray();
            for (int i = from; i < to; i++) {
                float[] x = t.sample(i);
                float[] g = new float[hw];
                for (int ch = 0; ch < c; ch++) {
                    for (int p = 0; p < hw; p++) {
                        g[p] += x[ch * hw + p] / c;
                    }
                }
                w.beginObject().name("index").value(i).name("label").value(t.labels()[i]).name("image");
                JsonText.floats(w, g);
                w.endObject();
            }
            w.endArray().endObject();
        });
    }

    /** {@code POST /api/curves}: starts (or with {@code "cancel": true} stops) the page's background curves. */
    String startCurves(String body) {
        Set<String> fields = new java.util.HashSet<>(SETTING);
        fields.addAll(Set.of("cancel", "criteria"));
        JsonObject o = WorkbenchJson.object(body, fields);
        String client = client(o);
        if (WorkbenchJson.bool(o, "cancel", false)) {
            return curves(curves.cancel(client));
        }
        Setting s = setting(o);
        boolean perLayer = scope(o);
        boolean full = WorkbenchJson.bool(o, "full", false);
        List<String> criteria = Criteria.PAPER;
        if (o.has("criteria")) {
            if (!o.get("criteria").isJsonArray() || o.getAsJsonArray("criteria").size() == 0
                    || o.getAsJsonArray("criteria").size() > 8) {
                throw ApiError.bad("'criteria' must be an array of 1 to 8 criterion names");
            }
            List<String> c = new ArrayList<>();
            o.getAsJsonArray("criteria").forEach(e -> {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw ApiError.bad("'criteria' must hold names, got " + e);
                }
                c.add(e.getAsString());
            });
            criteria = c;
        }
        try {
            return curves(curves.start(client, s, perLayer, full, criteria));
        } catch (IllegalArgumentException e) {
            throw ApiError.bad(e.getMessage());
        }
    }

    /** {@code GET /api/curves?client=…}: the page's curves so far. */
    String curves(JsonObject q) {
        return curves(curves.get(client(q)));
    }

    private String curves(CurveJobs.Job j) {
        return JsonText.write(w -> {
            w.beginObject();
            if (j == null) {
                w.name("state").value("none").name("points").beginArray().endArray().endObject();
                return;
            }
            w.name("id").value(j.id).name("state").value(j.state()).name("error").value(j.error)
                    .name("expected").value(j.expected).name("scope").value(j.perLayer ? "per-layer" : "global")
                    .name("full").value(j.full).name("perClass").value(j.base.perClass()).name("seed").value(j.base.seed())
                    .name("composite").value(j.base.composite());
            w.name("points").beginArray();
            for (CurveJobs.Point p : j.points()) {
                w.beginObject().name("criterion").value(p.criterion()).name("rate").jsonValue(p.rate().toPlainString())
                        .name("removed").value(p.removed()).name("accuracy");
                WorkbenchJson.value(w, p.accuracy());
                w.endObject();
            }
            w.endArray().endObject();
        });
    }

    /** {@code GET /api/onnx?criterion=…&rate=…}: the pruned model's bytes. */
    byte[] onnx(JsonObject q) {
        Setting s = setting(q);
        Setting.Amount a = amount(q);
        PruningPlan plan = plan(scores(s), a);
        try {
            return bench.onnx(plan);
        } catch (IllegalArgumentException e) {
            throw ApiError.bad(e.getMessage());
        }
    }

    /** The query string of the ONNX download of a setting. */
    static String onnxQuery(Setting s, Setting.Amount a) {
        StringBuilder b = new StringBuilder("/api/onnx?criterion=").append(enc(s.criterion()));
        if (s.composite() != null) {
            b.append("&composite=").append(enc(s.composite()));
        }
        b.append("&perClass=").append(s.perClass()).append("&seed=").append(s.seed());
        b.append(a.rate() != null ? "&rate=" + a.rate().toPlainString() : "&count=" + a.count());
        if (a.perLayer()) {
            b.append("&scope=per-layer");
        }
        return b.toString();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Workbench.Scored scores(Setting s) {
        try {
            return bench.scores(s);
        } catch (IllegalArgumentException e) {
            throw ApiError.bad(e.getMessage());
        }
    }

    private PruningPlan plan(Workbench.Scored sc, Setting.Amount a) {
        try {
            return bench.plan(sc, a);
        } catch (IllegalArgumentException e) {
            throw ApiError.bad(e.getMessage());
        }
    }

    /** The setting of a request: criterion (lrp), composite (null: default), perClass (10), seed (0). */
    static Setting setting(JsonObject o) {
        String c = WorkbenchJson.text(o, "criterion", "lrp");
        if (!Criteria.all().contains(c)) {
            throw ApiError.bad("unknown criterion '" + c + "' (valid: " + Criteria.names() + ")");
        }
        String comp = WorkbenchJson.text(o, "composite", null);
        if (comp != null && !Composites.ids().contains(comp.replace(Composites.NO_CANONIZER, ""))) {
            throw ApiError.bad("unknown LRP composite '" + comp + "' (valid: " + Composites.names() + ")");
        }
        int n = (int) WorkbenchJson.integer(o, "perClass", DEFAULT_PER_CLASS, 1, 1000);
        long seed = WorkbenchJson.integer(o, "seed", DEFAULT_SEED, 0, 4294967295L);
        return new Setting(c, comp, n, seed);
    }

    /** The amount: {@code rate} in [0, 1) or {@code count}, and {@code scope} global (default) or per-layer. */
    static Setting.Amount amount(JsonObject o) {
        BigDecimal rate = WorkbenchJson.number(o, "rate");
        BigDecimal count = WorkbenchJson.number(o, "count");
        boolean perLayer = scope(o);
        if (rate != null && count != null) {
            throw ApiError.bad("give 'rate' or 'count', not both");
        }
        if (rate == null && count == null) {
            rate = BigDecimal.ZERO;
        }
        if (rate != null && (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) >= 0)) {
            throw ApiError.bad("'rate' must be in [0, 1), got " + rate.toPlainString());
        }
        Integer k = null;
        if (count != null) {
            k = (int) WorkbenchJson.integer(o, "count", 0, 0, Integer.MAX_VALUE);
            if (perLayer) {
                throw ApiError.bad("scope per-layer takes a 'rate' (the same rate in every layer), not a 'count'");
            }
        }
        if (rate != null) {
            rate = rate.stripTrailingZeros(); // "0.30" and "0.3" are one setting (and one --rate)
            if (rate.scale() < 0) {
                rate = rate.setScale(0);
            }
        }
        return new Setting.Amount(rate, k, perLayer);
    }

    private static boolean scope(JsonObject o) {
        String scope = WorkbenchJson.text(o, "scope", "global").toLowerCase(Locale.ROOT);
        return switch (scope) {
            case "global" -> false;
            case "per-layer" -> true;
            default -> throw ApiError.bad("'scope' must be global or per-layer, got '" + scope + "'");
        };
    }

    private static String client(JsonObject o) {
        String c = WorkbenchJson.text(o, "client", null);
        if (c == null || !c.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiError.bad("'client' must be 1 to 64 letters, digits, '-' or '_' (the page's id)");
        }
        return c;
    }

    /** Whether a newer request of the same page came in (then this one is skipped); requests without an id never are. */
    private boolean superseded(JsonObject o) {
        String c = WorkbenchJson.text(o, "client", null);
        if (c == null) {
            return false;
        }
        long seq = WorkbenchJson.integer(o, "seq", 0, 0, Long.MAX_VALUE);
        long latest = newest.merge(client(o), seq, Math::max);
        if (newest.size() > 64) {
            newest.clear(); // bounded; an old page merely loses the skip
        }
        return seq < latest;
    }

    private static int[] indices(JsonObject o) {
        if (!o.has("images")) {
            return new int[] {0, 1, 2, 3};
        }
        if (!o.get("images").isJsonArray()) {
            throw ApiError.bad("'images' must be an array of test image indices");
        }
        var arr = o.getAsJsonArray("images");
        if (arr.size() < 1 || arr.size() > MAX_IMAGES) {
            throw ApiError.bad("'images' must hold 1 to " + MAX_IMAGES + " indices, got " + arr.size());
        }
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            var e = arr.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
                throw ApiError.bad("'images' must hold whole numbers, got " + e);
            }
            try {
                out[i] = e.getAsBigDecimal().intValueExact();
            } catch (ArithmeticException ex) {
                throw ApiError.bad("'images' must hold whole numbers, got " + e);
            }
        }
        return out;
    }

    private static byte[] decodeDataUrl(String url) {
        int comma = url.indexOf(',');
        if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            throw ApiError.bad("'image' must be a data URL (data:image/png;base64,...)");
        }
        try {
            return Base64.getDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw ApiError.bad("'image': invalid base64");
        }
    }

    private static void setting(JsonWriter w, Setting s, Setting.Amount a, boolean full) throws IOException {
        w.name("setting").beginObject().name("criterion").value(s.criterion()).name("composite").value(s.composite())
                .name("perClass").value(s.perClass()).name("seed").value(s.seed()).name("rate");
        if (a.rate() != null) {
            w.jsonValue(a.rate().toPlainString());
        } else {
            w.nullValue();
        }
        w.name("count").value(a.count()).name("scope").value(a.perLayer() ? "per-layer" : "global")
                .name("full").value(full).endObject();
    }

    /** Per prunable set: kept/total, normalised scores, global ranks (1 = pruned first), removed units. */
    private static void strips(JsonWriter w, Workbench.Scored sc, PruningPlan plan) throws IOException {
        UnitScores u = sc.scores();
        w.name("sets").beginArray();
        for (int h = 0; h < u.layers().length; h++) {
            int size = u.normalised()[h].length;
            w.beginObject().name("name").value(u.layers()[h]).name("units").value(size)
                    .name("kept").value(size - plan.perLayer()[h].length).name("scores");
            WorkbenchJson.doubles(w, u.normalised()[h]);
            w.name("ranks");
            JsonText.ints(w, sc.ranks()[h]);
            w.name("removed");
            JsonText.ints(w, plan.perLayer()[h]);
            w.endObject();
        }
        w.endArray();
    }

    private static void longOrNull(JsonWriter w, long v) throws IOException {
        if (v < 0) {
            w.nullValue();
        } else {
            w.value(v);
        }
    }

    /** The command quoted for a POSIX shell; a leading {@code ~/} stays unquoted, for the shell to expand. */
    static String shell(List<String> args) {
        StringBuilder sb = new StringBuilder("bin/lrp-pruning");
        for (String a : args) {
            String safe = "[A-Za-z0-9_./:=,+-]+";
            sb.append(' ').append(a.matches(safe) || a.matches("~/" + safe) ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }
}
