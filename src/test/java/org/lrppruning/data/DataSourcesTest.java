package org.lrppruning.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lrppruning.testutil.DataFixtures.cyclicLabels;
import static org.lrppruning.testutil.DataFixtures.gzip;
import static org.lrppruning.testutil.DataFixtures.idx;
import static org.lrppruning.testutil.DataFixtures.npyPair;
import static org.lrppruning.testutil.DataFixtures.pixels;
import static org.lrppruning.testutil.DataFixtures.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.testutil.DataFixtures;

/** Every --data form loads what its files hold; values, shapes and labels as documented. */
class DataSourcesTest {
    @TempDir
    Path dir;

    private static LabeledData load(Path p) {
        return DataSources.load(p.toString(), DataOptions.NONE);
    }

    /** The obvious scaling: pixel / 255 rounded to float32. */
    private static float[] scaled(byte[] pixels) {
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((pixels[i] & 0xFF) / 255.0);
        }
        return x;
    }

    @Test
    void anNpyPairOfFloatFeaturesLoadsAsItIs() throws IOException {
        float[] x = {0.5f, -1.25f, 3f, 1e-30f, -0f, 7f};
        Path spec = npyPair(dir, "pts", NpyArray.ofFloats(x, 3, 2), NpyArray.of(2L, 0L, 1L));
        LabeledData d = load(spec);
        assertThat(d.sampleShape()).containsExactly(2);
        assertThat(d.x()).containsExactly(x);
        assertThat(d.labels()).containsExactly(2, 0, 1);
        assertThat(DataSources.load(dir.resolve("pts-X.npy").toString(), DataOptions.NONE))
                .as("NAME-X.npy named directly").isEqualTo(d);
    }

    @Test
    void npyImagesGetAChannelAxisAndBytesAreScaled() throws IOException {
        byte[] px = pixels(2 * 3 * 4, 7);
        Path spec = npyPair(dir, "img", new NpyArray(NpyArray.UINT8, new int[] {2, 3, 4}, px),
                NpyArray.ofInts(new int[] {1, 0}, 2));
        LabeledData d = load(spec);
        assertThat(d.sampleShape()).containsExactly(1, 3, 4);
        assertThat(d.x()).containsExactly(scaled(px));
        assertThat(d.labels()).containsExactly(1, 0);

        double[] wide = {0.1, 1e-3, -2.5, 1.0 / 3, 5, 6, 7, 8};
        Path chw = npyPair(dir, "chw", NpyArray.ofDoubles(wide, 1, 2, 2, 2),
                new NpyArray(NpyArray.UINT8, new int[] {1, 1}, new byte[] {9}));
        LabeledData c = load(chw);
        assertThat(c.sampleShape()).containsExactly(2, 2, 2);
        assertThat(c.x()).as("float64 rounded to float32").containsExactly(0.1f, 1e-3f, -2.5f, 1f / 3, 5f, 6f, 7f, 8f);
        assertThat(c.labels()).as("an N×1 label column").containsExactly(9);
    }

    @Test
    void csvWithAndWithoutHeaderLoadsEveryRow() throws IOException {
        Path plain = write(dir, "a.csv", "1.5,-2,0\n3e-2,4,1\n\n.5,+6.25,2\n".getBytes(StandardCharsets.US_ASCII));
        LabeledData a = load(plain);
        assertThat(a.sampleShape()).containsExactly(2);
        assertThat(a.x()).containsExactly(1.5f, -2f, 0.03f, 4f, 0.5f, 6.25f);
        assertThat(a.labels()).containsExactly(0, 1, 2);

        Path header = write(dir, "b.csv", "\uFEFF\"x\",\"y\",\"label\"\r\n\"1.5\", -2 ,0\r\n0.03,4,1.0\r\n.5,6.25,2\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(load(header)).as("header, quotes, spaces, CRLF, BOM, label 1.0").isEqualTo(a);
        Path pandas = write(dir, "c.csv", "0,1,label\n1.5,-2,0\n0.03,4,1\n0.5,6.25,2\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(load(pandas)).as("a header of numbers and a name").isEqualTo(a);
    }

    @Test
    void idxImagesFindTheirLabelsBesideThemPlainOrGzip() throws IOException {
        byte[] px = pixels(5 * 4 * 3, 1);
        byte[] images = idx(new int[] {5, 4, 3}, px);
        byte[] labels = idx(new int[] {5}, cyclicLabels(5, 3));
        Path gz = write(dir, "train-images-idx3-ubyte.gz", gzip(images));
        write(dir, "train-labels-idx1-ubyte.gz", gzip(labels));
        LabeledData d = load(gz);
        assertThat(d.sampleShape()).containsExactly(1, 4, 3);
        assertThat(d.x()).containsExactly(scaled(px));
        assertThat(d.labels()).containsExactly(0, 1, 2, 0, 1);

        Path plain = write(dir, "t10k-images-idx3-ubyte", images);
        write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labels));
        assertThat(load(plain)).as("plain images, gzip'd labels beside").isEqualTo(d);

        Path four = write(dir, "my-images.idx", idx(new int[] {2, 3, 1, 2}, pixels(12, 2)));
        Path y = write(dir, "my-y.npy", Npy.toBytes(NpyArray.of(4L, 5L)));
        LabeledData named = DataSources.load(four + "," + y, DataOptions.NONE);
        assertThat(named.sampleShape()).as("IDX 0x804: N×C×H×W").containsExactly(3, 1, 2);
        assertThat(named.labels()).containsExactly(4, 5);
        assertThat(DataSources.load(dir.resolve("t10k-images-idx3-ubyte") + " , " + dir.resolve("train-labels-idx1-ubyte.gz"),
                DataOptions.NONE)).as("both IDX named").isEqualTo(d);
    }

    @Test
    void fashionMnistReadsTheInstalledSplitsFromTheConfiguredFolder() throws Exception {
        DataFixtures.fakeFashionMnist(dir, 30, 20);
        DataFixtures.withFashionMnistAt(dir, () -> {
            LabeledData test = DataSources.load("fashion-mnist:test", DataOptions.NONE);
            assertThat(test.size()).isEqualTo(20);
            assertThat(test.sampleShape()).containsExactly(1, 28, 28);
            assertThat(test.x()).containsExactly(scaled(pixels(20 * 784, 20)));
            assertThat(DataSources.load("fashion-mnist", DataOptions.NONE).size()).isEqualTo(30);
            assertThat(DataSources.load("fashion-mnist:train", DataOptions.NONE).size()).isEqualTo(30);
        });
        DataFixtures.withFashionMnistAt(dir.resolve("absent"), () ->
                assertThatThrownBy(() -> DataSources.load("fashion-mnist:test", DataOptions.NONE))
                        .isInstanceOf(DataException.class)
                        .hasMessageStartingWith("fashion-mnist:test: not installed")
                        .hasMessageEndingWith("install it with 'apt-get install dataset-fashion-mnist'"));
    }

    @Test
    void normalizeIsPerChannelInFloat32AfterTheByteScaling() throws IOException {
        byte[] px = pixels(2 * 2 * 3, 5); // 2 samples, 2 channels of 3 values
        Path spec = npyPair(dir, "c2", new NpyArray(NpyArray.UINT8, new int[] {2, 2, 3, 1}, px), NpyArray.of(0L, 1L));
        float[] m = {0.2860f, 0.5f};
        float[] s = {0.3530f, 0.25f};
        LabeledData d = DataSources.load(spec.toString(), DataOptions.normalize("0.2860,0.5,0.3530,0.25"));
        for (int i = 0; i < px.length; i++) {
            int c = (i / 3) % 2;
            // each float32 operation is the exact result rounded once: computed here in double, rounded
            float p = (float) ((px[i] & 0xFF) / 255.0);
            float want = (float) ((double) (float) ((double) p - m[c]) / s[c]);
            assertThat(d.x()[i]).as("value %d", i).isEqualTo(want);
        }
        LabeledData one = DataSources.load(spec.toString(), DataOptions.normalize("0.2860,0.3530"));
        assertThat(one.x()[4]).isEqualTo((((px[4] & 0xFF) / 255f) - 0.2860f) / 0.3530f);
        assertThatThrownBy(() -> DataSources.load(spec.toString(), DataOptions.normalize("1,2,3,4,5,6")))
                .isInstanceOf(DataException.class).hasMessageContaining("gives 3 channels, the data has 2");
    }

    @Test
    void checkLabelsNamesTheFirstLabelOutsideTheModelsClasses() {
        LabeledData d = new LabeledData(new float[4], new int[] {1}, new int[] {0, 9, 10, 3});
        DataSources.checkLabels(d, 11, "refs.csv");
        assertThatThrownBy(() -> DataSources.checkLabels(d, 10, "refs.csv"))
                .isInstanceOf(DataException.class)
                .hasMessage("refs.csv: label 10 of sample 2 is outside the model's 10 classes (0..9)");
    }

    @Test
    void writtenFilesReadBackEqual() throws IOException {
        LabeledData d = new LabeledData(new float[] {0.1f, -3e-8f, 1f / 3, 65504.5f, -0f, 2f, 1e30f, 7f},
                new int[] {1, 2, 2}, new int[] {3, 0});
        DataFiles.write(dir.resolve("out.npy"), d);
        assertThat(load(dir.resolve("out.npy"))).isEqualTo(d);
        DataFiles.write(dir.resolve("out.csv"), d);
        LabeledData csv = load(dir.resolve("out.csv"));
        assertThat(csv.x()).containsExactly(d.x());
        assertThat(csv.sampleShape()).as("CSV rows are flat").containsExactly(4);
        assertThat(Files.readAllLines(dir.resolve("out.csv")).get(0)).isEqualTo("x0,x1,x2,x3,label");
    }
}
