package org.lrppruning.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.lrppruning.testutil.DataFixtures.cyclicLabels;
import static org.lrppruning.testutil.DataFixtures.gzip;
import static org.lrppruning.testutil.DataFixtures.idx;
import static org.lrppruning.testutil.DataFixtures.npyPair;
import static org.lrppruning.testutil.DataFixtures.pixels;
import static org.lrppruning.testutil.DataFixtures.write;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;

/** Each kind of bad input is one DataException line naming the file and the reason. */
class BadDataTest {
    @TempDir
    Path dir;

    /** The message of the DataException {@code spec} gives, checked to be one line naming {@code what}. */
    private static String error(String spec, DataOptions options, Object what) {
        Throwable t = catchThrowable(() -> DataSources.load(spec, options));
        assertThat(t).as(spec).isInstanceOf(DataException.class);
        assertThat(t.getMessage()).as(spec).hasLineCount(1).startsWith(what + ": ");
        return t.getMessage();
    }

    private static String error(Path file) {
        return error(file.toString(), DataOptions.NONE, file);
    }

    private Path csv(String name, String text) throws IOException {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void csvRaggedRowsNonNumbersAndBadLabels() throws IOException {
        assertThat(error(csv("ragged.csv", "x,y,label\n1,2,0\n3,1\n")))
                .endsWith("line 3 has 2 fields, line 1 has 3");
        assertThat(error(csv("word.csv", "1,2,0\n1,abc,1\n"))).endsWith("line 2, column 2: 'abc' is not a number");
        assertThat(error(csv("empty-cell.csv", "1,2,0\n1,,1\n"))).endsWith("line 2, column 2: '' is not a number");
        assertThat(error(csv("suffix.csv", "1,2,0\n1,2f,1\n"))).contains("'2f' is not a number");
        assertThat(error(csv("nan.csv", "1,2,0\n1,nan,1\n"))).endsWith("line 2, column 2: nan in the data (only finite numbers are allowed)");
        assertThat(error(csv("big.csv", "1,2,0\n1,1e39,1\n"))).endsWith("1e39 overflows float32");
        assertThat(error(csv("neg.csv", "1,2,0\n1,2,-1\n"))).endsWith("line 2: label -1 is negative");
        assertThat(error(csv("frac.csv", "1,2,0\n1,2,0.5\n"))).endsWith("line 2: label '0.5' is not an integer");
        assertThat(error(csv("one.csv", "1\n2\n"))).contains("line 1 has 1 field");
        assertThat(error(csv("blank.csv", "\n\n"))).endsWith("is empty");
        assertThat(error(csv("header-only.csv", "x,y,label\n"))).endsWith("holds no samples");
        assertThat(error(write(dir, "binary.csv", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})))
                .endsWith("not a text file (not UTF-8)");
        assertThat(error(dir.resolve("missing.csv"))).endsWith(": no such file");
    }

    @Test
    void idxWrongMagicWrongSizeAndCountMismatch() throws IOException {
        byte[] labels = idx(new int[] {4}, cyclicLabels(4, 2));
        write(dir, "a-labels-idx1-ubyte", labels);
        Path magic = write(dir, "a-images-idx3-ubyte", idx(0x0D, new int[] {4, 2, 2}, new byte[64]));
        assertThat(error(magic)).endsWith("not an IDX images file: magic number 0x00000D03, expected"
                + " 0x00000803 or 0x00000804 (unsigned bytes, N×H×W or N×C×H×W)");
        Path text = write(dir, "b-images-idx3-ubyte", "hello world, not IDX".getBytes(StandardCharsets.US_ASCII));
        assertThat(error(text)).contains("magic number 0x68656C6C");

        Path shortFile = write(dir, "c-images-idx3-ubyte", Arrays.copyOf(idx(new int[] {4, 2, 2}, new byte[16]), 30));
        write(dir, "c-labels-idx1-ubyte", labels);
        assertThat(error(shortFile)).endsWith("IDX header declares 4×2×2 = 16 bytes of data, the file holds 14");
        Path longFile = write(dir, "d-images-idx3-ubyte", idx(new int[] {4, 2, 2}, new byte[17]));
        write(dir, "d-labels-idx1-ubyte", labels);
        assertThat(error(longFile)).endsWith("the file holds 17");

        Path gzShort = write(dir, "e-images-idx3-ubyte.gz", gzip(idx(new int[] {4, 2, 2}, new byte[15])));
        write(dir, "e-labels-idx1-ubyte.gz", gzip(labels));
        assertThat(error(gzShort)).endsWith("data ends after 15 of the 16 bytes its IDX header declares (4×2×2)");
        Path gzLong = write(dir, "f-images-idx3-ubyte.gz", gzip(idx(new int[] {4, 2, 2}, new byte[18])));
        write(dir, "f-labels-idx1-ubyte.gz", gzip(labels));
        assertThat(error(gzLong)).endsWith("holds more data than its IDX header declares (4×2×2)");
        byte[] cut = gzip(idx(new int[] {4, 2, 2}, pixels(16, 3)));
        Path gzCut = write(dir, "g-images-idx3-ubyte.gz", Arrays.copyOf(cut, cut.length - 9));
        write(dir, "g-labels-idx1-ubyte.gz", gzip(labels));
        assertThat(error(gzCut)).contains("gzip");

        Path three = write(dir, "h-images-idx3-ubyte", idx(new int[] {3, 2, 2}, new byte[12]));
        write(dir, "h-labels-idx1-ubyte", labels);
        assertThat(error(three)).endsWith("3 samples but " + dir.resolve("h-labels-idx1-ubyte") + " holds 4 labels");
        Path swapped = write(dir, "i-images-idx3-ubyte", idx(new int[] {4, 2, 2}, new byte[16]));
        Path imagesAsLabels = write(dir, "i-labels-idx1-ubyte", idx(new int[] {4, 1, 1}, new byte[4]));
        assertThat(error(swapped.toString(), DataOptions.NONE, imagesAsLabels))
                .endsWith("not an IDX labels file: magic number 0x00000803, expected 0x00000801 (unsigned bytes, N)");
        Path lonely = write(dir, "j-images-idx3-ubyte", idx(new int[] {4, 2, 2}, new byte[16]));
        assertThat(error(lonely)).endsWith("no labels file beside it (looked for j-labels-idx1-ubyte); name both as IMAGES,LABELS");
    }

