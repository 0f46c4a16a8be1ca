package org.lrppruning.data;

/**
 * How {@link DataSources#load} prepares the values: {@code normalize} (may be null: none) is
 * applied after byte images were scaled to [0, 1].
 */
public record DataOptions(Normalization normalize) {
    /** Values as the file holds them (byte images scaled to [0, 1]). */
    public static final DataOptions NONE = new DataOptions(null);

    /** Options from a {@code --normalize} text (null or empty: none). */
    public static DataOptions normalize(String text) {
        return text == null || text.isBlank() ? NONE : new DataOptions(Normalization.parse(text));
    }
}
