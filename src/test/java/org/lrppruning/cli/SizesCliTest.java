package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.testutil.DataFixtures;

/**
 * Sizes that cannot fit are refused from what declares them (an npz member's header against the shape the
 * architecture fixes, an IDX header, the architecture string, the kind of file) before anything of that size is
 * read or allocated: one line naming the file or the option, exit code 2, nothing written.
 */
class SizesCliTest {
    @TempDir
    Path dir;

    private TinyCnnFiles tiny;

    @BeforeEach
    void files() throws IOException {
        tiny = TinyCnnFiles.in(dir, 6);
    }

    private static void oneLine(CliRun r, int code, String line) {
        assertThat(r.code()).as(r.err()).isEqualTo(code);
        assertThat(r.err()).isEqualTo("lrp-pruning: " + line + System.lineSeparator());
    }

    /** An .npy header declaring {@code shape} of float32, followed by no data. */
    private static byte[] npyHeaderOnly(String shape) {
        String h = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder sb = new StringBuilder(h);
        while ((10 + sb.length() + 1) % 64 != 0) {
            sb.append(' ');
        }
        sb.append('\n');
        byte[] text = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) text.length, (byte) (text.length >> 8)});
        out.writeBytes(text);
        return out.toByteArray();
    }

    @Test
    void anNpzMemberDeclaringAnotherShapeThanTheArchitectureFixesIsRefusedFromItsHeader() throws IOException {
        Path model = dir.resolve("huge.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(model))) {
            zip.putNextEntry(new ZipEntry("features.0.weight.npy"));
            zip.write(npyHeaderOnly("(20000, 20000)"));
            zip.closeEntry();
        }
        Path out = dir.resolve("s.npz");
        oneLine(CliRun.run("scores", "--model", model.toString(), "--arch", TinyCnnFiles.ARCH, "--refs",
                tiny.data().toString(), "-c", "weight", "--out", out.toString()), 2,
                model + ": features.0.weight has shape (20000, 20000), expected (3, 1, 3, 3)");
        assertThat(out).doesNotExist();
    }

    @Test
    void aGzipIdxDeclaringMoreImagesThanTheHeapHoldsIsRefusedFromItsHeader() throws IOException {
        Path images = DataFixtures.write(dir, "big-images-idx3-ubyte.gz",
                DataFixtures.gzip(DataFixtures.idx(new int[] {2_000_000, 28, 28}, new byte[784])));
        DataFixtures.write(dir, "big-labels-idx1-ubyte.gz", DataFixtures.gzip(DataFixtures.idx(new int[] {1}, new byte[1])));
        Path out = dir.resolve("x.csv");
        CliRun r = CliRun.run("dataset", "--from", images.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).startsWith("lrp-pruning: " + images + ": IDX header declares 2000000×28×28"
                + " = 1568000000 values, about 7.3 GiB in memory, more than the ").contains(" heap holds (more heap: ");
        assertThat(out).doesNotExist();
    }

    @Test
    void anArchitectureTooLargeForTheHeapIsRefusedBeforeAllocating() throws IOException {
        Path out = dir.resolve("m.npz");
        CliRun r = CliRun.run("train", "--data", tiny.data().toString(), "--arch", "in:1x8x8,conv3:99999999,relu,flatten,"
                + "linear:3", "--epochs", "1", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).hasLineCount(1).startsWith("lrp-pruning: architecture in:1x8x8,conv3:99999999")
                .contains("heap holds").doesNotContain("out of memory");
        CliRun linear = CliRun.run("train", "--data", tiny.data().toString(), "--arch", "flatten,linear:2000000000,relu,linear:3",
                "--epochs", "1", "-o", out.toString());
        assertThat(linear.code()).as(linear.err()).isEqualTo(2);
        assertThat(linear.err()).hasLineCount(1).contains("classifier.1.weight").contains("heap holds");
        assertThat(out).doesNotExist();
    }

    @Test
    void aDeviceOrPipeIsRefusedByItsKindBeforeItIsRead() throws IOException {
        Path zero = Files.createSymbolicLink(dir.resolve("zero.onnx"), Path.of("/dev/zero"));
        oneLine(CliRun.run("info", "--model", zero.toString()), 2,
                zero + ": not a regular file (a device, pipe or socket), expected a model file (.onnx, or .npz with --arch)");
        Path zeros = Files.createSymbolicLink(dir.resolve("zeros.csv"), Path.of("/dev/zero"));
        oneLine(CliRun.run("dataset", "--from", zeros.toString(), "-o", dir.resolve("o.csv").toString()), 2,
                zeros + ": not a regular file (a device, pipe or socket), expected a data file");
        oneLine(CliRun.run("info", "--model", dir.toString() + "/sub.onnx"), 2, dir + "/sub.onnx: no such file");
        Files.createDirectories(dir.resolve("folder.npz"));
        oneLine(CliRun.run("info", "--model", dir.resolve("folder.npz").toString(), "--arch", TinyCnnFiles.ARCH), 2,
                dir.resolve("folder.npz") + ": is a directory, expected a model file (.onnx, or .npz with --arch)");
        assertThat(dir.resolve("o.csv")).doesNotExist();
    }
}
