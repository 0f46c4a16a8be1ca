package org.lrppruning.playground;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.awt.Color;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.lrp.Composites;
import org.lrppruning.plot.Colormaps;
import org.lrppruning.plot.DecisionRegionChart;
import org.lrppruning.web.ApiError;
import org.lrppruning.web.JsonText;

/**
 * The JSON API of the playground, one method per endpoint, text in and text out (the HTTP layer
 * is {@link PlaygroundServer}). Every list of names comes from its registry.
 */
final class Api {
    private final Playground playground;

    Api(Playground playground) {
        this.playground = playground;
    }

    /** {@code GET /api/options}: data sets, criteria, composites, colormaps with their colours, defaults, limits. */
    String options() {
        RunRequest d = RunRequest.defaults();
        return JsonText.write(w -> {
            w.beginObject().name("datasets").beginArray();
            for (Dataset ds : Dataset.values()) {
                w.beginObject().name("id").value(ds.id()).name("label").value(Json.datasetLabel(ds))
                        .name("classes").value(ds.classes()).endObject();
            }
            w.endArray();
            w.name("criteria");
            JsonText.strings(w, Criteria.all());
            w.name("composites");
            JsonText.strings(w, Composites.ids());
            w.name("colormaps").beginObject();
            for (String name : Colormaps.names()) {
                w.name(name).beginObject();
                for (int k : classCounts()) {
                    w.name(Integer.toString(k)).beginObject().name("region");
                    colors(w, Colormaps.get(name, k));
                    w.name("scatter");
                    colors(w, Colormaps.scatter(name, k));
                    w.endObject();
                }
                w.endObject();
            }
            w.endObject();
            w.name("defaults");
            request(w, d);
            w.name("limits").beginObject()
                    .name("samples").beginArray().value(1).value(RunRequest.MAX_SAMPLES).endArray()
                    .name("seed").beginArray().value(0).value(0xFFFF_FFFEL).endArray()
                    .name("sigma").beginArray().value(0).value(RunRequest.MAX_SIGMA).endArray()
                    .name("grid").beginArray().value(RunRequest.MIN_GRID).value(RunRequest.MAX_GRID).endArray()
                    .name("points").value(RunRequest.MAX_POINTS)
                    .name("coordinate").value(RunRequest.MAX_COORDINATE)
                    .name("body").value(PlaygroundServer.MAX_BODY)
                    .endObject();
            w.name("regionAlpha").value(DecisionRegionChart.REGION_ALPHA);
            w.name("studyColormap").value(RunRequest.STUDY_COLORMAP);
            w.endObject();
        });
    }

    /** {@code GET /api/models?dataset=…}: every model of the data set with its state. */
    String models(Dataset d) {
        List<ModelCatalog.Status> all = playground.models().statuses(d);
        return JsonText.write(w -> {
            w.beginObject().name("dataset").value(d.id()).name("models").beginArray();
            for (ModelCatalog.Status s : all) {
                status(w, s);
            }
            w.endArray().endObject();
        });
    }