    @Test
    void npyPairsWithWrongDtypesShapesOrCounts() throws IOException {
        Path ints = npyPair(dir, "ints", NpyArray.ofInts(new int[4], 2, 2), NpyArray.of(0L, 1L));
        assertThat(error(ints.toString(), DataOptions.NONE, dir.resolve("ints-X.npy")))
                .endsWith("samples must be float32, float64 or uint8, the array is <i4");
        Path flat = npyPair(dir, "flat", NpyArray.of(1f, 2f), NpyArray.of(0L, 1L));
        assertThat(error(flat.toString(), DataOptions.NONE, dir.resolve("flat-X.npy"))).contains("samples must be N×F");
        Path empty = npyPair(dir, "empty", NpyArray.ofFloats(new float[0], 2, 0), NpyArray.of(0L, 1L));
        assertThat(error(empty.toString(), DataOptions.NONE, dir.resolve("empty-X.npy")))
                .endsWith("its samples of shape 0 hold no values");
        Path zero = npyPair(dir, "zero", NpyArray.ofFloats(new float[0], 0, 2), NpyArray.ofLongs(new long[0], 0));
        assertThat(error(zero.toString(), DataOptions.NONE, dir.resolve("zero-X.npy"))).endsWith("holds no samples");
        Path floatLabels = npyPair(dir, "fl", NpyArray.ofFloats(new float[4], 2, 2), NpyArray.of(0f, 1f));
        assertThat(error(floatLabels.toString(), DataOptions.NONE, dir.resolve("fl-y.npy")))
                .endsWith("labels must be integers (int64, int32 or uint8), the array is <f4");
        Path counts = npyPair(dir, "cnt", NpyArray.ofFloats(new float[6], 3, 2), NpyArray.of(0L, 1L));
        assertThat(error(counts.toString(), DataOptions.NONE, dir.resolve("cnt-X.npy")))
                .endsWith("3 samples but " + dir.resolve("cnt-y.npy") + " holds 2 labels");
        Path negative = npyPair(dir, "neg", NpyArray.ofFloats(new float[4], 2, 2), NpyArray.of(0L, -3L));
        assertThat(error(negative.toString(), DataOptions.NONE, dir.resolve("neg-y.npy"))) // the file holding it
                .endsWith("label -3 of sample 1 is negative");
        Path huge = npyPair(dir, "hl", NpyArray.ofFloats(new float[2], 1, 2), NpyArray.of(1L << 40));
        assertThat(error(huge.toString(), DataOptions.NONE, dir.resolve("hl-y.npy"))).endsWith("is not a class index");
        Path nan = npyPair(dir, "nan", NpyArray.ofFloats(new float[] {0, 1, Float.NaN, 3}, 2, 2), NpyArray.of(0L, 1L));
        assertThat(error(nan.toString(), DataOptions.NONE, dir.resolve("nan-X.npy")))
                .endsWith("sample 1 holds NaN at position 0; only finite values are allowed");
        Path inf = npyPair(dir, "inf", NpyArray.ofFloats(new float[] {0, Float.NEGATIVE_INFINITY}, 1, 2), NpyArray.of(0L));
        assertThat(error(inf.toString(), DataOptions.NONE, dir.resolve("inf-X.npy"))).contains("holds an infinite value");
        Path big = npyPair(dir, "big", NpyArray.ofFloats(new float[] {3e38f, 0}, 1, 2), NpyArray.of(0L));
        assertThat(error(big.toString(), DataOptions.normalize("0,0.5"), dir.resolve("big-X.npy")))
                .contains("holds an infinite value at position 0 (after --normalize)");
        Files.write(dir.resolve("junk-X.npy"), "not numpy".getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve("junk-y.npy"), Npy.toBytes(NpyArray.of(0L)));
        assertThat(error(dir.resolve("junk.npy").toString(), DataOptions.NONE, dir.resolve("junk-X.npy")))
                .endsWith("not a .npy file (bad magic)");
        assertThat(error(dir.resolve("none.npy").toString(), DataOptions.NONE, dir.resolve("none.npy")))
                .endsWith("no " + dir.resolve("none-X.npy") + " (NAME.npy stands for the pair NAME-X.npy, NAME-y.npy)");
        Npy.write(dir.resolve("nolabels-X.npy"), NpyArray.ofFloats(new float[2], 1, 2));
        assertThat(error(dir.resolve("nolabels.npy").toString(), DataOptions.NONE, dir.resolve("nolabels-y.npy")))
                .endsWith("no such file");
    }

