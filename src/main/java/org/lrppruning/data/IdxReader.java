package org.lrppruning.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, LeCun's MNIST format (also Fashion-MNIST's): a big-endian magic {@code 0x0000TTDD}
 * (TT the element type, DD the number of dimensions), DD big-endian 32-bit sizes, then the data in
 * C order. Only unsigned bytes (TT = 0x08) are supported: labels {@code 0x00000801}, images
 * {@code 0x00000803} (N×H×W) or {@code 0x00000804} (N×C×H×W). A file starting with the gzip magic
 * is decompressed on the fly.
 *
 * <p>The declared size is checked before anything is allocated: against the file's length for a
 * plain file; for gzip the data is read in growing chunks and reading stops at the declared size, so
 * memory never exceeds what the stream really holds.
 */
final class IdxReader {
    private static final int UBYTE = 0x08;
    /** Largest byte[] the JVM reliably allocates. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    private static final int FIRST_CHUNK = 1 << 20;

    private IdxReader() {}

    /** A decoded IDX file: its dimensions (first = sample count) and its unsigned bytes. */
    record Array(int[] dims, byte[] data) {}

    /** Images N×H×W or N×C×H×W, scaled to [0, 1]; sample shape {1, H, W} or {C, H, W}. */
    static Features images(Path file) {
        Array a = read(file, "images", 3, 4);
        int[] sample = Features.withChannel(Arrays.copyOfRange(a.dims, 1, a.dims.length));
        return new Features(Features.scaleBytes(a.data), sample, a.dims[0]);
    }

    /** Labels: a 1-D IDX file of unsigned bytes. */
    static int[] labels(Path file) {
        byte[] b = read(file, "labels", 1, 1).data;
        int[] y = new int[b.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = b[i] & 0xFF;
        }
        return y;
    }

    /** Reads {@code file}, which must have between {@code minRank} and {@code maxRank} dimensions. */
    static Array read(Path file, String kind, int minRank, int maxRank) {
        try {
            long fileSize = Files.size(file);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                raw.mark(2);
                boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
                raw.reset();
                InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
                return read(file, in, gzip ? -1 : fileSize, kind, minRank, maxRank);
            }
        } catch (DataException e) {
            throw e;
        } catch (EOFException e) {
            throw new DataException(file, "truncated gzip stream");
        } catch (ZipException e) {
            throw new DataException(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw DataException.of(file, e);
        }
    }

    /** {@code plainSize} is the file's length for an uncompressed file, -1 for gzip. */
    private static Array read(Path file, InputStream in, long plainSize, String kind, int minRank, int maxRank)
            throws IOException {
        byte[] m = in.readNBytes(4);
        if (m.length < 4) {
            throw new DataException(file, "not an IDX file: " + m.length + " bytes, shorter than the 4-byte magic");
        }
        int magic = (m[0] & 0xFF) << 24 | (m[1] & 0xFF) << 16 | (m[2] & 0xFF) << 8 | (m[3] & 0xFF);
        String expected = minRank == 1 ? "0x00000801" : "0x00000803 or 0x00000804";
        int rank = m[3] & 0xFF;
        if (m[0] != 0 || m[1] != 0 || (m[2] & 0xFF) != UBYTE || rank < minRank || rank > maxRank) {
            throw new DataException(file, String.format("not an IDX %s file: magic number 0x%08X, expected %s"
                    + " (unsigned bytes, %s)", kind, magic, expected, minRank == 1 ? "N" : "N×H×W or N×C×H×W"));
        }
        byte[] d = in.readNBytes(4 * rank);
        if (d.length < 4 * rank) {
            throw new DataException(file, "IDX header ends after " + (4 + d.length) + " of its " + (4 + 4 * rank) + " bytes");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            long v = (d[4 * i] & 0xFFL) << 24 | (d[4 * i + 1] & 0xFF) << 16 | (d[4 * i + 2] & 0xFF) << 8 | (d[4 * i + 3] & 0xFF);
            if (v > Integer.MAX_VALUE) {
                throw new DataException(file, "IDX header declares dimension " + i + " of size " + v);
            }
            dims[i] = (int) v;
            count = v == 0 ? 0 : (count > MAX_BYTES ? count : count * v); // saturates, no overflow
        }
        String declared = LabeledData.shapeString(dims);
        if (count > MAX_BYTES) {
            throw new DataException(file, "IDX header declares " + declared + " bytes, more than 2 GB");
        }
        long header = 4 + 4L * rank;
        if (plainSize >= 0 && plainSize - header != count) {
            throw new DataException(file, "IDX header declares " + declared + " = " + count
                    + " bytes of data, the file holds " + (plainSize - header));
        }
        // each byte becomes a float (images) or an int (labels) beside it: refused from the header, since a gzip
        // stream of a few MB can declare and hold GBs
        if (count * 5 > org.lrppruning.io.Limits.usable(org.lrppruning.io.Limits.heap())) {
            throw new DataException(file, "IDX header declares " + declared + " = " + count + " values, about "
                    + org.lrppruning.io.Limits.bytes(5.0 * count) + " in memory, more than the "
                    + org.lrppruning.io.Limits.bytes(org.lrppruning.io.Limits.heap()) + " heap holds ("
                    + org.lrppruning.io.Limits.MORE_HEAP + ")");
        }
        byte[] data = readUpTo(in, (int) count);
        if (data.length < count) {
            throw new DataException(file, "data ends after " + data.length + " of the " + count
                    + " bytes its IDX header declares (" + declared + ")");
        }
        if (in.read() >= 0) {
            throw new DataException(file, "holds more data than its IDX header declares (" + declared + ")");
        }
        return new Array(dims, data);
    }

    /** Reads at most {@code n} bytes, growing the buffer only as data arrives. */
    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        byte[] buf = new byte[Math.min(n, FIRST_CHUNK)];
        int filled = 0;
        while (filled < n) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
            }
            int r = in.read(buf, filled, buf.length - filled);
            if (r < 0) {
                break;
            }
            filled += r;
        }
        return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
    }
}
