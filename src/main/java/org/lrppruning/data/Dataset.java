package org.lrppruning.data;

import java.util.Arrays;
import java.util.Locale;

/** The three toy problems of the paper, with their class counts. */
public enum Dataset {
    MOON(2),
    CIRCLE(2),
    MULT(4);

    private final int classes;

    Dataset(int classes) {
        this.classes = classes;
    }

    /** Number of classes K. */
    public int classes() {
        return classes;
    }

    /** The name used on the command line and in logs. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The data set of that name, or an IllegalArgumentException listing the valid names. */
    public static Dataset of(String name) {
        for (Dataset d : values()) {
            if (d.id().equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "' (valid: " + names() + ")");
    }

    /** The data sets of the given names (trimmed), each once, in the given order. */
    public static java.util.List<Dataset> list(java.util.List<String> names) {
        return names.stream().map(n -> of(n.trim())).distinct().toList();
    }

    /** The valid names, in order. */
    public static java.util.List<String> ids() {
        return Arrays.stream(values()).map(Dataset::id).toList();
    }

    /** The valid names, comma separated. */
    public static String names() {
        return String.join(", ", ids());
    }

    @Override
    public String toString() {
        return id();
    }
}
