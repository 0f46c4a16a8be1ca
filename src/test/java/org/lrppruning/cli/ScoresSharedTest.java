package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.testutil.Shared;

/**
 * {@code scores} as a user runs it on shared/cnn's ONNX export: the reference set drawn from Fashion-MNIST's test
 * split by the fixtures' rule (first 5 per class), normalised as the fixtures are; the npz equals their lrp criterion.
 */
@Tag("shared")
class ScoresSharedTest {
    @TempDir
    Path dir;

    @Test
    void lrpScoresOfTheOnnxModelEqualTheFixturesCriteria() throws IOException {
        Path out = dir.resolve("scores.npz");
        CliRun r = CliRun.run("scores", "--model", Shared.file("cnn/model_bn.onnx").toString(), "--data",
                "fashion-mnist:test", "-n", "5", "--pick", "first", "--normalize", "0.2860,0.3530", "-c", "lrp",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, NpyArray> got = Npz.read(out);
        Map<String, NpyArray> want = Npz.read(Shared.file("cnn/bn_criteria_n5.npz"));
        String[] layers = {"features.0", "features.4", "features.8"};
        for (int h = 0; h < 3; h++) {
            String key = "lrp__conv" + (h + 1);
            double[] norm = want.get(key + "__norm").asDoubles();
            double[] raw = want.get(key + "__raw").asDoubles();
            assertThat(got.get(layers[h]).asDoubles()).as(layers[h]).containsExactly(norm, within(1e-4 * max(norm)));
            assertThat(got.get(layers[h] + ".raw").asDoubles()).containsExactly(raw, within(1e-4 * max(raw)));
        }
        long[] ranking = got.get("ranking").asLongs();
        long[] layer = want.get("lrp__rank_layer").asLongs();
        long[] filter = want.get("lrp__rank_filter").asLongs();
        for (int i = 0; i < 112; i++) {
            assertThat(new long[] {ranking[2 * i], ranking[2 * i + 1]}).as("rank %d", i)
                    .containsExactly(layer[i], filter[i]);
        }
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
