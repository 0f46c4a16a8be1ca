package org.lrppruning.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Shared;

/**
 * Every run of ../shared/reference/runs.jsonl, repeated with the reference's weights: scores within
 * 1e-4 relative (1e-6 absolute), identical pruned sets, identical log lines.
 */
@Tag("shared")
class ReferenceEquivalenceTest {
    private static final Map<Dataset, Network> MODELS = new EnumMap<>(Dataset.class);
    private static final Map<Dataset, Samples> TRAIN = new EnumMap<>(Dataset.class);
    private static List<JsonObject> runs;
    private static Map<String, NpyArray> scores;

    @BeforeAll
    static void load() throws IOException {
        for (Dataset d : Dataset.values()) {
            MODELS.put(d, ModelIO.load(Shared.file("reference/models/" + d.id() + ".npz"), Architecture.PAPER));
            TRAIN.put(d, ToyData.training(d));
        }
        runs = new ArrayList<>();
        for (String line : Files.readAllLines(Shared.file("reference/runs.jsonl"))) {
            if (!line.isBlank()) {
                runs.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        scores = Npz.read(Shared.file("reference/scores.npz"));
    }

    @Test
    void everyReferenceRunGivesTheSameScoresPrunedSetsAndLogLines() {
        assertThat(runs).hasSize(72);
        int sameLines = 0;
        int sameSets = 0;
        int scoresOk = 0;
        double worst = 0;
        double worstAbs = 0;
        List<String> problems = new ArrayList<>();
        int threads = Runtime.getRuntime().availableProcessors();
        for (JsonObject r : runs) {
            Dataset d = Dataset.of(r.get("dataset").getAsString());
            RunConfig cfg = RunConfig.of(d, r.get("criterion").getAsString(), r.get("npc").getAsInt(),
                    r.get("seed").getAsLong(), r.get("sigma").getAsDouble());
            RunResult res = Experiment.run(MODELS.get(d), TRAIN.get(d), cfg, threads, Experiment.QUIET);
            String key = r.get("key").getAsString();

            JsonArray log = r.getAsJsonArray("log");
            int same = 0;
            for (int i = 0; i < log.size(); i++) {
                if (log.get(i).getAsString().equals(res.logLines().get(i))) {
                    same++;
                } else {
                    problems.add(key + ": line " + i + " is '" + res.logLines().get(i) + "', reference '"
                            + log.get(i).getAsString() + "'");
                }
            }
            sameLines += same;

            JsonArray pruned = r.getAsJsonArray("pruned");
            int[] want = new int[pruned.size()];
            for (int i = 0; i < want.length; i++) {
                want[i] = pruned.get(i).getAsInt();
            }
            int[] got = res.plan().globalIndices(MODELS.get(d).unitCounts());
            if (java.util.Arrays.equals(want, got)) {
                sameSets++;
            } else {
                problems.add(key + ": pruned set differs");
            }

            float[] ref = scores.get(key).asFloats();
            float[] mine = flatten(res.scores());
            double err = 0;
            boolean ok = true;
            for (int i = 0; i < ref.length; i++) {
                double diff = Math.abs((double) mine[i] - ref[i]);
                if (diff > 1e-6 && diff > 1e-4 * Math.abs(ref[i])) {
                    if (ok) {
                        problems.add(key + ": score " + i + " is " + mine[i] + ", reference " + ref[i]);
                    }
                    ok = false;
                }
                // the relative error of scores the absolute bound covers (|ref| tiny) says nothing
                if (diff > 1e-6) {
                    err = Math.max(err, diff / Math.abs(ref[i]));
                }
                worstAbs = Math.max(worstAbs, diff);
            }
            worst = Math.max(worst, err);
            if (ok) {
                scoresOk++;
            } else {
                problems.add(key + ": scores differ, worst relative error " + err);
            }
        }
        System.out.printf("reference equivalence: %d/%d log lines, %d/%d pruned sets, %d/%d score vectors "
                + "equal within 1e-4 relative or 1e-6 absolute (worst relative error above 1e-6: %.2e, worst absolute"
                + " difference %.2e)%n", sameLines, 4 * runs.size(), sameSets, runs.size(), scoresOk, runs.size(), worst,
                worstAbs);
        assertThat(problems).isEmpty();
    }

    private static float[] flatten(float[][] s) {
        int n = 0;
        for (float[] a : s) {
            n += a.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (float[] a : s) {
            System.arraycopy(a, 0, out, k, a.length);
            k += a.length;
        }
        return out;
    }
}
