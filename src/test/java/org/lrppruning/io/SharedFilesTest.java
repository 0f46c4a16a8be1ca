package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Shared;
import org.lrppruning.testutil.TestVectors;

/** Reads the files NumPy made: the test vectors (copied into the test resources), reference weights and scores (../shared). */
class SharedFilesTest {

    @Test
    void everyTestVectorMatchesItsIndexEntry() throws IOException {
        Path dir = TestVectors.dir();
        JsonObject index = JsonParser.parseString(
                Files.readString(TestVectors.file("index.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        Set<String> indexed = new HashSet<>();
        for (JsonElement e : index.getAsJsonArray("datasets")) {
            JsonObject d = e.getAsJsonObject();
            int n = d.get("n_total").getAsInt();
            NpyArray x = Npy.read(dir.resolve(d.get("X").getAsString()));
            NpyArray y = Npy.read(dir.resolve(d.get("y").getAsString()));
            assertThat(x.dtype()).as("%s", d).isEqualTo(NpyArray.FLOAT32);
            assertThat(x.shape()).as("%s", d).containsExactly(n, 2);
            assertThat(y.dtype()).as("%s", d).isEqualTo(NpyArray.INT64);
            assertThat(y.shape()).as("%s", d).containsExactly(n);
            int classes = d.get("dataset").getAsString().equals("mult") ? 4 : 2;
            assertThat(java.util.Arrays.stream(y.asInts()).allMatch(label -> label >= 0 && label < classes)).as("%s labels", d).isTrue();
            indexed.add(d.get("X").getAsString());
            indexed.add(d.get("y").getAsString());
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> npys = files.filter(p -> p.toString().endsWith(".npy")).sorted().collect(Collectors.toList());
            assertThat(npys).hasSizeGreaterThanOrEqualTo(100);
            for (Path p : npys) {
                NpyArray a = Npy.read(p);
                assertThat(indexed).as("%s is in index.json", p.getFileName()).contains(p.getFileName().toString());
                // Writing what was read gives NumPy's own bytes back: same header, same data.
                assertThat(Npy.toBytes(a)).as("%s rewritten", p.getFileName()).isEqualTo(Files.readAllBytes(p));
            }
        }
    }

    @Test
    void knownTestVectorValues() throws IOException {
        NpyArray x = Npy.read(TestVectors.file("moon-n10-s0-X.npy"));
        assertThat(x.asFloats()).startsWith((float) 0.09500884264707565, (float) 0.9848642945289612,
                (float) 1.6967848539352417, (float) -0.16604693233966827);
        assertThat(Npy.read(TestVectors.file("moon-n10-s0-y.npy")).asInts())
                .containsExactly(0, 1, 0, 1, 0, 1, 1, 0, 0, 1);
        float[] mult = Npy.read(TestVectors.file("mult-train-X.npy")).asFloats();
        assertThat(mult).endsWith((float) -0.12911485135555267, (float) -0.9916296601295471);
    }

    @Test
    @Tag("shared")
    void referenceModelsHaveTheStateDictLayout() throws IOException {
        for (String name : List.of("moon", "circle", "mult")) {
            Map<String, NpyArray> m = Npz.read(Shared.file("reference/models/" + name + ".npz"));
            int k = name.equals("mult") ? 4 : 2;
            assertThat(m.keySet()).containsExactly("network.linear1.weight", "network.linear1.bias",
                    "network.linear2.weight", "network.linear2.bias", "network.linear3.weight",
                    "network.linear3.bias", "network.output.weight", "network.output.bias");
            assertThat(m.get("network.linear1.weight").shape()).containsExactly(1000, 2);
            assertThat(m.get("network.linear2.weight").shape()).containsExactly(1000, 1000);
            assertThat(m.get("network.linear3.weight").shape()).containsExactly(1000, 1000);
            assertThat(m.get("network.output.weight").shape()).containsExactly(k, 1000);
            assertThat(m.get("network.output.bias").shape()).containsExactly(k);
            for (String layer : List.of("linear1", "linear2", "linear3")) {
                assertThat(m.get("network." + layer + ".bias").shape()).containsExactly(1000);
            }
            assertThat(m.values()).allMatch(a -> a.dtype().equals(NpyArray.FLOAT32));
        }
        Map<String, NpyArray> moon = Npz.read(Shared.file("reference/models/moon.npz"));
        assertThat(moon.get("network.linear1.weight").asFloats())
                .startsWith((float) -0.005619176663458347, (float) 0.3751959204673767);
        assertThat(moon.get("network.output.bias").asFloats())
                .containsExactly((float) 0.02883255109190941, (float) 0.027404261752963066);
        assertThat(moon.get("network.linear2.weight").asFloats()[999 * 1000 + 999])
                .isEqualTo((float) -0.016610337421298027);
    }

    @Test
    @Tag("shared")
    void theTestVectorCopyInTheResourcesEqualsSharedByteForByte() throws IOException {
        Path shared = Shared.file("testvectors");
        try (Stream<Path> files = Files.list(shared)) {
            List<Path> all = files.sorted().collect(Collectors.toList());
            assertThat(all).hasSizeGreaterThanOrEqualTo(100);
            for (Path p : all) {
                assertThat(TestVectors.file(p.getFileName().toString())).as("copy of %s", p.getFileName())
                        .hasSameBinaryContentAs(p);
            }
        }
    }

    @Test
    @Tag("shared")
    void referenceScoresAreDeflatedFloat32PerRun() throws IOException {
        Map<String, NpyArray> scores = Npz.read(Shared.file("reference/scores.npz"));
        assertThat(scores).hasSize(72);
        assertThat(scores.keySet()).first().isEqualTo("moon-weight-n2-s0-sigma0.3");
        assertThat(scores.keySet()).last().isEqualTo("mult-lrp-n800-s1-sigma0.3");
        for (NpyArray a : scores.values()) {
            assertThat(a.dtype()).isEqualTo(NpyArray.FLOAT32);
            assertThat(a.shape()).containsExactly(3000);
        }
        assertThat(scores.get("moon-weight-n2-s0-sigma0.3").asFloats()).startsWith((float) 0.0005295535665936768,
                (float) 0.0015797006199136376, (float) 0.0005673520499840379);
        assertThat(scores.get("mult-lrp-n800-s1-sigma0.3").asFloats()[2999]).isEqualTo((float) 0.0001482939551351592);
    }
}
