package org.lrppruning.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.lrppruning.io.Npy;
import org.lrppruning.testutil.TestVectors;

class ToyDataTest {
    @Test
    void everyTestVectorDataSetIsBitIdenticalToNumpyAndScikitLearn() throws IOException {
        int checked = 0;
        for (JsonElement e : TestVectors.index().getAsJsonObject().getAsJsonArray("datasets")) {
            JsonObject o = e.getAsJsonObject();
            Dataset d = Dataset.of(o.get("dataset").getAsString());
            String kind = o.get("kind").getAsString();
            long seed = o.get("seed").getAsLong();
            Samples s = switch (kind) {
                case "train" -> ToyData.training(d);
                case "noisytest" -> ToyData.noisyTest(d, seed, o.get("sigma").getAsDouble());
                case "reference" -> ToyData.make(d, o.get("n_total").getAsInt(), seed);
                default -> throw new AssertionError("unknown kind " + kind);
            };
            float[] x = Npy.read(TestVectors.file(o.get("X").getAsString())).asFloats();
            int[] y = Npy.read(TestVectors.file(o.get("y").getAsString())).asInts();
            String what = d + " " + kind + " n=" + o.get("n_total") + " seed=" + seed;
            assertThat(s.labels()).as(what).containsExactly(y);
            assertThat(s.x()).as(what).hasSameSizeAs(x);
            for (int i = 0; i < x.length; i++) {
                // bit patterns, so that -0.0 and NaN would be told apart too
                assertThat(Float.floatToRawIntBits(s.x()[i])).as("%s value %d", what, i)
                        .isEqualTo(Float.floatToRawIntBits(x[i]));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(60);
    }

    @Test
    void referenceSamplesHaveNpcTimesClassesPointsWithEveryClassPresent() {
        for (Dataset d : Dataset.values()) {
            Samples s = ToyData.reference(d, 3, 7);
            assertThat(s.size()).isEqualTo(3 * d.classes());
            for (int k = 0; k < d.classes(); k++) {
                final int cls = k;
                assertThat(java.util.Arrays.stream(s.labels()).filter(l -> l == cls).count()).isEqualTo(3);
            }
        }
    }

    @Test
    void spiralWithOnePointPerClassPutsEveryPointAtTheOrigin() {
        Samples s = ToyData.reference(Dataset.MULT, 1, 0);
        for (float v : s.x()) {
            assertThat(v == 0f).as("%s is zero (-0.0 counts: 0 · sin t keeps its sign)", v).isTrue();
        }
    }

    @Test
    void unknownDatasetNamesAreRejectedWithTheValidChoices() {
        assertThatThrownBy(() -> Dataset.of("moons")).hasMessage("unknown dataset 'moons' (valid: moon, circle, mult)");
    }

    @Test
    void noisyTestNeedsAPositiveSigma() {
        assertThatThrownBy(() -> ToyData.noisyTest(Dataset.MOON, 0, 0)).hasMessageContaining("sigma");
    }
}
