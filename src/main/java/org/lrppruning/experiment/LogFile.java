package org.lrppruning.experiment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.lrppruning.io.FileLocks;

/**
 * An append-only result log that several writers (threads, processes) may share.
 *
 * <ul>
 *   <li>Only a log is touched: {@link #open} reads the whole file first and refuses, unchanged, a file
 *       with any line that is not a log line of its {@link LineGrammar} (the toy's {@link LogLines#GRAMMAR}
 *       unless another is given), binary data included.</li>
 *   <li>A run's lines go out in one write under an exclusive OS lock on {@code LOG.lock} beside the log
 *       ({@link FileLocks} says why a file of its own; it stays, empty), after re-reading what other
 *       writers appended, so a line already in the log is never written again and another value for it
 *       is refused.</li>
 *   <li>A last line without its newline is a complete line if it reads as one (a newline is written
 *       before the next lines), and is cut if it is only the beginning of a log line: a write torn by a
 *       crash, which can only be a dead writer's since every writer writes under the lock.</li>
 * </ul>
 * Readers need no lock: they read whole lines only, and the file only grows, but for a torn tail.
 */
public final class LogFile {
    /** A line longer than this is checked while it is read, so that a huge binary file is refused early. */
    private static final int CHECK_LONG_LINE = 1 << 20;

    private final Path path;
    private final LineGrammar grammar;
    private final Path lock;
    private final LogIndex index = new LogIndex();
    private final int source;
    /** Bytes of the file read into the index; always the start of a line. */
    private long indexed;
    /** Lines read into the index. */
    private long lines;
    /** Start of an unterminated last line already in the index, or -1. */
    private long tailStart = -1;
    private String repaired;

    private LogFile(Path path, LineGrammar grammar) {
        this.path = path;
        this.grammar = grammar;
        this.lock = path.resolveSibling(path.getFileName() + ".lock");
        this.source = index.source(path.toString());
    }

    /**
     * Opens a log for appending: reads it (if it exists), then cuts a torn last line under the lock.
     *
     * @throws IllegalArgumentException (one line, nothing changed or created) when the file is not a log
     */
    public static LogFile open(Path log) throws IOException {
        return open(log, LogLines.GRAMMAR);
    }

