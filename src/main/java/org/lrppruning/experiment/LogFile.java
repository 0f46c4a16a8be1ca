package org.lrppruning.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The append-only result log. A run's lines go out in one write and are forced to disk, so a crash
 * loses at most the runs in flight; a torn last line left by an older crash is cut off first.
 */
public final class LogFile {
    private LogFile() {}

    /**
     * Cuts a last line that lacks its newline (a write torn by a crash). Returns the removed text,
     * or null when the file is whole or absent.
     */
    public static String repairTornTail(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0 || lastByte(ch, size) == '\n') {
                return null;
            }
            long cut = lastNewlineEnd(ch, size);
            ByteBuffer torn = ByteBuffer.allocate((int) Math.min(size - cut, 200));
            ch.read(torn, cut);
            ch.truncate(cut);
            ch.force(true);
            return new String(torn.array(), 0, torn.position(), StandardCharsets.UTF_8);
        }
    }

    /** The position just after the last newline before {@code size} (0 when there is none), read in blocks. */
    private static long lastNewlineEnd(FileChannel ch, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(1 << 16);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining()) {
                if (ch.read(block, start + block.position()) < 0) {
                    break;
                }
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    private static int lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    /** Appends the lines (each ended by a newline) in a single write, creating folders as needed. */
    public static void append(Path log, List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        Path parent = log.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }
}
