package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lrppruning.cli.CliRun.run;
import static org.lrppruning.testutil.DataFixtures.idx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.ToyData;
import org.lrppruning.testutil.DataFixtures;

/** {@code dataset}: toy sets as before, and {@code --from DATA} converting any accepted form. */
class DatasetCommandTest {
    @TempDir
    Path dir;

    private static LabeledData read(Path p) {
        return DataSources.load(p.toString(), DataOptions.NONE);
    }

    @Test
    void toySetsAreWrittenAsBeforeAndReadBackExactly() {
        Path csv = dir.resolve("moon.csv");
        CliRun r = run("dataset", "-d", "moon", "-n", "3", "-s", "4", "-o", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Wrote 6 points of moon to " + csv + System.lineSeparator());
        LabeledData want = LabeledData.of(ToyData.reference(Dataset.MOON, 3, 4));
        assertThat(read(csv)).isEqualTo(want);
        Path npy = dir.resolve("moon.npy");
        assertThat(run("dataset", "-d", "moon", "-n", "3", "-s", "4", "-o", npy.toString()).code()).isZero();
        assertThat(read(npy)).isEqualTo(want);
    }

    @Test
    void fromConvertsAndPicksNPerClass() throws IOException {
        byte[] px = new byte[6 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        Path images = Files.write(dir.resolve("x-images-idx3-ubyte"), idx(new int[] {6, 2, 2}, px));
        Files.write(dir.resolve("x-labels-idx1-ubyte"), idx(new int[] {6}, new byte[] {1, 0, 1, 0, 2, 2}));
        Path out = dir.resolve("refs.npy");
        CliRun r = run("dataset", "--from", images.toString(), "-n", "1", "--pick", "first",
                "--normalize", "0.5,0.25", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Wrote 3 samples of 1×2×2 (3 classes)");
        LabeledData all = DataSources.load(images.toString(), DataOptions.normalize("0.5,0.25"));
        assertThat(read(out)).isEqualTo(all.select(new int[] {1, 0, 4}));

        Path csv = dir.resolve("all.csv");
        assertThat(run("dataset", "--from", out.toString(), "-o", csv.toString()).code()).isZero();
        assertThat(read(csv).x()).containsExactly(read(out).x());
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("x0,x1,x2,x3,label");
    }

    @Test
    void badDataIsOneLineExitTwoAndWritesNothing() throws Exception {
        Path ragged = Files.writeString(dir.resolve("r.csv"), "a,b,label\n1,2,0\n1,2\n");
        Path out = dir.resolve("out.csv");
        Files.writeString(out, "precious\n");
        CliRun r = run("dataset", "--from", ragged.toString(), "-o", out.toString(), "--force");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).isEqualTo("lrp-pruning: " + ragged + ": line 3 has 2 fields, line 1 has 3"
                + System.lineSeparator());
        assertThat(Files.readString(out)).isEqualTo("precious\n");

        Path npy = dir.resolve("new.npy");
        CliRun magic = run("dataset", "--from", Files.write(dir.resolve("a-images-idx3-ubyte"),
                "junk".getBytes(StandardCharsets.US_ASCII)).toString(), "-o", npy.toString());
        assertThat(magic.code()).isEqualTo(2);
        assertThat(magic.err()).hasLineCount(1).contains("not an IDX images file: magic number 0x6A756E6B");
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names).as("no output, no temporary file").containsExactly("a-images-idx3-ubyte", "out.csv", "r.csv");
        }

        assertThat(run("dataset", "-d", "moon", "--from", ragged.toString(), "-o", npy.toString()).err())
                .contains("give exactly one of --dataset and --from");
        DataFixtures.withFashionMnistAt(dir.resolve("absent"), () -> {
            CliRun fm = run("dataset", "--from", "fashion-mnist:test", "-o", npy.toString());
            assertThat(fm.code()).isEqualTo(2);
            assertThat(fm.err()).hasLineCount(1).startsWith("lrp-pruning: fashion-mnist:test: not installed")
                    .contains("apt-get install dataset-fashion-mnist");
        });
        assertThat(Files.exists(npy)).isFalse();
    }
}
