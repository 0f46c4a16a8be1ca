package org.lrppruning.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary sibling that is synced and then renamed over the target, so
 * that readers (and a later run after a crash) see either the old file or the complete new one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What fills the file. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} by {@code text} (UTF-8), creating its folder; readers never see half a file. */
    public static void writeString(Path target, String text) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /**
     * Replaces {@code target} by what {@code writer} writes. A failure is an IOException "target:
     * reason" and leaves the old file (or none) and no temporary file behind.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = null;
        boolean moved = false;
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent); // as checked before the work: a new folder is made
            }
            tmp = createSibling(absolute);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        // The channel must stay open for the sync below, whatever the writer closes.
                        flush();
                    }
                };
                writer.writeTo(out);
                out.flush();
                // Without the sync a crash soon after the rename could leave the new name on
                // empty or partial contents.
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            // one line naming the file the caller asked for (not the temporary one) and the reason
            throw new IOException(target + ": " + OutputPaths.reason(e), e);
        } finally {
            if (!moved && tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new empty file beside {@code target}: in the same folder because a rename is only atomic
     * within one file system, and not through Files.createTempFile, whose owner-only permissions
     * would carry over to the result.
     */
    private static Path createSibling(Path target) throws IOException {
        while (true) {
            Path tmp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }
}
