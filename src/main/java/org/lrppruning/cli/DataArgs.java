package org.lrppruning.cli;

import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.experiment.RunConfig;
import picocli.CommandLine.Option;

/**
 * The data options of the commands that take a model and reference samples ({@code @Mixin DataArgs data;}):
 * {@link DataSetArgs}' {@code --data}, {@code --test} and {@code --normalize}, and {@code --refs} or
 * {@code -n N -s SEED [--pick]}; the accepted forms are in docs/data.md. Labels are checked against the
 * model's class count; every problem is a one-line IllegalArgumentException (exit code 2).
 */
public final class DataArgs extends DataSetArgs {
    @Option(names = "--refs", paramLabel = "DATA", description = "Reference samples for the criterion, as they are"
            + " (--normalize does not touch them; see --refs-normalize).")
    String refs;

    @Option(names = "--refs-normalize", paramLabel = "MEAN,STD",
            description = "For --refs only: x = (x - MEAN) / STD per channel, as --normalize (default: "
                    + DataOptions.FASHION_MNIST_NORMALIZE + " for --refs fashion-mnist[:test], none for other data).")
    String refsNormalize;

    @Option(names = {"-n", "--numsamples"}, paramLabel = "N",
            description = "Instead of --refs: N reference samples per class drawn from --data.")
    Integer perClass;

    @Option(names = {"-s", "--seed"}, paramLabel = "SEED",
            description = "Seed of the draw: the first N of each class in RandomState(SEED).permutation order.")
    Long seed;

    @Option(names = "--pick", paramLabel = "random|first",
            description = "random (seeded, default) or first: the first N of each class in file order.")
    String pick;

    private LabeledData loadedRefs;

    @Override
    String normalizeText() {
        checkRefsNormalizeApplies();
        if (data == null && test == null && refs != null) {
            return DataOptions.normalizeText(refs, refsNormalize);
        }
        return super.normalizeText();
    }

    @Override
    java.util.List<org.lrppruning.io.OutputPaths.Input> inputs() {
        java.util.List<org.lrppruning.io.OutputPaths.Input> in = super.inputs();
        add(in, "--refs", refs);
        return in;
    }

    @Override
    String normalizeHint() {
        return refs != null ? " (--refs takes --refs-normalize)" : "";
    }

    @Override
    String otherSources() {
        return refs != null ? describe("--refs", refs, refsNormalize, "--refs-normalize") : null;
    }

    /** Refuses -s and --pick where they would be silently unused, as other meaningless flags are (exit code 2). */
    void checkDrawFlags() {
        if (refs != null || perClass == null) {
            String why = refs != null ? "with --refs (they shape the draw of -n N from --data)"
                    : "without -n N (they shape the draw of N samples per class)";
            if (seed != null) {
                throw new IllegalArgumentException("-s does not apply " + why);
            }
            if (pick != null) {
                throw new IllegalArgumentException("--pick does not apply " + why);
            }
        }
        if (seed != null && pick != null && References.Pick.of(pick) == References.Pick.FIRST) {
            throw new IllegalArgumentException("-s does not apply with --pick first (the first N of each class in file"
                    + " order; no seed)");
        }
    }

    private void checkRefsNormalizeApplies() {
        if (refsNormalize != null && refs == null) {
            throw new IllegalArgumentException("--refs-normalize applies to --refs only, and it is not given");
        }
    }

    /**
     * The reference samples: {@code --refs} as they are, or {@code -n N} per class of
     * {@code classes} drawn from {@code --data} (References; {@code -s} needed for the random pick).
     *
     * @throws IllegalArgumentException if neither or both ways are given, or the data is bad
     */
    public LabeledData refs(int classes) {
        checkRefsNormalizeApplies();
        checkDrawFlags();
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
        References.Pick p = References.Pick.of(pick == null ? "random" : pick);
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
    @Override
    public int[] sampleShape() {
        if (refs != null) {
            return loadRefs().sampleShape();
        }
        if (data != null) {
            return loadData().sampleShape();
        }
        throw new IllegalArgumentException("give --refs DATA, or --data DATA -n N -s SEED for reference samples");
    }

    @Override
    String shapeSource() {
        return refs != null ? "--refs " + refs : "--data " + data;
    }

    private LabeledData loadRefs() {
        if (loadedRefs == null) {
            checkNormalizeApplies();
            checkRefsNormalizeApplies();
            // the refs' own normalisation only: --normalize and --data's default are for --data and --test
            loadedRefs = DataSources.load(refs, DataOptions.forData(refs, refsNormalize));
        }
        return loadedRefs;
    }
}
