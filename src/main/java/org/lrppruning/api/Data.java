package org.lrppruning.api;

import java.util.Arrays;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.lrp.Composites;

/**
 * Labelled samples, immutable: loaded from files in the forms {@code --data} takes (docs/data.md), or made from
 * arrays. It remembers its normalisation, which sets the input box of LRP's z^B rule ([0, 1] through it).
 */
public final class Data {
    private final LabeledData data;
    private final String normalize;
    private final String what;

    private Data(LabeledData data, String normalize, String what) {
        this.data = data;
        this.normalize = normalize;
        this.what = what;
    }

    /**
     * Loads {@code spec} as {@code --data} does: {@code NAME.npy} (the pair {@code NAME-X.npy}, {@code NAME-y.npy}),
     * {@code FILE.csv}, an IDX images file, {@code SAMPLES,LABELS}, {@code fashion-mnist} or {@code fashion-mnist:test}
     * (normalised as the fixture CNNs expect; other data as the file holds it, byte images scaled to [0, 1]).
     *
     * @param spec a data spec, as {@code --data} takes it
     * @return the samples
     * @throws IllegalArgumentException naming the file, for an unknown form or a missing or malformed file
     */
    public static Data load(String spec) {
        return load(spec, null);
    }

    /**
     * {@link #load(String)} with {@code --normalize}'s {@code MEAN,STD} (one pair, or C means then C stds) applied
     * after byte images are scaled to [0, 1].
     *
     * @param spec a data spec, as {@code --data} takes it
     * @param normalize {@code MEAN,STD}; {@code "none"} for none, null for the default
     * @return the samples
     */
    public static Data load(String spec, String normalize) {
        String text = DataOptions.normalizeText(spec, normalize);
        return new Data(DataSources.load(spec, DataOptions.normalize(text)), text, spec);
    }

    /**
     * Samples from arrays (not copied): {@code x} holds {@code labels.length} samples of {@code sampleShape}
     * ({@code {F}} or {@code {C, H, W}}), sample after sample; their values in [0, 1] for LRP's default z^B box.
     *
     * @param x the values
     * @param sampleShape the shape of one sample
     * @param labels the class of each sample, from 0
     * @return the samples
     */
    public static Data of(float[] x, int[] sampleShape, int[] labels) {
        return new Data(new LabeledData(x, sampleShape, labels), null, "data of " + labels.length + " samples");
    }

    /**
     * {@code n} samples per class drawn with {@code seed}, as {@code -n N -s SEED} draws them: the first n of each
     * class in NumPy's {@code RandomState(seed).permutation} order, class after class.
     *
     * @param n samples per class, at least 1
     * @param seed 0 to 2^32 − 1
     * @return the drawn samples
     */
    public Data perClass(int n, long seed) {
        return draw(n, References.Pick.RANDOM, seed);
    }

    /**
     * The first {@code n} samples of each class in file order, class after class ({@code --pick first}).
     *
     * @param n samples per class, at least 1
     * @return the drawn samples
     */
    public Data firstPerClass(int n) {
        return draw(n, References.Pick.FIRST, 0);
    }

    private Data draw(int n, References.Pick pick, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("samples per class must be >= 1, was " + n);
        }
        int classes = data.classCount();
        return new Data(References.draw(data, classes, n, pick, seed, what), normalize,
                n + " per class of " + what);
    }

    /** The number of samples. */
    public int size() {
        return data.size();
    }

    /** The shape of one sample. */
    public int[] sampleShape() {
        return data.sampleShape().clone();
    }

    /** The labels, one per sample. */
    public int[] labels() {
        return data.labels().clone();
    }

    /** The samples' values, sample after sample. */
    public float[] values() {
        return data.x().clone();
    }

    /** Where the data came from, for messages. */
    @Override
    public String toString() {
        return what;
    }

    LabeledData labeled() {
        return data;
    }

    /** The z^B box: [0, 1] through the normalisation (parsed in float64, as the CLI's), else [0, 1]. */
    Composites.Box box() {
        if (normalize == null || normalize.isBlank() || normalize.strip().equals("none")) {
            return Composites.Box.UNIT;
        }
        double[] v = Arrays.stream(normalize.split(",")).mapToDouble(s -> Double.parseDouble(s.strip())).toArray();
        int c = v.length / 2;
        return Composites.Box.normalized(Arrays.copyOfRange(v, 0, c), Arrays.copyOfRange(v, c, v.length));
    }
}
