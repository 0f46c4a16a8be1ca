package org.lrppruning.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.cli.Main;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.plot.Colormaps;
import org.lrppruning.plot.DecisionGrid;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.prune.Ranking;
import org.lrppruning.report.ToyFigure;
import org.lrppruning.web.ApiError;

/**
 * The JSON API against the single-run CLI and against plain recomputation, on small random networks:
 * the same accuracies and pruned neurons as the CLI, exact grids, added points, one-line 400s for
 * bad requests, and a burst of concurrent requests answered as if they came one by one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundApiTest {
    static final int TOTAL = 3 * TestPlayground.WIDTH;

    Path dir;
    TestPlayground p;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        dir = tmp;
        p = TestPlayground.start(tmp);
    }

    @AfterAll
    void stop() {
        p.close();
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    JsonObject run(String body) throws Exception {
        TestPlayground.Answer a = p.post("/api/run", body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return json(a.body());
    }

    /** The CLI run with the arguments the API names for a setting, and its log (with -rl: the ranking). */
    List<String> cli(JsonObject r, String... extra) throws IOException {
        List<String> args = new ArrayList<>();
        r.getAsJsonArray("cliArgs").forEach(e -> args.add(e.getAsString()));
        if (List.of(extra).contains("-rl")) { // a rank run prunes nothing and refuses a prune count
            int i = args.indexOf("--prune-count");
            args.subList(i, i + 2).clear();
        }
        Path log = Files.createTempFile(dir, "log", ".txt");
        Files.delete(log);
        args.addAll(List.of("-l", log.toString(), "--threads", "1"));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
        return Files.readAllLines(log);
    }

    static double logValue(List<String> lines, String scenario, String stage) {
        String key = "-scenario:" + scenario + "-stage:" + stage + " ";
        String line = lines.stream().filter(l -> l.contains(key)).findFirst().orElseThrow();
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    static double accuracy(JsonObject r, String scenario, String stage) {
        return r.getAsJsonObject("accuracy").getAsJsonObject(scenario).get(stage).getAsDouble();
    }

    static int[][] pruned(JsonObject r) {
        JsonArray a = r.getAsJsonArray("pruned");
        int[][] out = new int[a.size()][];
        for (int h = 0; h < out.length; h++) {
            out[h] = ints(a.get(h).getAsJsonArray());
        }
        return out;
    }

    static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    Network model(Dataset d) throws IOException {
        return ModelIO.load(p.store.file(d, Architecture.PAPER), Architecture.PAPER);
    }

    @Test
    void runAnswersTheSingleRunCliNumbersAndPrunesTheNeuronsItsRankingPutsFirst() throws Exception {
        String[] settings = {
            "{\"dataset\":\"moon\",\"criterion\":\"lrp\",\"samples\":5,\"seed\":1,\"prune\":30,\"sigma\":0.3}",
            "{\"dataset\":\"moon\",\"criterion\":\"lrp\",\"samples\":5,\"seed\":1,\"prune\":12,\"sigma\":0.3}",
            "{\"dataset\":\"circle\",\"criterion\":\"taylor\",\"samples\":2,\"seed\":7,\"prune\":50,\"sigma\":0}",
            "{\"dataset\":\"mult\",\"criterion\":\"grad\",\"samples\":10,\"seed\":3,\"prune\":0,\"sigma\":0.1}",
            "{\"dataset\":\"mult\",\"criterion\":\"weight\",\"samples\":1,\"seed\":0,\"prune\":" + (TOTAL - 1) + ",\"sigma\":0.3}",
            "{\"dataset\":\"moon\",\"criterion\":\"lrp-gamma\",\"samples\":3,\"seed\":2,\"prune\":" + TOTAL + ",\"sigma\":0.3}",
        };
        for (String s : settings) {
            JsonObject r = run(s);
            List<String> log = cli(r);
            for (String scenario : List.of("train", "test")) {
                for (String stage : List.of("pre", "post")) {
                    assertThat(accuracy(r, scenario, stage)).as(s + " " + scenario + "/" + stage)
                            .isEqualTo(logValue(log, scenario, stage));
                }
            }
            List<String> rank = cli(r, "-rl");
            String line = rank.get(rank.size() - 1);
            int[] order = Arrays.stream(line.substring(line.indexOf('[') + 1, line.length() - 1).split(","))
                    .mapToInt(Integer::parseInt).toArray();
            int prune = r.getAsJsonObject("request").get("prune").getAsInt();
            int[] sizes = ints(r.getAsJsonArray("sizes"));
            assertThat(pruned(r)).as(s).isEqualTo(PruningPlan.lowest(order, sizes, prune).perLayer());
            int[] kept = ints(r.getAsJsonArray("kept"));
            for (int h = 0; h < sizes.length; h++) {
                assertThat(kept[h]).isEqualTo(sizes[h] - pruned(r)[h].length);
            }
            assertThat(r.get("cli").getAsString()).startsWith("bin/lrp-pruning -d ").contains("-cm Accent");
        }
    }

    @Test
    void ranksAreThePositionsInTheAscendingOrderOfTheScores() throws Exception {
        JsonObject r = run("{\"dataset\":\"circle\",\"criterion\":\"grad\",\"samples\":4,\"seed\":5,\"prune\":20}");
        JsonArray scores = r.getAsJsonArray("scores");
        float[][] s = new float[scores.size()][];
        for (int h = 0; h < s.length; h++) {
            JsonArray layer = scores.get(h).getAsJsonArray();
            s[h] = new float[layer.size()];
            for (int j = 0; j < s[h].length; j++) {
                s[h][j] = layer.get(j).getAsFloat();
            }
        }
        int[] order = Ranking.ascending(s);
        JsonArray ranks = r.getAsJsonArray("ranks");
        int offset = 0;
        for (int h = 0; h < s.length; h++) {
            int[] rk = ints(ranks.get(h).getAsJsonArray());
            for (int j = 0; j < rk.length; j++) {
                assertThat(order[rk[j]]).isEqualTo(offset + j);
            }
            offset += rk.length;
        }
    }

    @Test
    void addedPointsJoinTheReferenceSamplesAndTheNumbersAreThoseOfARecomputation() throws Exception {
        String base = "\"dataset\":\"moon\",\"criterion\":\"lrp\",\"samples\":2,\"seed\":4,\"prune\":30,\"sigma\":0";
        JsonObject without = run("{" + base + "}");
        JsonObject with = run("{" + base + ",\"points\":[[0.5,0.25,1],{\"x\":-1.0,\"y\":0.75,\"label\":0}]}");
        assertThat(with.get("scores")).isNotEqualTo(without.get("scores"));
        assertThat(with.get("added").getAsInt()).isEqualTo(2);
        assertThat(with.get("cliComplete").getAsBoolean()).isFalse();

        // the slow, obvious way: the run's steps one by one on the reference samples plus the points
        Network net = model(Dataset.MOON);
        Samples ref = ToyData.reference(Dataset.MOON, 2, 4);
        float[] xy = Arrays.copyOf(ref.x(), ref.x().length + 4);
        System.arraycopy(new float[] {0.5f, 0.25f, -1.0f, 0.75f}, 0, xy, ref.x().length, 4);
        int[] labels = Arrays.copyOf(ref.labels(), ref.size() + 2);
        labels[ref.size()] = 1;
        labels[ref.size() + 1] = 0;
        Samples refs = new Samples(xy, labels);
        float[][] s = Criteria.of("lrp").scores(net, refs, 1);
        PruningPlan plan = PruningPlan.lowest(Ranking.ascending(s), net.unitCounts(), 30);
        Network pruned = Pruner.prune(net, plan);
        Samples train = ToyData.training(Dataset.MOON);
        assertThat(pruned(with)).isEqualTo(plan.perLayer());
        assertThat(accuracy(with, "train", "pre")).isEqualTo(Experiment.accuracy(net, train, 1));
        assertThat(accuracy(with, "train", "post")).isEqualTo(Experiment.accuracy(pruned, train, 1));
        // sigma 0: the test set is the reference samples, added points included
        assertThat(accuracy(with, "test", "pre")).isEqualTo(Experiment.accuracy(net, refs, 1));
        assertThat(accuracy(with, "test", "post")).isEqualTo(Experiment.accuracy(pruned, refs, 1));
        assertThat(ints(with.getAsJsonObject("reference").getAsJsonArray("labels"))).isEqualTo(labels);
    }

    @Test
    void gridsAreTheLabelsOfEveryGridPointBeforeAndAfterPruning() throws Exception {
        // 90 steps on moon: more grid points than one prediction chunk
        JsonObject r = run("{\"dataset\":\"moon\",\"criterion\":\"weight\",\"prune\":40,\"grid\":90}");
        Network net = model(Dataset.MOON);
        DecisionGrid grid = DecisionGrid.fromTrainingData(ToyData.training(Dataset.MOON).x(), 90);
        assertThat(grid.count()).isGreaterThan(Playground.CHUNK);
        Network pruned = Pruner.prune(net, new PruningPlan(pruned(r)));
        JsonObject g = r.getAsJsonObject("grid");
        assertThat(g.get("nx").getAsInt()).isEqualTo(grid.nx());
        assertThat(g.get("ny").getAsInt()).isEqualTo(grid.ny());
        assertThat(r.getAsJsonObject("grids").get("pre").getAsString()).isEqualTo(digits(grid, net));
        assertThat(r.getAsJsonObject("grids").get("post").getAsString()).isEqualTo(digits(grid, pruned));
        assertThat(digits(grid, pruned)).isNotEqualTo(digits(grid, net));
    }

    /** One prediction per grid point, one point at a time. */
    static String digits(DecisionGrid grid, Network net) {
        float[] xy = grid.points();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < grid.count(); i++) {
            sb.append(net.predict(new float[] {xy[2 * i], xy[2 * i + 1]}, 1, 1)[0]);
        }
        return sb.toString();
    }

    @Test
    void optionsListTheRegistriesAndTheStudyColours() throws Exception {
        TestPlayground.Answer a = p.get("/api/options");
        assertThat(a.status()).isEqualTo(200);
        JsonObject o = json(a.body());
        List<String> criteria = new ArrayList<>();
        o.getAsJsonArray("criteria").forEach(e -> criteria.add(e.getAsString()));
        assertThat(criteria).isEqualTo(Criteria.all()).startsWith("weight", "taylor", "grad", "lrp");
        List<String> composites = new ArrayList<>();
        o.getAsJsonArray("composites").forEach(e -> composites.add(e.getAsString()));
        assertThat(composites).isEqualTo(Composites.ids());
        assertThat(o.getAsJsonArray("datasets")).hasSize(Dataset.values().length);
        assertThat(o.get("studyColormap").getAsString()).isEqualTo(ToyFigure.COLORMAP);
        JsonArray accent4 = o.getAsJsonObject("colormaps").getAsJsonObject("Accent").getAsJsonObject("4")
                .getAsJsonArray("region");
        assertThat(accent4.get(3).getAsString())
                .isEqualTo(String.format("#%06x", Colormaps.get("Accent", 4)[3].getRGB() & 0xffffff));
    }

    @Test
    void modelsReportTheirStateAndAMissingOneIsA409() throws Exception {
        JsonObject m = json(p.get("/api/models?dataset=circle").body());
        JsonArray models = m.getAsJsonArray("models");
        assertThat(models.get(0).getAsJsonObject().get("state").getAsString()).isEqualTo("ready");
        assertThat(ints(models.get(0).getAsJsonObject().getAsJsonArray("hidden")))
                .containsExactly(TestPlayground.WIDTH, TestPlayground.WIDTH, TestPlayground.WIDTH);
        assertThat(models.get(1).getAsJsonObject().get("state").getAsString()).isEqualTo("missing");
        TestPlayground.Answer a = p.post("/api/run", "{\"dataset\":\"circle\",\"model\":\"paper-relu\"}");
        assertThat(a.status()).isEqualTo(409);
        assertThat(json(a.body()).get("error").getAsString()).contains("not trained yet", "POST /api/train");
        TestPlayground.Answer data = p.get("/api/data?dataset=mult");
        assertThat(json(data.body()).getAsJsonObject("train").getAsJsonArray("labels")).hasSize(4000);
    }

    @Test
    void badRequestsGetA400WithOneLineAndTheServerKeepsAnswering() throws Exception {
        String good = "{\"dataset\":\"moon\",\"criterion\":\"taylor\",\"samples\":3,\"seed\":2,\"prune\":25,\"sigma\":0.3}";
        JsonObject before = run(good);
        String[][] cases = {
            {"{", "malformed JSON"},
            {"{\"dataset\":\"moon\"} {}", "malformed JSON"},
            {"{\"dataset\":\"moon\",}", "malformed JSON"},
            {"[1,2]", "must be a JSON object"},
            {"", "empty request body"},
            {"{\"dataset\":\"moons\"}", "unknown dataset 'moons' (valid: moon, circle, mult)"},
            {"{\"dataset\":7}", "'dataset' must be a string"},
            {"{\"criterion\":\"lrp-foo\"}", "unknown criterion 'lrp-foo' (valid: weight, taylor, grad, lrp"},
            {"{\"model\":\"big\"}", "unknown model 'big' for mult (valid: paper, paper-relu)"},
            {"{\"samples\":0}", "'samples' must be between 1 and 200, was 0"},
            {"{\"samples\":201}", "'samples' must be between 1 and 200"},
            {"{\"samples\":2.5}", "'samples' must be a whole number"},
            {"{\"samples\":\"5\"}", "'samples' must be a number"},
            {"{\"seed\":-1}", "'seed' must be between 0 and 4294967294"},
            {"{\"seed\":4294967295}", "'seed' must be between 0 and 4294967294"},
            {"{\"sigma\":-0.1}", "'sigma' must be between 0 and 10"},
            {"{\"sigma\":1e400}", "'sigma' must be between 0 and 10"},
            {"{\"prune\":-1}", "'prune' must be between 0 and"},
            {"{\"prune\":" + (TOTAL + 1) + "}", "'prune' must be between 0 and " + TOTAL + " (the model's hidden neurons)"},
            {"{\"prune\":1e12}", "'prune' must be between 0 and"},
            {"{\"grid\":5}", "'grid' must be between 10 and 200"},
            {"{\"grid\":100000}", "'grid' must be between 10 and 200"},
            {"{\"points\":{}}", "'points' must be an array"},
            {"{\"dataset\":\"moon\",\"points\":[[0,0,2]]}", "'points[0].label' must be between 0 and 1"},
            {"{\"points\":[[11,0,1]]}", "'points[0].x' must be between -10 and 10"},
            {"{\"points\":[[0,1]]}", "'points[0]' must be [x, y, class]"},
            {"{\"points\":[" + "[0,0,0],".repeat(RunRequest.MAX_POINTS) + "[0,0,0]]}", "at most 200 are allowed"},
            {"{\"colormap\":\"jet\"}", "unknown colormap 'jet'"},
            {"{\"foo\":1}", "unknown field 'foo' (valid: dataset, model, criterion"},
            {"{\"samples\":" + "1".repeat(400) + "}", "'samples' must be between 1 and 200"},
            {"{\"dataset\":\"moon\",\"points\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "malformed JSON"},
            {"{\"x\":\"" + "a".repeat(PlaygroundServer.MAX_BODY) + "\"}", "request body larger than 65536 bytes"},
        };
        for (String[] c : cases) {
            TestPlayground.Answer a = p.post("/api/run", c[0]);
            assertThat(a.status()).as(c[1]).isEqualTo(400);
            String error = json(a.body()).get("error").getAsString();
            assertThat(error).as(c[0].length() > 80 ? c[0].substring(0, 80) : c[0]).contains(c[1]);
            assertThat(error.lines()).hasSize(1);
        }
        assertThat(p.post("/api/train", "{\"dataset\":\"moon\",\"model\":\"x\"}").status()).isEqualTo(400);
        assertThat(p.get("/api/models").status()).isEqualTo(400);
        assertThat(p.get("/api/data?dataset=spiral").status()).isEqualTo(400);
        assertThat(p.get("/api/run").status()).isEqualTo(405);
        assertThat(p.get("/api/nothing").status()).isEqualTo(404);
        assertThat(p.get("/secret.txt").status()).isEqualTo(404);
        assertThat(p.send(java.net.http.HttpRequest.newBuilder(p.uri("/api/run")).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(good)).build()).status()).isEqualTo(415);
        assertThat(rawStatus("GET /api/options HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"))
                .isEqualTo(403);
        assertThat(rawStatus("POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000000\r\nConnection: close\r\n\r\n{")).isEqualTo(400);

        assertThat(withoutTiming(run(good))).isEqualTo(withoutTiming(before));
    }

    /** The status code of a hand-written HTTP request (for headers the HTTP client will not send). */
    int rawStatus(String request) throws IOException {
        try (Socket s = new Socket(p.server.uri().getHost(), p.server.uri().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    static JsonElement withoutTiming(JsonObject r) {
        JsonObject copy = r.deepCopy();
        copy.remove("ms");
        return copy;
    }

    @Test
    void aBurstOfConcurrentRequestsGetsTheAnswersEachGetsAlone() throws Exception {
        List<String> bodies = new ArrayList<>();
        String[] criteria = {"lrp", "grad", "taylor", "weight", "lrp-epsilon", "lrp-alpha2beta1"};
        for (int i = 0; i < 24; i++) {
            Dataset d = Dataset.values()[i % 3];
            bodies.add("{\"dataset\":\"" + d.id() + "\",\"criterion\":\"" + criteria[i % criteria.length]
                    + "\",\"samples\":" + (1 + i % 4) + ",\"seed\":" + (i % 5) + ",\"prune\":" + (3 * i)
                    + ",\"sigma\":0.2,\"grid\":20}");
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<TestPlayground.Answer>> answers = new ArrayList<>();
            for (String b : bodies) {
                answers.add(pool.submit(() -> p.post("/api/run", b)));
            }
            // the server must have kept no state between them: each again, alone, gives the same
            for (int i = 0; i < bodies.size(); i++) {
                TestPlayground.Answer a = answers.get(i).get();
                assertThat(a.status()).as(a.body()).isEqualTo(200);
                assertThat(withoutTiming(json(a.body()))).isEqualTo(withoutTiming(run(bodies.get(i))));
            }
        } finally {
            pool.shutdownNow();
        }
        // and each is what a fresh server computes, with no caches warmed by the others
        try (TestPlayground fresh = TestPlayground.start(dir.resolve("fresh"))) {
            for (String b : List.of(bodies.get(5), bodies.get(17))) {
                JsonObject alone = json(fresh.post("/api/run", b).body());
                JsonObject here = run(b);
                for (JsonObject r : List.of(alone, here)) {
                    r.remove("cli"); // the two servers' model files lie in different folders
                    r.remove("cliArgs");
                }
                assertThat(withoutTiming(alone)).isEqualTo(withoutTiming(here));
            }
        }
    }

    @Test
    void theSmallestFailuresKeepTheirMessageOnOneLine() {
        assertThat(ApiError.firstLine("a\nb")).isEqualTo("a");
        assertThat(ApiError.firstLine(null)).isEqualTo("error");
        assertThat(new ApiError(400, "  x \n y").getMessage()).isEqualTo("x");
    }

    @Test
    void anLruKeepsTheMostRecentlyUsedEntries() {
        Lru<Integer, String> lru = new Lru<>(2);
        lru.get(1, () -> "a");
        lru.get(2, () -> "b");
        lru.get(1, () -> "x");
        lru.get(3, () -> "c");
        assertThat(lru.size()).isEqualTo(2);
        assertThat(lru.get(1, () -> "new")).isEqualTo("a");
        assertThat(lru.get(2, () -> "new")).isEqualTo("new");
    }
}
