package org.lrppruning.io;

import java.util.Locale;

/**
 * What fits: Java's array length limit and the heap ({@link Runtime#maxMemory()}). Sizes a user
 * asks for are checked here up front, computed in {@code long}, so that a request too large ends
 * in one line naming the limit rather than in an int overflow or an OutOfMemoryError mid-work.
 */
public final class Limits {
    /** Longest array every JVM allocates (a few header words below Integer.MAX_VALUE). */
    public static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Heap kept aside for what every command needs besides the checked data (models, buffers, the JVM's own). */
    public static final long RESERVE_BYTES = 128L << 20;
    /** How to give the tool more heap, for the messages. */
    public static final String MORE_HEAP = "more heap: LRP_PRUNING_JAVA_OPTS=-Xmx4g";

    private Limits() {}

    /** A size refused because it cannot fit this heap (not because the input is malformed). */
    public static final class TooLarge extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public TooLarge(String message) {
            super(message);
        }
    }

    /** The heap the JVM may grow to. */
    public static long heap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Bytes of the heap the checked data may use: the heap less {@link #RESERVE_BYTES}. */
    public static long usable(long heap) {
        return Math.max(0, heap - RESERVE_BYTES);
    }

    /**
     * How many items of {@code bytesEach} fit into the usable heap when {@code parallel} copies of
     * the work run at once (at least 0).
     */
    public static long fitting(long bytesEach, int parallel, long heap) {
        if (bytesEach <= 0 || parallel <= 0) {
            throw new IllegalArgumentException("bytes per item and parallel copies must be > 0");
        }
        return usable(heap) / parallel / bytesEach;
    }

    /**
     * Checks that {@code count} items of {@code bytesEach}, {@code parallel} times at once, fit the
     * heap; otherwise one line: "{what}: N {unit} need about X, more than the Y heap holds (at most M {unit}; more heap: ...)".
     *
     * @return count, for chaining
     */
    public static long checkHeap(String what, long count, String unit, long bytesEach, int parallel) {
        return checkHeap(what, count, unit, bytesEach, parallel, heap());
    }

    /** {@link #checkHeap(String, long, String, long, int)} against a given heap size (tests). */
    public static long checkHeap(String what, long count, String unit, long bytesEach, int parallel, long heap) {
        long max = fitting(bytesEach, parallel, heap);
        if (count > max) {
            double need = (double) count * bytesEach * parallel;
            throw new IllegalArgumentException(what + ": " + count + " " + unit + " need about " + bytes(need)
                    + (parallel > 1 ? " (" + parallel + " at once)" : "") + ", more than the " + bytes(heap)
                    + " heap holds (at most " + max + " " + unit + "; " + MORE_HEAP + ")");
        }
        return count;
    }

    /** Checks that an array of {@code length} elements can exist; otherwise one line naming the limit. */
    public static int checkArray(String what, long length) {
        if (length < 0 || length > MAX_ARRAY) {
            throw new IllegalArgumentException(what + ": " + length + " values, more than a Java array holds ("
                    + MAX_ARRAY + ")");
        }
        return (int) length;
    }

    /** A byte count for people: "812 MiB", "3.9 GiB". */
    public static String bytes(double b) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", b)
                : b < 10 ? String.format(Locale.ROOT, "%.1f %s", b, units[u])
                : String.format(Locale.ROOT, "%.0f %s", b, units[u]);
    }
}