    /** {@link #open(Path)} for a log of lines of {@code grammar}. */
    public static LogFile open(Path log, LineGrammar grammar) throws IOException {
        LogFile f = new LogFile(log, grammar);
        if (Files.isDirectory(log)) {
            throw new IllegalArgumentException(log + " is a folder, not a log file");
        }
        if (Files.exists(log)) {
            if (!Files.isRegularFile(log)) {
                throw new IllegalArgumentException(log + " is not a regular file");
            }
            String tail;
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
                tail = f.catchUp(ch); // refuses a foreign line before the lock file is created
                if (grammar.shape(tail) == LogLines.Shape.FOREIGN) {
                    throw f.foreign(f.lines + 1, tail);
                }
            }
            if (tail.isEmpty()) {
                return f; // ends in a newline: nothing to settle, and no lock file before the first append
            }
            try (FileLocks.Held h = FileLocks.lock(f.lock);
                 FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                f.settleTail(ch, f.catchUp(ch));
            }
        }
        return f;
    }

    /**
     * Reads a log without changing it or taking the lock (for merge inputs): every line goes to
     * {@code sink}; a torn or foreign line is refused.
     */
    public static void read(Path log, LineSink sink) throws IOException {
        read(log, LogLines.GRAMMAR, sink);
    }

    /** {@link #read(Path, LineSink)} for a log of lines of {@code grammar}. */
    public static void read(Path log, LineGrammar grammar, LineSink sink) throws IOException {
        if (!Files.isRegularFile(log)) {
            throw new NoSuchFileException(log.toString(), null, "log not found");
        }
        LogFile f = new LogFile(log, grammar);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            String tail = f.scan(ch, sink);
            switch (grammar.shape(tail)) {
                case BLANK -> { }
                case LINE -> sink.line(tail.strip(), f.lines + 1);
                case PREFIX -> throw new IllegalArgumentException(log + ": its last line " + (f.lines + 1)
                        + " is torn (an interrupted sweep? resume it first)");
                default -> throw f.foreign(f.lines + 1, tail);
            }
        }
    }

    /** Receives the log lines of a file in order. */
    @FunctionalInterface
    public interface LineSink {
        /** One log line (stripped) and its 1-based number. */
        void line(String text, long number);
    }

    /** The log's path. */
    public Path path() {
        return path;
    }

    /** The torn last line cut off (at most 80 characters), or null when there was none. */
    public synchronized String repairedTail() {
        return repaired;
    }

    /** A copy of what the log held when last read. */
    public synchronized LogIndex index() {
        return new LogIndex(index);
    }

    /** Whether the run's lines were all in the log when it was last read. */
    public synchronized boolean isComplete(RunConfig cfg) {
        return containsAll(LogLines.requiredNames(cfg));
    }

    /** Whether lines of all these names were in the log when it was last read. */
    public synchronized boolean containsAll(List<String> names) {
        return index.containsAll(names);
    }

    /** The grammar of the log's lines. */
    public LineGrammar grammar() {
        return grammar;
    }

    /** Reads, without the lock, the whole lines other writers appended since the last read. */
    public synchronized void refresh() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            catchUp(ch);
        }
    }

    /**
     * Appends the lines that the log does not hold yet, in one write under the lock (creating the
     * log and its folder), and returns how many were written: 0 when another writer logged them first.
     *
     * @throws IllegalArgumentException when the log holds one of the names with another value, or
     *                                  someone appended what is not a log; nothing is written then
     */
    public synchronized int append(List<String> newLines) throws IOException {
        return appendRuns(List.of(newLines))[0];
    }

    /**
     * {@link #append} for the lines of several runs at once: one write and one flush to disk for all (a
     * sweep's group commit), each run's lines whole. Returns per run how many of its lines were written.
     *
     * @throws IllegalArgumentException as {@link #append}; nothing is written then
     */
    public synchronized int[] appendRuns(List<List<String>> runs) throws IOException {
        int[] written = new int[runs.size()];
        if (runs.stream().allMatch(List::isEmpty)) {
            return written;
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileLocks.Held h = FileLocks.lock(lock);
             FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            boolean newline = settleTail(ch, catchUp(ch));
            StringBuilder sb = new StringBuilder();
            int count = 0;
            for (int r = 0; r < runs.size(); r++) {
                for (String l : runs.get(r)) {
                    if (grammar.shape(l) != LogLines.Shape.LINE) {
                        throw new IllegalStateException("not a log line: " + abbreviate(l));
                    }
                    String name = grammar.name(l);
                    switch (index.check(name, grammar.value(l))) {
                        case NEW -> {
                            sb.append(l.strip()).append('\n');
                            written[r]++;
                            count++;
                        }
                        case CONFLICT -> throw new IllegalArgumentException(path + " already holds " + name
                                + " with another value (" + index.where(name) + "); nothing appended "
                                + "(were its runs made with other models or settings?)");
                        default -> { }
                    }
                }
            }
            if (count == 0) {
                return written;
            }
            ByteBuffer buf = ByteBuffer.wrap(((newline ? "\n" : "") + sb).getBytes(StandardCharsets.US_ASCII));
            long pos = ch.size();
            while (buf.hasRemaining()) {
                pos += ch.write(buf, pos);
            }
            ch.force(false);
            catchUp(ch);
            return written;
        }
    }

    /**
     * Reads the whole lines from {@link #indexed} on into the index; returns the text after the last
     * newline (not read into the index).
     */
    private String catchUp(FileChannel ch) throws IOException {
        if (ch.size() < indexed) {
            throw new IOException(path + " shrank from " + indexed + " to " + ch.size()
                    + " bytes while in use (replaced or truncated by another program?); not writing to it");
        }
        return scan(ch, (text, number) -> {
            // the tail line indexed earlier now has its newline: it is not new
            if (lineStart != tailStart) {
                index.add(grammar.name(text), grammar.value(text), source, number);
            }
        });
    }

    /** Start of the line being delivered by {@link #scan}. */
    private long lineStart;

    /**
     * Reads lines from {@link #indexed} to the end, advancing it over every whole line: blank lines are
     * skipped, log lines go to {@code sink}, anything else is refused. Returns the unterminated rest.
     */
    private String scan(FileChannel ch, LineSink sink) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(1 << 16);
        byte[] line = new byte[256];
        int len = 0;
        long nextCheck = CHECK_LONG_LINE;
        long pos = indexed;
        long start = indexed;
        while (true) {
            block.clear();
            int n = ch.read(block, pos);
            if (n <= 0) {
                break;
            }
            byte[] a = block.array();
            for (int i = 0; i < n; i++) {
                byte b = a[i];
                if (b == '\n') {
                    String text = new String(line, 0, len, StandardCharsets.ISO_8859_1);
                    switch (grammar.shape(text)) {
                        case BLANK -> { }
                        case LINE -> {
                            lineStart = start;
                            sink.line(text.strip(), lines + 1);
                        }
                        default -> throw foreign(lines + 1, text);
                    }
                    lines++;
                    len = 0;
                    nextCheck = CHECK_LONG_LINE;
                    start = pos + i + 1;
                    indexed = start;
                } else {
                    if (len == line.length) {
                        line = Arrays.copyOf(line, 2 * len);
                    }
                    line[len++] = b;
                    if (len >= nextCheck) {
                        if (grammar.shape(new String(line, 0, len, StandardCharsets.ISO_8859_1))
                                == LogLines.Shape.FOREIGN) {
                            throw foreign(lines + 1, new String(line, 0, len, StandardCharsets.ISO_8859_1));
                        }
                        nextCheck *= 2;
                    }
                }
            }
            pos += n;
        }
        return new String(line, 0, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * Under the lock: a complete unterminated last line is indexed, a torn one cut off, anything
     * else refused. Returns whether the next write must start with a newline.
     */
    private boolean settleTail(FileChannel ch, String tail) throws IOException {
        if (tail.isEmpty()) {
            return false;
        }
        switch (grammar.shape(tail)) {
            case BLANK -> {
                return true;
            }
            case LINE -> {
                if (tailStart != indexed) {
                    tailStart = indexed;
                    index.add(grammar.name(tail), grammar.value(tail), source, lines + 1);
                }
                return true;
            }
            case PREFIX -> {
                ch.truncate(indexed);
                ch.force(true);
                repaired = abbreviate(tail);
                return false;
            }
            default -> throw foreign(lines + 1, tail);
        }
    }

    private IllegalArgumentException foreign(long number, String text) {
        boolean binary = text.chars().anyMatch(c -> (c < 0x20 && c != '\t' && c != '\r') || c > 0x7e);
        return new IllegalArgumentException(path + " is not a log of lrp-pruning (line " + number
                + (binary ? " holds binary or non-ASCII bytes" : " is not a log line") + "); left unchanged");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
