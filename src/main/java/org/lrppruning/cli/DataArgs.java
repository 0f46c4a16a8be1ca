package org.lrppruning.cli;

import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.experiment.RunConfig;
import picocli.CommandLine.Option;

/**
 * The data options of the commands that take a model ({@code @Mixin DataArgs data;}):
 * {@code --data}, {@code --test}, {@code --refs} or {@code -n N -s SEED [--pick]}, and
 * {@code --normalize}; the accepted forms are in docs/data.md. Labels are checked against the
 * model's class count; every problem is a one-line IllegalArgumentException (exit code 2).
 */
public final class DataArgs {
    @Option(names = "--data", paramLabel = "DATA",
            description = "Data: NAME.npy, FILE.csv, IDX images, SAMPLES,LABELS, fashion-mnist[:test] (docs/data.md).")
    String data;

    @Option(names = "--test", paramLabel = "DATA", description = "Held-out data, same forms as --data.")
    String test;

    @Option(names = "--refs", paramLabel = "DATA", description = "Reference samples for the criterion, as they are.")
    String refs;

    @Option(names = {"-n", "--numsamples"}, paramLabel = "N",
            description = "Instead of --refs: N reference samples per class drawn from --data.")
    Integer perClass;

    @Option(names = {"-s", "--seed"}, paramLabel = "SEED",
            description = "Seed of the draw: the first N of each class in RandomState(SEED).permutation order.")
    Long seed;

    @Option(names = "--pick", defaultValue = "random", paramLabel = "random|first",
            description = "random (seeded, default) or first: the first N of each class in file order.")
    String pick;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "x = (x - MEAN) / STD per channel after bytes are scaled to [0, 1]; one pair, or C means then C stds.")
    String normalize;

    private LabeledData loaded;
    private LabeledData loadedRefs;

    /** Whether {@code --data} was given. */
    public boolean hasData() {
        return data != null;
    }

    /** Whether {@code --test} was given. */
    public boolean hasTest() {
        return test != null;
    }

    /** The {@code --normalize} options. */
    public DataOptions options() {
        return DataOptions.normalize(normalize);
    }

    /**
     * {@code --data}, loaded once, its labels checked against {@code classes}.
     *
     * @throws IllegalArgumentException if --data is missing or bad
     */
    public LabeledData data(int classes) {
        if (data == null) {
            throw new IllegalArgumentException("give --data DATA (" + DataSources.FORMS + ")");
        }
        DataSources.checkLabels(loadData(), classes, data);
        return loaded;
    }

    /** {@code --test}, its labels checked against {@code classes}; null when not given. */
    public LabeledData test(int classes) {
        if (test == null) {
            return null;
        }
        LabeledData d = DataSources.load(test, options());
        DataSources.checkLabels(d, classes, test);
        return d;
    }

    /**
     * The reference samples: {@code --refs} as they are, or {@code -n N} per class of
     * {@code classes} drawn from {@code --data} (References; {@code -s} needed for the random pick).
     *
     * @throws IllegalArgumentException if neither or both ways are given, or the data is bad
     */
    public LabeledData refs(int classes) {
        if (refs != null && perClass != null) {
            throw new IllegalArgumentException("give --refs DATA or -n N, not both");
        }
        if (refs != null) {
            DataSources.checkLabels(loadRefs(), classes, refs);
            return loadedRefs;
        }
        if (perClass == null) {
            throw new IllegalArgumentException("give --refs DATA, or --data DATA -n N -s SEED for reference samples");
        }
        RunConfig.checkPerClass(perClass);
        References.Pick p = References.Pick.of(pick);
        if (p == References.Pick.RANDOM && seed == null) {
            throw new IllegalArgumentException("-n " + perClass + " draws at random: give -s SEED (or --pick first)");
        }
        if (data == null) {
            throw new IllegalArgumentException("-n " + perClass + " draws from --data: give --data DATA");
        }
        return References.draw(data(classes), classes, perClass, p, seed == null ? 0 : seed, data);
    }

    /**
     * The per-sample shape of the reference samples' source ({@code --refs}, else {@code --data}), loaded once
     * (labels are checked later, against the model): a model that needs its input shape from the data reads it here.
     *
     * @throws IllegalArgumentException if neither is given or the data is bad
     */
    public int[] sampleShape() {
        if (refs != null) {
            return loadRefs().sampleShape();
        }
        if (data != null) {
            return loadData().sampleShape();
        }
        throw new IllegalArgumentException("give --refs DATA, or --data DATA -n N -s SEED for reference samples");
    }

    private LabeledData loadData() {
        if (loaded == null) {
            loaded = DataSources.load(data, options());
        }
        return loaded;
    }

    private LabeledData loadRefs() {
        if (loadedRefs == null) {
            loadedRefs = DataSources.load(refs, options());
        }
        return loadedRefs;
    }
}
