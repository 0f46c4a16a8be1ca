package org.lrppruning.data;

import java.util.Locale;
import org.lrppruning.random.NumpyRandom;

/**
 * Reference samples for a pruning criterion: {@code n} samples of every class drawn from a data
 * set, stored class-major (the n of class 0, then the n of class 1, …).
 * <ul>
 *   <li>{@link Pick#RANDOM}: the order is NumPy's {@code RandomState(seed).permutation(N)}; each
 *       class takes its first n samples in that order.</li>
 *   <li>{@link Pick#FIRST}: the first n samples of each class in file order (the CNN fixtures'
 *       {@code refset_n*} rule; the seed is not used).</li>
 * </ul>
 */
public final class References {
    private References() {}

    /** How the n samples of a class are chosen. */
    public enum Pick {
        /** Seeded: the first n of the class in {@code RandomState(seed).permutation(N)} order. */
        RANDOM,
        /** The first n of the class in file order. */
        FIRST;

        /** {@code random} or {@code first}. */
        public static Pick of(String name) {
            for (Pick p : values()) {
                if (p.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown pick '" + name + "' (valid: random, first)");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The indices into {@code data} of n samples per class for classes 0..classes−1, class-major.
     *
     * @param what names the data in messages
     * @throws DataException if a class has fewer than n samples or a label is outside [0, classes)
     * @throws IllegalArgumentException if {@code n < 1} or the seed is outside [0, 2^32) (RANDOM)
     */
    public static int[] indices(LabeledData data, int classes, int n, Pick pick, long seed, String what) {
        if (n < 1) {
            throw new IllegalArgumentException("samples per class must be >= 1, was " + n);
        }
        int[] labels = data.labels();
        int[] order = new int[labels.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (pick == Pick.RANDOM) {
            new NumpyRandom(seed).shuffle(order); // permutation(N) = shuffle(arange(N))
        }
        int[] counts;
        try {
            counts = data.classCounts(classes);
        } catch (IllegalArgumentException e) {
            throw new DataException(what, e.getMessage());
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] < n) {
                throw new DataException(what, "class " + c + " has " + counts[c] + " samples, fewer than the "
                        + n + " per class asked for");
            }
        }
        int[] taken = new int[classes];
        int[] out = new int[Math.multiplyExact(classes, n)];
        for (int i : order) {
            int c = labels[i];
            if (taken[c] < n) {
                out[c * n + taken[c]++] = i;
            }
        }
        return out;
    }

    /** The samples at {@link #indices}, class-major. */
    public static LabeledData draw(LabeledData data, int classes, int n, Pick pick, long seed, String what) {
        return data.select(indices(data, classes, n, pick, seed, what));
    }
}
