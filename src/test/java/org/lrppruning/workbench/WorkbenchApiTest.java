package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * The JSON API on a tiny CNN: evaluations, heatmaps (an uploaded PNG is the same input as the test image it was
 * made of), curves polled to the end and cancelled by a newer request of the page, the ONNX download; every bad
 * request is a 4xx with a one-line JSON error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkbenchApiTest {
    TestBench t;

    @BeforeAll
    void start() throws IOException {
        t = TestBench.start();
    }

    @AfterAll
    void stop() {
        t.close();
    }

    static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    @Test
    void anEvaluationIsThePrunedNetworksOwnNumbers() throws Exception {
        TestBench.Answer a = t.post("/api/evaluate", "{\"criterion\":\"weight\",\"rate\":0.3}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.type()).startsWith("application/json");
        JsonObject o = json(a.body());
        assertThat(o.get("removed").getAsInt()).isEqualTo(2); // floor(0.3 × 7)
        JsonArray sets = o.getAsJsonArray("sets");
        assertThat(sets).hasSize(2);
        int[][] removed = new int[2][];
        for (int h = 0; h < 2; h++) {
            JsonObject s = sets.get(h).getAsJsonObject();
            removed[h] = new com.google.gson.Gson().fromJson(s.get("removed"), int[].class);
            assertThat(s.get("kept").getAsInt()).isEqualTo(s.get("units").getAsInt() - removed[h].length);
            assertThat(s.getAsJsonArray("scores")).hasSize(s.get("units").getAsInt());
        }
        Network p = Pruner.prune(t.bench.network(), new PruningPlan(removed));
        LabeledData test = t.bench.inputs().test();
        assertThat(o.getAsJsonObject("test").get("correct").getAsInt()).isEqualTo(Accuracy.correct(p, test, 1, null));
        assertThat(o.getAsJsonObject("test").get("correctBefore").getAsInt())
                .isEqualTo(Accuracy.correct(t.bench.network(), test, 1, null));
        assertThat(o.getAsJsonObject("parameters").get("after").getAsLong()).isEqualTo(p.parameterCount());
        assertThat(o.getAsJsonObject("macs").get("after").getAsLong()).isEqualTo(p.macs());
        assertThat(o.get("cli").getAsString()).isEqualTo("bin/lrp-pruning prune --model tiny.npz --data train.npy "
                + "--test test.npy -c weight -n 10 -s 0 --rate 0.3 --out pruned.onnx");

        // the download is that network as ONNX
        byte[] onnx = t.bytes(o.get("onnx").getAsString());
        java.nio.file.Path f = java.nio.file.Files.createTempFile("workbench", ".onnx");
        try {
            java.nio.file.Files.write(f, onnx);
            Network back = OnnxReader.read(f).network();
            assertThat(back.parameterCount()).isEqualTo(p.parameterCount());
            assertThat(back.logits(test.x(), test.size())).containsExactly(p.logits(test.x(), test.size()));
        } finally {
            java.nio.file.Files.delete(f);
        }
    }

    @Test
    void anUploadedPngIsExplainedAsTheTestImageItWasMadeOf() throws Exception {
        LabeledData test = t.bench.inputs().test();
        float[] x = test.sample(5);
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 64; p++) {
            img.getRaster().setSample(p % 8, p / 8, 0, Math.round(x[p] * 255));
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        String url = "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
        TestBench.Answer up = t.post("/api/heatmaps", "{\"criterion\":\"lrp\",\"rate\":0.3,\"image\":\"" + url + "\"}");
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        JsonObject u = json(up.body()).getAsJsonArray("heatmaps").get(0).getAsJsonObject();
        int label = u.get("label").getAsInt(); // the unpruned model's prediction
        assertThat(label).isEqualTo(t.bench.network().predict(x, 1, 1)[0]);
        Workbench.Scored s = t.bench.scores(new Setting("lrp", null, 10, 0));
        PruningPlan plan = t.bench.plan(s, new Setting.Amount(new java.math.BigDecimal("0.3"), null, false));
        Workbench.Heatmap h = t.bench.heatmap("lrp-pruning", plan, x, label, 5);
        assertThat(floats(u.getAsJsonArray("before"))).containsExactly(floats(h.before()));
        assertThat(floats(u.getAsJsonArray("after"))).containsExactly(floats(h.after()));
        assertThat(floats(u.getAsJsonArray("before"))).isNotEqualTo(floats(u.getAsJsonArray("after")));

        TestBench.Answer maps = t.post("/api/heatmaps", "{\"criterion\":\"lrp\",\"rate\":0.3,\"images\":[5,0]}");
        assertThat(json(maps.body()).getAsJsonArray("heatmaps")).hasSize(2);
        assertThat(json(maps.body()).getAsJsonArray("heatmaps").get(0).getAsJsonObject().get("label").getAsInt())
                .isEqualTo(test.labels()[5]);
    }

    @Test
    void anOlderHeatmapRequestOfAPageIsSkipped() throws Exception {
        assertThat(t.post("/api/heatmaps", "{\"client\":\"page1\",\"seq\":5}").body()).contains("\"heatmaps\"");
        assertThat(t.post("/api/heatmaps", "{\"client\":\"page1\",\"seq\":3}").body()).isEqualTo("{\"superseded\":true}");
    }

    @Test
    void curvesArriveAsPointsAndANewerRequestOfThePageCancelsTheRunningOne() throws Exception {
        TestBench.Answer a = t.post("/api/curves", "{\"client\":\"c1\",\"perClass\":3,\"seed\":1}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonObject o = json(a.body());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!o.get("state").getAsString().equals("done") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            o = json(t.get("/api/curves?client=c1").body());
        }
        assertThat(o.get("state").getAsString()).isEqualTo("done");
        JsonArray points = o.getAsJsonArray("points");
        assertThat(points).hasSize(4 * 20);
        for (var e : points) {
            JsonObject p = e.getAsJsonObject();
            if (p.get("criterion").getAsString().equals("taylor") && p.get("rate").getAsString().equals("0.15")) {
                JsonObject ev = json(t.post("/api/evaluate", "{\"criterion\":\"taylor\",\"perClass\":3,\"seed\":1,"
                        + "\"rate\":0.15}").body());
                assertThat(p.get("accuracy").getAsDouble()).isEqualTo(ev.getAsJsonObject("test").get("accuracy").getAsDouble());
            }
        }

        CurveJobs jobs = new CurveJobs(t.bench);
        try {
            CurveJobs.Job first = jobs.start("c2", new Setting("lrp", null, 2, 0), false, false, List.of("weight", "lrp"));
            CurveJobs.Job second = jobs.start("c2", new Setting("lrp", null, 2, 0), true, false, List.of("weight"));
            assertThat(first.cancelled || first.done).isTrue();
            assertThat(jobs.get("c2")).isSameAs(second);
            assertThat(jobs.cancel("c2").state()).isIn("cancelled", "done");
        } finally {
            jobs.close();
        }
    }

    @Test
    void badRequestsAreAnsweredWithOneLineOfJson() throws Exception {
        String[][] posts = {
            {"/api/evaluate", "{", "malformed JSON"},
            {"/api/evaluate", "[]", "must be a JSON object"},
            {"/api/evaluate", "{\"bogus\":1}", "unknown field 'bogus'"},
            {"/api/evaluate", "{\"criterion\":\"nope\"}", "unknown criterion 'nope'"},
            {"/api/evaluate", "{\"composite\":\"nope\"}", "unknown LRP composite 'nope'"},
            {"/api/evaluate", "{\"rate\":1.2}", "'rate' must be in [0, 1)"},
            {"/api/evaluate", "{\"rate\":\"x\"}", "'rate' must be a number"},
            {"/api/evaluate", "{\"rate\":0.1,\"count\":2}", "not both"},
            {"/api/evaluate", "{\"count\":2,\"scope\":\"per-layer\"}", "per-layer takes a 'rate'"},
            {"/api/evaluate", "{\"count\":7}", "count 7: the model has 7 prunable units"},
            {"/api/evaluate", "{\"scope\":\"sideways\"}", "'scope' must be global or per-layer"},
            {"/api/evaluate", "{\"perClass\":0}", "'perClass' must be between 1 and 1000"},
            {"/api/evaluate", "{\"criterion\":\"weight\",\"perClass\":500}", "500"},
            {"/api/heatmaps", "{\"images\":[999]}", "test image 999 is outside 0..89"},
            {"/api/heatmaps", "{\"images\":[]}", "1 to 8 indices"},
            {"/api/heatmaps", "{\"image\":\"data:image/png;base64,AAAA\"}", "not an image file"},
            {"/api/heatmaps", "{\"image\":\"hello\"}", "must be a data URL"},
            {"/api/heatmaps", "{\"image\":\"" + png(9, 8) + "\"}", "the image is 9×8, the model takes 8×8"},
            {"/api/heatmaps", "{\"rate\":0.9}", "would remove all"},
            {"/api/curves", "{}", "'client' must be"},
            {"/api/curves", "{\"client\":\"a\",\"criteria\":[\"nope\"]}", "unknown criterion 'nope'"},
        };
        for (String[] c : posts) {
            check(t.post(c[0], c[1]), 400, c[2]);
        }
        check(t.get("/api/onnx?count=6"), 400, "would remove all");
        check(t.get("/api/images?count=0"), 400, "'count' must be between 1 and 64");
        check(t.get("/api/evaluate"), 405, "method GET not allowed here (use POST)");
        check(t.get("/api/nothing"), 404, "no such page or endpoint");
        check(t.send(HttpRequest.newBuilder(t.uri("/api/evaluate")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415, "Content-Type must be application/json");
        check(t.post("/api/evaluate", "{\"criterion\":\"" + "x".repeat(WorkbenchServer.MAX_BODY) + "\"}"), 400,
                "request body larger than");
    }

    private static void check(TestBench.Answer a, int status, String message) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.body()).as(message).doesNotContain("\n").startsWith("{\"error\":\"").endsWith("\"}");
        assertThat(json(a.body()).get("error").getAsString()).contains(message);
    }

    private static String png(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }
}