    @Test
    void unknownFormsListTheAcceptedOnes() {
        for (String spec : new String[] {"data.txt", "moon", "a,b,c", ",", ""}) {
            Throwable t = catchThrowable(() -> DataSources.load(spec, DataOptions.NONE));
            assertThat(t).as(spec).isInstanceOf(DataException.class);
            assertThat(t.getMessage()).as(spec).hasLineCount(1)
                    .endsWith("unknown data form; expected " + DataSources.FORMS);
        }
        assertThat(catchThrowable(() -> DataSources.load("fashion-mnist:val", DataOptions.NONE)))
                .hasMessage("fashion-mnist:val: unknown split 'val' (fashion-mnist or fashion-mnist:test)");
    }

    /** Bytes allocated by this thread while {@code r} runs. */
    private static long allocated(Runnable r) {
        ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        r.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void hugeShapesInHeadersNeverAllocateMoreThanTheFileHolds() throws IOException {
        long limit = 16 << 20; // buffers of the readers; the headers below declare 1-4 GB
        write(dir, "k-labels-idx1-ubyte", idx(new int[] {1000}, new byte[1000]));
        Path plain = write(dir, "k-images-idx3-ubyte", idx(new int[] {1000, 1000, 1000}, new byte[100]));
        assertThat(allocated(() -> assertThat(error(plain)).contains("1000×1000×1000 = 1000000000 bytes of data"))).isLessThan(limit);
        Path over = write(dir, "l-images-idx3-ubyte", idx(new int[] {60000, 100000, 100000}, new byte[10]));
        assertThat(allocated(() -> assertThat(error(over)).contains("more than 2 GB"))).isLessThan(limit);
        write(dir, "m-labels-idx1-ubyte.gz", gzip(idx(new int[] {1000}, new byte[1000])));
        Path gz = write(dir, "m-images-idx3-ubyte.gz", gzip(idx(new int[] {100, 1000, 1000}, new byte[5000])));
        assertThat(allocated(() -> assertThat(error(gz)).contains("data ends after 5000 of the 100000000 bytes")))
                .isLessThan(limit);
        // more than the heap holds as floats: refused from the header, before reading the stream
        Path huge = write(dir, "m-images-idx3-ubyte.gz", gzip(idx(new int[] {1000, 1000, 1000}, new byte[5000])));
        assertThat(allocated(() -> assertThat(error(huge)).contains("1000×1000×1000 = 1000000000 values")
                .contains("heap holds"))).isLessThan(limit);

        // .npy: a v1.0 header claiming 40000×40000 float32 (6.4 GB) and 20000×20000 uint8 (400 MB)
        for (String[] c : new String[][] {{"<f4", "(40000, 40000)", "exceeds 2 GB"}, {"|u1", "(20000, 20000)", "truncated data"}}) {
            Path x = dir.resolve("h" + c[0].charAt(1) + "-X.npy");
            Files.write(x, npyHeader(c[0], c[1], 64));
            Files.write(dir.resolve("h" + c[0].charAt(1) + "-y.npy"), Npy.toBytes(NpyArray.of(0L)));
            String spec = dir.resolve("h" + c[0].charAt(1) + ".npy").toString();
            assertThat(allocated(() -> assertThat(error(spec, DataOptions.NONE, x)).contains(c[2]))).isLessThan(limit);
        }
    }

    /** A .npy 1.0 header for {@code dtype} and {@code shape} followed by {@code dataBytes} zeros. */
    private static byte[] npyHeader(String dtype, String shape, int dataBytes) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        String padded = dict + " ".repeat(64 - total % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + padded.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) padded.length()).put(padded.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
