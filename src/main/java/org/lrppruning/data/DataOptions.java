package org.lrppruning.data;

/**
 * How {@link DataSources#load} prepares the values: {@code normalize} (may be null: none) is
 * applied after byte images were scaled to [0, 1].
 */
public record DataOptions(Normalization normalize) {
    /** Values as the file holds them (byte images scaled to [0, 1]). */
    public static final DataOptions NONE = new DataOptions(null);

    /** Fashion-MNIST's {@code --normalize}, the CNN fixtures' training normalisation. */
    public static final String FASHION_MNIST_NORMALIZE = "0.2860,0.3530";

    /** Options from a {@code --normalize} text (null, empty or {@code none}: none). */
    public static DataOptions normalize(String text) {
        return text == null || text.isBlank() || text.strip().equals("none") ? NONE
                : new DataOptions(Normalization.parse(text));
    }

    /**
     * Options for the data {@code spec}: {@code --normalize text} when given, else for {@code fashion-mnist}
     * and {@code fashion-mnist:test} {@value #FASHION_MNIST_NORMALIZE} (what the fixture CNNs expect), else none.
     */
    public static DataOptions forData(String spec, String text) {
        return normalize(normalizeText(spec, text));
    }

    /** The normalisation text {@link #forData} applies: {@code text}, else Fashion-MNIST's for its data, else it as given. */
    public static String normalizeText(String spec, String text) {
        return (text == null || text.isBlank()) && spec != null && DataSources.isFashionMnist(spec)
                ? FASHION_MNIST_NORMALIZE : text;
    }
}
