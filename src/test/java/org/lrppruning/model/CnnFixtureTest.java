package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.testutil.Shared;

/**
 * The two CNNs of shared/cnn from {@code model_*.npz} + architecture string give PyTorch's logits of the
 * first 256 test images: float32 within 1e-4 of the largest |logit| with the same argmax, float64 within
 * 1e-9 relative of the float64 model's.
 */
@Tag("shared")
class CnnFixtureTest {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"bn, vgg-small", "nobn, vgg-small-nobn",
            "nobn, 'in:1x28x28,conv3:16,relu,maxpool2,conv3:32,relu,maxpool2,conv3:64,relu,flatten,linear:128,relu,dropout,linear:10'"})
    void logitsOfTheFirst256TestImagesMatchPyTorch(String model, String arch) throws IOException {
        Network net = ModelIO.load(Shared.file("cnn/model_" + model + ".npz"), Architecture.of(arch));
        float[] x = Npy.read(Shared.file("cnn/first256_input.npy")).asFloats();
        Map<String, NpyArray> ref = Npz.read(Shared.file("cnn/" + model + "_logits_first256.npz"));
        float[] want32 = ref.get("logits_f32").asFloats();
        double[] want64 = ref.get("logits_f64").asDoubles();
        int n = 256;
        int k = 10;

        float[] got32 = net.logits(x, n, 2);
        double max = 0;
        for (float v : want32) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < got32.length; i++) {
            worst = Math.max(worst, Math.abs(got32[i] - want32[i]));
        }
        assertThat(worst).as("float32 logits, largest |logit| %s", max).isLessThanOrEqualTo(1e-4 * max);
        assertThat(Network.argmax(got32, n, k)).isEqualTo(Network.argmax(want32, n, k));

        double[] got64 = net.logits64(org.lrppruning.linalg.AccurateOps.widen(x, x.length), n);
        double rel = 0;
        for (int i = 0; i < got64.length; i++) {
            rel = Math.max(rel, Math.abs(got64[i] - want64[i]) / Math.max(1e-300, Math.abs(want64[i])));
        }
        assertThat(rel).as("float64 logits, worst relative error").isLessThanOrEqualTo(1e-9);
    }
}
