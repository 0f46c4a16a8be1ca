package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    private static final List<int[]> SHAPES = List.of(
            new int[] {}, new int[] {0}, new int[] {5}, new int[] {2, 3}, new int[] {2, 0, 3},
            new int[] {2, 3, 4, 1}, new int[] {1, 1, 1, 1, 1, 2});

    @TempDir
    Path tmp;

    @Test
    void everyDtypeAndShapeRoundTrips() throws IOException {
        for (int[] shape : SHAPES) {
            int n = Math.toIntExact(NpyArray.elementCount(shape));
            for (NpyArray a : sampleArrays(n, shape)) {
                byte[] bytes = Npy.toBytes(a);
                NpyArray back = Npy.fromBytes(bytes);
                assertThat(back).as("%s", a).isEqualTo(a);
                assertThat(back.shape()).isEqualTo(shape);
                assertThat((bytes.length - n * NpyArray.itemSize(a.dtype())) % 64).as("data start aligned").isZero();
            }
        }
    }

    @Test
    void specialValuesSurviveBitForBit() throws IOException {
        float[] f = {Float.NaN, -0f, 0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
                Float.MAX_VALUE, Float.intBitsToFloat(0x7fc00001)};
        double[] d = {Double.NaN, -0d, Double.MIN_VALUE, Double.MAX_VALUE, Double.NEGATIVE_INFINITY};
        long[] l = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0};
        assertThat(bits(Npy.fromBytes(Npy.toBytes(NpyArray.of(f))).asFloats())).isEqualTo(bits(f));
        assertThat(Npy.fromBytes(Npy.toBytes(NpyArray.of(d))).asDoubles()).isEqualTo(d);
        assertThat(Npy.fromBytes(Npy.toBytes(NpyArray.of(l))).asLongs()).isEqualTo(l);
    }

    @Test
    void headerIsTheOneNumpyWrites() {
        byte[] bytes = Npy.toBytes(NpyArray.ofFloats(new float[20], 10, 2));
        String header = new String(bytes, 10, 118, StandardCharsets.ISO_8859_1);
        assertThat(bytes).startsWith(0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 118, 0);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (10, 2), }   ")
                .endsWith(" \n").hasSize(118);
        assertThat(new String(Npy.toBytes(NpyArray.ofDoubles(new double[] {1.5})), StandardCharsets.ISO_8859_1))
                .contains("'shape': (), }");
        assertThat(new String(Npy.toBytes(NpyArray.ofLongs(new long[0], 0)), StandardCharsets.ISO_8859_1))
                .contains("{'descr': '<i8', 'fortran_order': False, 'shape': (0,), }");
    }

    @Test
    void writesToAPathAndReadsBack(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.npy");
        NpyArray a = NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Npy.write(file, a);
        assertThat(Npy.read(file)).isEqualTo(a);
        Npy.write(file, NpyArray.of(7L));
        assertThat(Npy.read(file).asLongs()).containsExactly(7L);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void readsHeadersWrittenInOtherStyles() throws IOException {
        byte[] data = le(new float[] {1.5f, -2f, 3f});
        String[] headers = {
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
            "{'shape': (3,), 'fortran_order': False, 'descr': '<f4'}",
            "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(3,)}",
            "{ 'descr' : '<f4' ,\n 'fortran_order' : False , 'shape' : ( 3 , ) , }\n",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3L,), }",
        };
        for (String h : headers) {
            for (int major = 1; major <= 3; major++) {
                NpyArray a = Npy.fromBytes(npy(major, h, data));
                assertThat(a.dtype()).isEqualTo("<f4");
                assertThat(a.shape()).containsExactly(3);
                assertThat(a.asFloats()).containsExactly(1.5f, -2f, 3f);
            }
        }
        assertThat(Npy.fromBytes(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': ()}", le(2.5)))
                .asDoubles()).containsExactly(2.5);
        assertThat(Npy.fromBytes(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2,)}",
                le(new long[] {4, -5}))).shape()).containsExactly(1, 2);
    }

    @Test
    void readsEveryDtypeNumpyMayHand() throws IOException {
        ByteBuffer i4 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-1);
        assertThat(Npy.fromBytes(npy(1, dict("<i4", "(2,)"), i4.array())).asInts()).containsExactly(7, -1);
        byte[] u1 = {0, 1, (byte) 255};
        assertThat(Npy.fromBytes(npy(1, dict("|u1", "(3,)"), u1)).asInts()).containsExactly(0, 1, 255);
        assertThat(Npy.fromBytes(npy(1, dict("<u1", "(3,)"), u1)).dtype()).isEqualTo("|u1");
        assertThat(Npy.fromBytes(npy(1, dict("|b1", "(3,)"), u1)).asBooleans()).containsExactly(false, true, true);
        assertThat(Npy.fromBytes(npy(1, dict("<i8", "(2,)"), le(new long[] {3, 1}))).asInts()).containsExactly(3, 1);
    }

    @Test
    void readingAStreamConsumesExactlyOneArray() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NpyArray.of(1f, 2f));
        Npy.write(out, NpyArray.of(3L));
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(Npy.read(in).asFloats()).containsExactly(1f, 2f);
        assertThat(Npy.read(in).asLongs()).containsExactly(3L);
        assertThat(in.available()).isZero();
    }

    @Test
    void malformedInputsGiveOneLineMessages() {
        byte[] f8 = le(new double[] {1, 2});
        assertProblem(new byte[0], "not a .npy file (bad magic)");
        assertProblem("PK\u0003\u0004 not npy".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file (bad magic)");
        assertProblem(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}, "truncated header: expected 2 bytes, got 1");
        assertProblem(npy(4, dict("<f8", "(2,)"), f8), "unsupported .npy format version 4.0");
        assertProblem(java.util.Arrays.copyOf(npy(1, dict("<f8", "(2,)"), f8), 20), "truncated header: expected");
        assertProblem(npy(1, dict(">f4", "(2,)"), f8), "unsupported dtype '>f4'");
        assertProblem(npy(1, dict("<c16", "(1,)"), f8), "unsupported dtype '<c16'");
        assertProblem(npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", f8),
                "unsupported dtype [");
        assertProblem(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2,)}", f8),
                "Fortran-ordered arrays are not supported");
        assertProblem(npy(1, dict("<f8", "(1000,)"), new byte[12]), "truncated data: expected 8000 bytes, got 12");
        assertProblem(npy(1, dict("<f8", "(2)"), f8), "shape 2 is not a tuple");
        assertProblem(npy(1, dict("<f8", "(2, -1)"), f8), "invalid dimension -1");
        assertProblem(npy(1, dict("<f8", "(2.0,)"), f8), "malformed .npy header");
        assertProblem(npy(1, dict("<f8", "(100000, 100000, 100000)"), f8), "array too large");
        assertProblem(npy(1, "{'descr': '<f8', 'shape': (2,)}", f8), "keys [descr, shape]");
        assertProblem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", f8), "keys");
        assertProblem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)", f8), "malformed .npy header");
        assertProblem(npy(1, "['descr', '<f8']", f8), "not a dictionary");
        assertProblem(npy(1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", f8), "fortran_order");
        assertProblem(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} x", f8), "unexpected text");
    }

    @Test
    void problemsReadFromAFileNameTheFile() throws IOException {
        Path file = tmp.resolve("broken.npy");
        Files.write(file, npy(1, dict("<f8", "(1000,)"), new byte[12]));
        assertThatThrownBy(() -> Npy.read(file)).isInstanceOf(NpyFormatException.class)
                .hasMessage("broken.npy: truncated data: expected 8000 bytes, got 12");
    }

    @Test
    void accessorsNeverChangePrecisionSilently() {
        NpyArray f8 = NpyArray.of(0.1, 2.0);
        assertThatThrownBy(f8::asFloats).isInstanceOf(IllegalStateException.class).hasMessageContaining("toFloats");
        assertThat(f8.toFloats()).containsExactly(0.1f, 2f);
        assertThat(NpyArray.of(0.1f).asDoubles()).containsExactly((double) 0.1f);
        assertThatThrownBy(f8::asLongs).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(f8::asInts).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(NpyArray.of(1L)::asDoubles).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(NpyArray.of(1L << 40)::asInts).isInstanceOf(ArithmeticException.class);
        assertThat(NpyArray.ofInts(new int[] {-3}, 1).asLongs()).containsExactly(-3L);
        assertThat(NpyArray.of(5L, 6L).toFloats()).containsExactly(5f, 6f);
    }

    @Test
    void arraysAreImmutableValues() {
        float[] data = {1, 2, 3, 4};
        int[] shape = {2, 2};
        NpyArray a = NpyArray.ofFloats(data, shape);
        data[0] = 99;
        shape[0] = 4;
        a.asFloats()[1] = 99;
        ((float[]) a.data())[2] = 99;
        a.shape()[1] = 9;
        assertThat(a.asFloats()).containsExactly(1, 2, 3, 4);
        assertThat(a.shape()).containsExactly(2, 2);
        assertThat(a).isEqualTo(NpyArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2))
                .hasSameHashCodeAs(NpyArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2))
                .isNotEqualTo(NpyArray.ofFloats(new float[] {1, 2, 3, 4}, 4))
                .hasToString("NpyArray[<f4, (2, 2)]");
        assertThat(a.rank()).isEqualTo(2);
        assertThat(a.size()).isEqualTo(4);
        assertThat(NpyArray.ofDoubles(new double[] {1}).rank()).isZero();
    }

    @Test
    void constructorRejectsInconsistentArrays() {
        assertThatThrownBy(() -> NpyArray.ofFloats(new float[3], 2, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 4 elements, data has 3");
        assertThatThrownBy(() -> new NpyArray("<f4", new int[] {1}, new double[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs float[]");
        assertThatThrownBy(() -> new NpyArray(">f4", new int[] {1}, new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported dtype '>f4'");
        assertThatThrownBy(() -> NpyArray.ofFloats(new float[0], -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative dimension");
    }

    // --- helpers ---

    private static List<NpyArray> sampleArrays(int n, int[] shape) {
        float[] f = new float[n];
        double[] d = new double[n];
        long[] l = new long[n];
        int[] i4 = new int[n];
        byte[] u1 = new byte[n];
        boolean[] b1 = new boolean[n];
        for (int k = 0; k < n; k++) {
            f[k] = (float) Math.sin(k + 1) * 1e3f;
            d[k] = Math.cos(k + 1) / 7;
            l[k] = (k % 2 == 0 ? -1L : 1L) * (1L << (k % 63));
            i4[k] = -k * 1_000_003;
            u1[k] = (byte) (k * 37);
            b1[k] = k % 3 == 0;
        }
        return List.of(NpyArray.ofFloats(f, shape), NpyArray.ofDoubles(d, shape), NpyArray.ofLongs(l, shape),
                NpyArray.ofInts(i4, shape), new NpyArray(NpyArray.UINT8, shape, u1),
                new NpyArray(NpyArray.BOOL, shape, b1));
    }

    private static void assertProblem(byte[] bytes, String message) {
        assertThatThrownBy(() -> Npy.fromBytes(bytes)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** A .npy file with the given version and header text, unpadded, followed by {@code data}. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    private static byte[] le(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static byte[] le(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    private static byte[] le(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        return b.array();
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
