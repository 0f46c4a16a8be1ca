package org.lrppruning.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes NumPy {@code .npy} files as {@code numpy.lib.format} defines them: reads
 * format versions 1.0, 2.0 and 3.0, writes 1.0 byte for byte as {@code numpy.save} does (2.0
 * only if a header outgrows 1.0, as NumPy also does). C order only; dtypes as in {@link NpyArray}.
 *
 * <p>Like {@code numpy.load}, reading a stream consumes exactly one array and ignores whatever
 * follows it.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the data start to 64 bytes so that the file can be memory-mapped. */
    private static final int ALIGN = 64;
    /** Spare header room NumPy leaves so that the first axis can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** A real header is a few hundred bytes; this only guards against absurd allocations. */
    private static final long MAX_HEADER_BYTES = 1 << 20;
    /** Largest byte[] the JVM reliably allocates. */
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    /** Elements encoded per buffer on write, to bound memory for large arrays. */
    private static final int CHUNK_BYTES = 1 << 16;

    private Npy() {}

    /** Reads the array in {@code file}; format problems name the file. */
    public static NpyArray read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** Reads one array from {@code bytes}. */
    public static NpyArray fromBytes(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes));
    }

    /**
     * Reads one array from {@code in}, leaving the stream just after its data (not closed).
     *
     * @throws NpyFormatException if the input is not a supported .npy array
     */
    public static NpyArray read(InputStream in) throws IOException {
        return readData(in, readHeader(in));
    }

    /** The dtype and shape an array's header declares, read before its data. */
    public record Header(String dtype, int[] shape) {
        /** Elements the shape declares. */
        public long count() {
            return NpyArray.elementCount(shape);
        }
    }

    /**
     * Reads the header of the array at {@code in}, leaving the stream at its data: what it declares can be
     * checked before any of the data is read.
     *
     * @throws NpyFormatException if the input is not a supported .npy array, or its data cannot fit the heap
     */
    public static Header readHeader(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException("not a .npy file (bad magic)");
        }
        byte[] version = readExactly(in, 2, "truncated header");
        int major = version[0] & 0xFF;
        int minor = version[1] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor);
        }
        long headerLength;
        if (major == 1) {
            byte[] b = readExactly(in, 2, "truncated header");
            headerLength = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        } else {
            byte[] b = readExactly(in, 4, "truncated header");
            headerLength = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException("header too large: " + headerLength + " bytes");
        }
        byte[] headerBytes = readExactly(in, (int) headerLength, "truncated header");
        NpyHeader header = NpyHeader.parse(decodeHeader(headerBytes, major));

        long count;
        try {
            count = NpyArray.elementCount(header.shape);
        } catch (ArithmeticException e) {
            throw new NpyFormatException("array too large: shape " + NpyArray.shapeRepr(header.shape));
        }
        int itemSize = NpyArray.itemSize(header.dtype);
        if (count > MAX_DATA_BYTES / itemSize) {
            throw new NpyFormatException("array too large: shape " + NpyArray.shapeRepr(header.shape)
                    + " of " + header.dtype + " exceeds 2 GB");
        }
        // raw bytes and the decoded array at once; refused from the header rather than after reading the data
        if (count * itemSize * 2 > Limits.usable(Limits.heap())) {
            throw new NpyFormatException("array of shape " + NpyArray.shapeRepr(header.shape) + " of " + header.dtype
                    + " needs about " + Limits.bytes(2.0 * count * itemSize) + ", more than the "
                    + Limits.bytes(Limits.heap()) + " heap holds (" + Limits.MORE_HEAP + ")");
        }
        return new Header(header.dtype, header.shape);
    }

    /** Reads the data of the array whose {@code header} {@link #readHeader} read from {@code in}. */
    public static NpyArray readData(InputStream in, Header header) throws IOException {
        long count = header.count();
        int itemSize = NpyArray.itemSize(header.dtype());
        int byteCount = (int) count * itemSize;
        byte[] raw = in.readNBytes(byteCount);
        if (raw.length != byteCount) {
            throw new NpyFormatException("truncated data: expected " + byteCount + " bytes, got " + raw.length);
        }
        return new NpyArray(header.dtype(), header.shape(), decodeData(header.dtype(), (int) count, raw));
    }

    /** Writes {@code array} to {@code file} atomically (a temporary sibling renamed over it). */
    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFiles.write(file, out -> write(out, array));
    }

    /** The bytes {@code numpy.save} would write for {@code array}. */
    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                ALIGN * 2 + array.size() * NpyArray.itemSize(array.dtype()));
        try {
            write(out, array);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream never throws
        }
        return out.toByteArray();
    }

    /** Writes {@code array} to {@code out} (not closed) in format 1.0. */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        out.write(headerFor(array));
        encodeData(array, out);
    }

    /** Magic, version, header length, and the header dict padded exactly as NumPy pads it. */
    private static byte[] headerFor(NpyArray array) {
        int[] shape = array.shape();
        // NumPy writes repr() of a dict with sorted keys, each entry followed by ", ".
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(array.dtype())
                .append("', 'fortran_order': False, 'shape': ")
                .append(NpyArray.shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int major = 1;
        int lengthBytes = 2;
        int total = paddedLength(text.length, lengthBytes);
        if (total - MAGIC.length - 2 - lengthBytes > 0xFFFF) {
            major = 2;
            lengthBytes = 4;
            total = paddedLength(text.length, lengthBytes);
        }
        int headerLength = total - MAGIC.length - 2 - lengthBytes;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) headerLength);
        } else {
            b.putInt(headerLength);
        }
        b.put(text);
        while (b.remaining() > 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** Total header size: NumPy always adds 1..64 spaces plus the newline, never zero spaces. */
    private static int paddedLength(int textLength, int lengthBytes) {
        int unpadded = MAGIC.length + 2 + lengthBytes + textLength + 1;
        return unpadded + ALIGN - unpadded % ALIGN;
    }

    private static String decodeHeader(byte[] bytes, int major) throws NpyFormatException {
        if (major < 3) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NpyFormatException("malformed .npy header: not UTF-8");
        }
    }

    private static byte[] readExactly(InputStream in, int n, String problem) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new NpyFormatException(problem + ": expected " + n + " bytes, got " + b.length);
        }
        return b;
    }

    private static Object decodeData(String dtype, int n, byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case NpyArray.FLOAT32: {
                float[] a = new float[n];
                b.asFloatBuffer().get(a);
                return a;
            }
            case NpyArray.FLOAT64: {
                double[] a = new double[n];
                b.asDoubleBuffer().get(a);
                return a;
            }
            case NpyArray.INT64: {
                long[] a = new long[n];
                b.asLongBuffer().get(a);
                return a;
            }
            case NpyArray.INT32: {
                int[] a = new int[n];
                b.asIntBuffer().get(a);
                return a;
            }
            case NpyArray.UINT8:
                return raw;
            case NpyArray.BOOL: {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = raw[i] != 0;
                }
                return a;
            }
            default:
                throw new AssertionError(dtype);
        }
    }

    private static void encodeData(NpyArray array, OutputStream out) throws IOException {
        Object data = array.rawData();
        int n = array.size();
        int itemSize = NpyArray.itemSize(array.dtype());
        int perChunk = CHUNK_BYTES / itemSize;
        ByteBuffer b = ByteBuffer.allocate(Math.min(n, perChunk) * itemSize).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < n; start += perChunk) {
            int len = Math.min(perChunk, n - start);
            b.clear();
            switch (array.dtype()) {
                case NpyArray.FLOAT32 -> b.asFloatBuffer().put((float[]) data, start, len);
                case NpyArray.FLOAT64 -> b.asDoubleBuffer().put((double[]) data, start, len);
                case NpyArray.INT64 -> b.asLongBuffer().put((long[]) data, start, len);
                case NpyArray.INT32 -> b.asIntBuffer().put((int[]) data, start, len);
                case NpyArray.UINT8 -> b.put((byte[]) data, start, len);
                case NpyArray.BOOL -> {
                    boolean[] d = (boolean[]) data;
                    for (int i = 0; i < len; i++) {
                        b.put(d[start + i] ? (byte) 1 : (byte) 0);
                    }
                }
                default -> throw new AssertionError(array.dtype());
            }
            out.write(b.array(), 0, len * itemSize);
        }
    }
}