    /** {@code POST /api/train} with {@code {"dataset": …, "model": …}}: starts training, answers the status. */
    String train(JsonElement body) {
        if (body == null || !body.isJsonObject()) {
            throw ApiError.bad("the request body must be a JSON object such as {\"dataset\":\"moon\",\"model\":\"paper\"}");
        }
        JsonObject o = body.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!k.equals("dataset") && !k.equals("model")) {
                throw ApiError.bad("unknown field '" + k + "' (valid: dataset, model)");
            }
        }
        Dataset d = dataset(o.has("dataset") ? text(o.get("dataset"), "dataset") : null);
        String model = o.has("model") ? text(o.get("model"), "model") : RunRequest.DEFAULT_MODEL;
        ModelCatalog.Status s = playground.models().train(d, model);
        return JsonText.write(w -> status(w, s));
    }

    /** {@code GET /api/data?dataset=…}: the fixed training set. */
    String data(Dataset d) {
        Samples train = playground.training(d);
        return JsonText.write(w -> {
            w.beginObject().name("dataset").value(d.id()).name("classes").value(d.classes()).name("train");
            Json.samples(w, train);
            w.endObject();
        });
    }

    /** {@code POST /api/run}: the view of one setting. */
    String run(JsonElement body) {
        Playground.View v = playground.run(RunRequest.parse(body));
        List<String> cli = Json.cliArgs(v);
        return JsonText.write(w -> {
            w.beginObject();
            w.name("experiment").value(v.request().config().experimentName());
            w.name("request");
            request(w, v.request());
            w.name("accuracy").beginObject()
                    .name("train").beginObject().name("pre");
            Json.value(w, v.trainPre());
            w.name("post");
            Json.value(w, v.trainPost());
            w.endObject().name("test").beginObject().name("pre");
            Json.value(w, v.testPre());
            w.name("post");
            Json.value(w, v.testPost());
            w.endObject().endObject();
            w.name("sizes");
            JsonText.ints(w, v.sizes());
            w.name("kept");
            JsonText.ints(w, v.kept());
            w.name("scores").beginArray();
            for (float[] layer : v.scored().scores()) {
                JsonText.floats(w, layer);
            }
            w.endArray();
            w.name("nanScores").value(v.scored().nan());
            w.name("ranks").beginArray();
            for (int[] layer : v.scored().ranks()) {
                JsonText.ints(w, layer);
            }
            w.endArray();
            w.name("pruned").beginArray();
            for (int[] layer : v.plan().perLayer()) {
                JsonText.ints(w, layer);
            }
            w.endArray();
            w.name("grid");
            Json.grid(w, v.grid());
            w.name("grids").beginObject().name("pre").value(Json.labels(v.gridPre()))
                    .name("post").value(Json.labels(v.gridPost())).endObject();
            w.name("reference");
            Json.samples(w, v.reference());
            w.name("added").value(v.request().points().size());
            w.name("test");
            Json.samples(w, v.test());
            w.name("noisyTest").value(v.request().sigma() > 0);
            w.name("cliArgs");
            JsonText.strings(w, cli);
            w.name("cli").value(Json.shell(cli) + " -r svg -cm " + v.request().colormap());
            w.name("cliComplete").value(v.request().points().isEmpty());
            w.name("ms").value(Math.round(v.nanos() / 1e5) / 10.0);
            w.endObject();
        });
    }

    /** The data set named by a query parameter or field; a 400 when missing or unknown. */
    static Dataset dataset(String name) {
        if (name == null) {
            throw ApiError.bad("missing 'dataset' (valid: " + Dataset.names() + ")");
        }
        try {
            return Dataset.of(name);
        } catch (IllegalArgumentException ex) {
            throw ApiError.bad(ex.getMessage());
        }
    }

    private static String text(JsonElement e, String field) {
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw ApiError.bad("'" + field + "' must be a string, got " + e);
        }
        return p.getAsString();
    }

    private static int[] classCounts() {
        return Arrays.stream(Dataset.values()).mapToInt(Dataset::classes).distinct().sorted().toArray();
    }

    private static void colors(JsonWriter w, Color[] colors) throws IOException {
        w.beginArray();
        for (Color c : colors) {
            w.value(String.format("#%06x", c.getRGB() & 0xffffff));
        }
        w.endArray();
    }

    private static void request(JsonWriter w, RunRequest r) throws IOException {
        w.beginObject()
                .name("dataset").value(r.dataset().id())
                .name("model").value(r.model())
                .name("criterion").value(r.criterion())
                .name("samples").value(r.samples())
                .name("seed").value(r.seed())
                .name("sigma").value(r.sigma())
                .name("prune").value(r.prune())
                .name("grid").value(r.grid())
                .name("points").beginArray();
        for (RunRequest.Point p : r.points()) {
            w.beginArray();
            JsonText.value(w, p.x());
            JsonText.value(w, p.y());
            w.value(p.label()).endArray();
        }
        w.endArray().name("colormap").value(r.colormap()).endObject();
    }

    private static void status(JsonWriter w, ModelCatalog.Status s) throws IOException {
        w.beginObject()
                .name("id").value(s.entry().id())
                .name("label").value(s.entry().label())
                .name("trainable").value(s.entry().trainable())
                .name("state").value(s.state())
                .name("epoch").value(s.epoch())
                .name("maxEpochs").value(s.maxEpochs())
                .name("accuracy");
        Json.value(w, s.accuracy());
        w.name("message").value(s.message());
        w.name("hidden");
        if (s.hidden() == null) {
            w.nullValue();
        } else {
            JsonText.ints(w, s.hidden());
        }
        w.endObject();
    }
}
