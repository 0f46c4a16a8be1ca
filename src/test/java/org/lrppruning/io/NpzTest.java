package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    static Map<String, NpyArray> sample() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("network.linear1.weight", NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        m.put("z-first-in-name-order-last", NpyArray.ofDoubles(new double[] {0.1}));
        m.put("a.labels", NpyArray.ofLongs(new long[] {0, 1, 1, 0}, 4));
        m.put("empty", NpyArray.ofFloats(new float[0], 0, 1000));
        return m;
    }

    @Test
    void roundTripsInOrderBothStoredAndDeflated() throws IOException {
        for (Npz.Compression c : Npz.Compression.values()) {
            Path file = dir.resolve(c + ".npz");
            Npz.write(file, sample(), c);
            Map<String, NpyArray> back = Npz.read(file);
            assertThat(back).containsExactlyEntriesOf(sample());
            try (ZipFile zip = new ZipFile(file.toFile())) {
                ZipEntry e = zip.getEntry("a.labels.npy");
                assertThat(e.getMethod()).isEqualTo(c == Npz.Compression.STORED ? ZipEntry.STORED : ZipEntry.DEFLATED);
            }
        }
        Npz.write(dir.resolve("default.npz"), sample());
        try (ZipFile zip = new ZipFile(dir.resolve("default.npz").toFile())) {
            assertThat(zip.getEntry("empty.npy").getMethod()).isEqualTo(ZipEntry.DEFLATED);
        }
    }

    @Test
    void equalArraysGiveIdenticalFiles() throws IOException {
        Npz.write(dir.resolve("a.npz"), sample());
        Npz.write(dir.resolve("b.npz"), sample());
        assertThat(Files.readAllBytes(dir.resolve("a.npz"))).isEqualTo(Files.readAllBytes(dir.resolve("b.npz")));
    }

    @Test
    void overwritesAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("scores.npz");
        Npz.write(file, sample());
        Npz.write(file, Map.of("only", NpyArray.of(1f)));
        assertThat(Npz.read(file)).containsOnlyKeys("only");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void anInterruptedWriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("weights.npz");
        Npz.write(file, sample());
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[1000]);
            throw new IOException("disk full");
        })).hasMessage(file.toAbsolutePath() + ": disk full"); // the file asked for, not the temporary one
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aRelativeBareFileNameIsWrittenInTheWorkingDirectory() throws IOException {
        Path file = Path.of("npz-test-" + ProcessHandle.current().pid() + ".npz");
        try {
            Npz.write(file, sample());
            assertThat(Npz.read(file)).containsOnlyKeys(sample().keySet());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void nonZipFilesAreRejectedByName() throws IOException {
        Path npy = dir.resolve("X.npy");
        Npy.write(npy, NpyArray.of(1f));
        assertThatThrownBy(() -> Npz.read(npy)).isInstanceOf(NpyFormatException.class)
                .hasMessage("not an .npz file: X.npy");
        Path empty = Files.createFile(dir.resolve("empty.npz"));
        assertThatThrownBy(() -> Npz.read(empty)).isInstanceOf(NpyFormatException.class)
                .hasMessage("not an .npz file: empty.npz");
    }

    @Test
    void badEntriesAreNamed() throws IOException {
        Path file = dir.resolve("bad.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("good.npy"));
            Npy.write(zip, NpyArray.of(1L));
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(NpyFormatException.class)
                .hasMessage("bad.npz/notes.txt: not a .npy file (bad magic)");

        byte[] truncated = java.util.Arrays.copyOf(Npy.toBytes(NpyArray.ofDoubles(new double[1000], 1000)), 140);
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("w.npy"));
            zip.write(truncated);
        }
        assertThatThrownBy(() -> Npz.read(file)).isInstanceOf(NpyFormatException.class)
                .hasMessage("bad.npz/w.npy: truncated data: expected 8000 bytes, got 12");
    }

    @Test
    void rejectsEmptyNames() {
        assertThatThrownBy(() -> Npz.write(dir.resolve("x.npz"), Map.of("", NpyArray.of(1f))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
