package org.lrppruning.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.TestVectors;

class NumpyRandomTest {
    private static final JsonObject INDEX = TestVectors.index().getAsJsonObject();

    private static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }

    @Test
    void streamsEqualNumpyBitForBitForEverySeedInTheTestVectors() {
        JsonObject streams = INDEX.getAsJsonObject("streams");
        assertThat(streams.keySet()).contains("0", "1", "42", "4294967295");
        for (Map.Entry<String, com.google.gson.JsonElement> e : streams.entrySet()) {
            long seed = Long.parseLong(e.getKey());
            JsonObject s = e.getValue().getAsJsonObject();

            NumpyRandom r = new NumpyRandom(seed);
            JsonArray key = s.getAsJsonArray("mt_key_first4");
            for (int i = 0; i < 4; i++) {
                assertThat(r.keyWord(i) & 0xFFFF_FFFFL).as("key word %d of seed %d", i, seed)
                        .isEqualTo(key.get(i).getAsLong());
            }
            double[] rs = doubles(s.getAsJsonArray("random_sample_8"));
            for (double expected : rs) {
                assertThat(r.randomSample()).isEqualTo(expected);
            }

            r = new NumpyRandom(seed);
            assertThat(r.randn(9)).containsExactly(doubles(s.getAsJsonArray("randn_9")));

            r = new NumpyRandom(seed);
            double[] normal = r.normal(0.5, 0.1, 6);
            JsonArray rows = s.getAsJsonArray("normal_loc0.5_scale0.1_3x2");
            for (int i = 0; i < 3; i++) {
                double[] row = doubles(rows.get(i).getAsJsonArray());
                assertThat(new double[] {normal[2 * i], normal[2 * i + 1]}).containsExactly(row);
            }

            JsonObject shuffles = s.getAsJsonObject("shuffle_arange");
            for (String n : shuffles.keySet()) {
                r = new NumpyRandom(seed);
                int[] a = NumpyMath.arange(Integer.parseInt(n));
                r.shuffle(a);
                JsonArray want = shuffles.getAsJsonArray(n);
                int[] w = new int[want.size()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = want.get(i).getAsInt();
                }
                assertThat(a).as("shuffle(arange(%s)) with seed %d", n, seed).containsExactly(w);
            }
        }
    }

    @Test
    void interleavedSampleAndNormalCallsKeepTheCachedSecondNormal() {
        // index.json records random_sample, randn, random_sample, randn, randn: the fourth call
        // returns the normal cached by the second, across the uniform draw in between.
        JsonObject streams = INDEX.getAsJsonObject("streams");
        for (String seedKey : streams.keySet()) {
            double[] want = doubles(streams.getAsJsonObject(seedKey).getAsJsonArray("random_sample_randn_interleaved"));
            NumpyRandom r = new NumpyRandom(Long.parseLong(seedKey));
            double[] got = {r.randomSample(), r.gauss(), r.randomSample(), r.gauss(), r.gauss()};
            assertThat(got).as("seed %s", seedKey).containsExactly(want);
        }
    }

    @Test
    void linspaceEqualsNumpy() {
        JsonObject l = INDEX.getAsJsonObject("linspace");
        assertThat(NumpyMath.linspace(0, Math.PI, 5, true)).containsExactly(doubles(l.getAsJsonArray("0_pi_5")));
        assertThat(NumpyMath.linspace(0, 2 * Math.PI, 5, false))
                .containsExactly(doubles(l.getAsJsonArray("0_2pi_5_open")));
        assertThat(NumpyMath.linspace(0, 1, 1, true)).containsExactly(doubles(l.getAsJsonArray("0_1_1")));
        assertThat(NumpyMath.linspace(4, 8, 7, true)).containsExactly(doubles(l.getAsJsonArray("4_8_7")));
    }

    @Test
    void seedsOutsideTheUnsigned32BitRangeAreRejected() {
        assertThatThrownBy(() -> new NumpyRandom(-1)).hasMessageContaining("2**32");
        assertThatThrownBy(() -> new NumpyRandom(1L << 32)).hasMessageContaining("2**32");
    }
}
