package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.data.References;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.model.PrunableUnits;

/** {@code scores}: the npz a user gets (as the library scores), the units it covers, one-line errors with nothing written. */
class ScoresCommandTest {
    @TempDir
    Path dir;

    private TinyCnnFiles tiny;

    @BeforeEach
    void files() throws IOException {
        tiny = TinyCnnFiles.in(dir, 12);
    }

    @Test
    void writesEveryPrunableLayerNormalisedAndRawAndTheGlobalRankingAsTheLibraryComputesThem() throws IOException {
        Path out = dir.resolve("s.npz");
        CliRun r = CliRun.run("scores", "--model", tiny.model().toString(), "--arch", TinyCnnFiles.ARCH, "--refs",
                tiny.data().toString(), "-c", "taylor", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("taylor on 12 reference samples, the seed authors' CNN definitions")
                .contains("in float32").contains("features.0      3").contains("Wrote " + out);
        Map<String, NpyArray> a = Npz.read(out);
        assertThat(a.keySet()).containsExactly("features.0", "features.0.raw", "features.4", "features.4.raw", "ranking");
        UnitScores want = Criteria.of("taylor").score(tiny.net(), tiny.samples(),
                org.lrppruning.criteria.Definitions.LRP_PRUNING_FLOAT32, 1);
        assertThat(a.get("features.0").asDoubles()).containsExactly(want.normalised()[0]);
        assertThat(a.get("features.4.raw").asDoubles()).containsExactly(want.raw()[1]);
        NpyArray ranking = a.get("ranking");
        assertThat(ranking.dtype()).isEqualTo(NpyArray.INT64);
        assertThat(ranking.shape()).containsExactly(7, 2);
        int[][] pairs = want.rankedUnits(7);
        long[] flat = ranking.asLongs();
        for (int i = 0; i < 7; i++) {
            assertThat(new long[] {flat[2 * i], flat[2 * i + 1]}).containsExactly(pairs[i][0], pairs[i][1]);
            if (i > 0) { // lowest first
                double prev = want.normalised()[(int) flat[2 * i - 2]][(int) flat[2 * i - 1]];
                assertThat(want.normalised()[(int) flat[2 * i]][(int) flat[2 * i + 1]]).isGreaterThanOrEqualTo(prev);
            }
        }
    }

    @Test
    void unitsAllAddsTheHiddenLinearNeuronsAndDrawnReferencesAreThoseOfTheDataRule() throws IOException {
        Path out = dir.resolve("all.npz");
        CliRun r = CliRun.run("scores", "--model", tiny.model().toString(), "--arch", TinyCnnFiles.ARCH, "--data",
                tiny.data().toString(), "-n", "2", "-s", "4", "-c", "lrp", "--units", "all", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("lrp (composite lrp-pruning) on 6 reference samples");
        Map<String, NpyArray> a = Npz.read(out);
        assertThat(a.keySet()).contains("classifier.1", "classifier.1.raw").doesNotContain("classifier.4");
        assertThat(a.get("ranking").shape()).containsExactly(12, 2);
        UnitScores want = Criteria.of("lrp").score(tiny.net().withUnits(PrunableUnits.ALL),
                References.draw(tiny.samples(), 3, 2, References.Pick.RANDOM, 4, "d"),
                org.lrppruning.criteria.Definitions.LRP_PRUNING_FLOAT32, 1);
        assertThat(a.get("classifier.1.raw").asDoubles()).containsExactly(want.raw()[2]);
    }

    @Test
    void precisionFloat64ScoresAsTheFloat64DefinitionsAndFloat32IsTheDefault() throws IOException {
        Path f32 = dir.resolve("f32.npz");
        Path f64 = dir.resolve("f64.npz");
        String m = tiny.model().toString();
        String d = tiny.data().toString();
        CliRun r = CliRun.run("scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "lrp",
                "--out", f32.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("the seed authors' CNN definitions (LRP_pruning) in float32");
        r = CliRun.run("scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "lrp", "--precision",
                "float64", "--out", f64.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("in float32");
        UnitScores want32 = Criteria.of("lrp").score(tiny.net(), tiny.samples(),
                org.lrppruning.criteria.Definitions.LRP_PRUNING_FLOAT32, 1);
        UnitScores want64 = Criteria.of("lrp").score(tiny.net(), tiny.samples(),
                org.lrppruning.criteria.Definitions.LRP_PRUNING, 1);
        assertThat(Npz.read(f32).get("features.0.raw").asDoubles()).containsExactly(want32.raw()[0]);
        assertThat(Npz.read(f64).get("features.0.raw").asDoubles()).containsExactly(want64.raw()[0]);
        r = CliRun.run("scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "lrp", "--precision",
                "half", "--out", dir.resolve("half.npz").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--precision must be float32 or float64, was 'half'");
    }

    @Test
    void badInputIsOneLineWithNothingWritten() throws IOException {
        Path out = dir.resolve("bad.npz");
        Files.writeString(out, "old");
        String m = tiny.model().toString();
        String d = tiny.data().toString();
        Path small = TinyCnnFiles.write(dir, "small.npy",
                new org.lrppruning.data.LabeledData(new float[2 * 49], new int[] {1, 7, 7}, new int[] {0, 1}));
        Path labels = TinyCnnFiles.write(dir, "labels.npy",
                new org.lrppruning.data.LabeledData(new float[2 * 64], new int[] {1, 8, 8}, new int[] {0, 3}));
        String[][] cases = {
            {"-c", "random", "--refs", d},
            {"-c", "weight", "--composite", "epsilon-plus", "--refs", d},
            {"-c", "lrp", "--composite", "zennit", "--refs", d},
            {"-c", "grad", "--refs", small.toString()},
            {"-c", "grad", "--refs", labels.toString()},
            {"-c", "grad"},
            {"-c", "grad", "--refs", d, "--units", "some"},
        };
        String[] reasons = {"unknown criterion 'random'", "criterion weight takes no composite",
            "unknown LRP composite 'zennit'", "tiny.npz takes samples of shape 1x8x8, but --refs " + small
                    + " has samples of shape 1x7x7", "label 3", "give --refs DATA", "--units some: expected conv or all"};
        for (int i = 0; i < cases.length; i++) {
            String[] head = {"scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--out", out.toString(), "--force"};
            String[] args = new String[head.length + cases[i].length];
            System.arraycopy(head, 0, args, 0, head.length);
            System.arraycopy(cases[i], 0, args, head.length, cases[i].length);
            CliRun r = CliRun.run(args);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", cases[i])).startsWith("lrp-pruning: ").contains(reasons[i]);
            assertThat(Files.readString(out)).isEqualTo("old");
        }
        CliRun notNpz = CliRun.run("scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "grad",
                "--out", dir.resolve("s.csv").toString());
        assertThat(notNpz.err()).contains("--out must be an .npz file");
        assertThat(Files.exists(dir.resolve("s.csv"))).isFalse();
    }
}
