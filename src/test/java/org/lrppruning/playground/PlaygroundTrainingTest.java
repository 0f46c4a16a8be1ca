package org.lrppruning.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelStore;
import org.lrppruning.train.Trainer;

/**
 * A missing cached model is trained on request in the background, its progress reported until it
 * is ready, saved into the store and served: one epoch of the paper network on moon.
 */
class PlaygroundTrainingTest {
    static JsonObject moonPaper(TestPlayground p) throws Exception {
        JsonObject all = JsonParser.parseString(p.get("/api/models?dataset=moon").body()).getAsJsonObject();
        return all.getAsJsonArray("models").get(0).getAsJsonObject();
    }

    @Test
    void aMissingModelIsTrainedWithProgressSavedAndServed(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(dir.resolve("models"));
        Trainer.Settings oneEpoch = new Trainer.Settings(200, 1e-3f, 1, 100.0, Trainer.DEFAULT_SEED);
        try (TestPlayground p = TestPlayground.start(dir, store, d -> oneEpoch, 1)) {
            assertThat(moonPaper(p).get("state").getAsString()).isEqualTo("missing");
            assertThat(p.post("/api/run", "{\"dataset\":\"moon\"}").status()).isEqualTo(409);

            TestPlayground.Answer started = p.post("/api/train", "{\"dataset\":\"moon\",\"model\":\"paper\"}");
            assertThat(started.status()).isEqualTo(202);
            List<String> states = new ArrayList<>();
            states.add(JsonParser.parseString(started.body()).getAsJsonObject().get("state").getAsString());
            JsonObject m = moonPaper(p);
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (!m.get("state").getAsString().equals("ready") && System.nanoTime() < deadline) {
                states.add(m.get("state").getAsString());
                assertThat(m.get("state").getAsString()).isIn("queued", "training");
                Thread.sleep(100);
                m = moonPaper(p);
            }
            assertThat(m.get("state").getAsString()).isEqualTo("ready");
            assertThat(states.get(0)).isEqualTo("queued");
            assertThat(m.getAsJsonArray("hidden").toString()).isEqualTo("[1000,1000,1000]");
            assertThat(Files.isRegularFile(store.file(Dataset.MOON, Architecture.PAPER))).isTrue();
            // asking again does not train again
            assertThat(JsonParser.parseString(p.post("/api/train", "{\"dataset\":\"moon\"}").body()).getAsJsonObject()
                    .get("state").getAsString()).isEqualTo("ready");

            TestPlayground.Answer run = p.post("/api/run", "{\"dataset\":\"moon\",\"grid\":10,\"prune\":1000}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            JsonObject r = JsonParser.parseString(run.body()).getAsJsonObject();
            assertThat(r.getAsJsonArray("sizes").toString()).isEqualTo("[1000,1000,1000]");
            assertThat(r.getAsJsonArray("cliArgs").toString()).contains(store.file(Dataset.MOON, Architecture.PAPER)
                    .toString().replace("\\", "\\\\"));
        }
    }
}
