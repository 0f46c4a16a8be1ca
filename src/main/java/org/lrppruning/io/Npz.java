package org.lrppruning.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives as {@code numpy.savez} and
 * {@code numpy.savez_compressed} make them: a zip with one {@code <name>.npy} entry per array,
 * stored or deflated.
 */
public final class Npz {
    /** How entries are put in the archive. */
    public enum Compression {
        /** Uncompressed, like {@code numpy.savez}. */
        STORED,
        /** Deflated, like {@code numpy.savez_compressed}. */
        DEFLATED
    }

    private static final String SUFFIX = ".npy";
    /** The fixed entry time NumPy writes too, so that equal arrays give byte-identical files. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {}

    /**
     * Reads every array of {@code file}, in archive order, keyed by entry name without the
     * {@code .npy} suffix.
     *
     * @throws NpyFormatException if the file is not a zip ("not an .npz file: name") or an entry
     *     is not a supported .npy array (the message names the entry)
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException | EOFException e) {
            // EOF: a central directory that claims more than the file holds
            throw new NpyFormatException("not an .npz file: " + name, e);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (zip) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String key = entry.getName().endsWith(SUFFIX)
                        ? entry.getName().substring(0, entry.getName().length() - SUFFIX.length())
                        : entry.getName();
                if (arrays.containsKey(key)) {
                    throw new NpyFormatException(name + ": duplicate array '" + key + "'");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.read(in));
                } catch (NpyFormatException e) {
                    throw new NpyFormatException(name + "/" + entry.getName() + ": " + e.getMessage(), e);
                } catch (ZipException | EOFException e) {
                    throw new NpyFormatException(name + "/" + entry.getName() + ": corrupt zip entry ("
                            + e.getMessage() + ")", e);
                }
            }
        }
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * An open archive whose arrays are read one at a time, each after its header was looked at: a member that
     * declares a shape nobody asked for is never read (a model's layers fix their shapes).
     */
    public static final class Archive implements java.io.Closeable {
        private final String name;
        private final ZipFile zip;
        private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

        private Archive(Path file) throws IOException {
            name = String.valueOf(file.getFileName());
            try {
                zip = new ZipFile(file.toFile());
            } catch (ZipException | EOFException e) {
                throw new NpyFormatException("not an .npz file: " + name, e);
            }
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String key = entry.getName().endsWith(SUFFIX)
                        ? entry.getName().substring(0, entry.getName().length() - SUFFIX.length()) : entry.getName();
                if (entries.put(key, entry) != null) {
                    zip.close();
                    throw new NpyFormatException(name + ": duplicate array '" + key + "'");
                }
            }
        }

        /** The array names, in archive order. */
        public java.util.Set<String> keys() {
            return Collections.unmodifiableSet(entries.keySet());
        }

        /** The header of array {@code key} (null when there is none), read without its data. */
        public Npy.Header header(String key) throws IOException {
            ZipEntry entry = entries.get(key);
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Npy.readHeader(in);
            } catch (NpyFormatException e) {
                throw new NpyFormatException(name + "/" + entry.getName() + ": " + e.getMessage(), e);
            } catch (ZipException | EOFException e) {
                throw new NpyFormatException(name + "/" + entry.getName() + ": corrupt zip entry (" + e.getMessage() + ")", e);
            }
        }

        /** Array {@code key} (null when there is none). */
        public NpyArray read(String key) throws IOException {
            ZipEntry entry = entries.get(key);
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return Npy.read(in);
            } catch (NpyFormatException e) {
                throw new NpyFormatException(name + "/" + entry.getName() + ": " + e.getMessage(), e);
            } catch (ZipException | EOFException e) {
                throw new NpyFormatException(name + "/" + entry.getName() + ": corrupt zip entry (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** Opens {@code file} to read its arrays one at a time ({@link Archive}). */
    public static Archive open(Path file) throws IOException {
        return new Archive(file);
    }

    /** Writes {@code arrays} deflated; see {@link #write(Path, Map, Compression)}. */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        write(file, arrays, Compression.DEFLATED);
    }

    /**
     * Writes {@code arrays} in iteration order as {@code <key>.npy} entries. The file is written
     * to a temporary sibling and renamed over {@code file}, so an interrupted write leaves either
     * the previous file or none, never a partial one.
     */
    public static void write(Path file, Map<String, NpyArray> arrays, Compression compression) throws IOException {
        Objects.requireNonNull(compression, "compression");
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("array names must be non-empty");
            }
            Objects.requireNonNull(e.getValue(), () -> "array '" + e.getKey() + "' is null");
        }
        AtomicFiles.write(file, out -> writeZip(out, arrays, compression));
    }

    private static void writeZip(OutputStream out, Map<String, NpyArray> arrays, Compression compression)
            throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            byte[] bytes = Npy.toBytes(e.getValue());
            ZipEntry entry = new ZipEntry(e.getKey() + SUFFIX);
            entry.setTimeLocal(ENTRY_TIME);
            if (compression == Compression.STORED) {
                // A stored entry's local header must carry size and CRC up front.
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
            } else {
                entry.setMethod(ZipEntry.DEFLATED);
            }
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish();
    }
}
