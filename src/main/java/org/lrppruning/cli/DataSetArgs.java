package org.lrppruning.cli;

import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import picocli.CommandLine.Option;

/**
 * The data-set options of the commands that take a model ({@code @Mixin DataSetArgs data;}): {@code --data},
 * {@code --test} and {@code --normalize} (the accepted forms are in docs/data.md); {@link DataArgs} adds the
 * reference-sample options. Labels are checked against the model's class count; every problem is a one-line
 * IllegalArgumentException (exit code 2).
 *
 * <p>A normalisation touches only the sources it is given for: {@code --normalize} those of {@code --data} and
 * {@code --test}, and Fashion-MNIST's default only a source that is {@code fashion-mnist[:test]} itself. A source
 * with values prepared elsewhere (normalised {@code .npy} floats) is never normalised a second time because
 * another source is Fashion-MNIST.
 */
public class DataSetArgs {
    @Option(names = "--data", paramLabel = "DATA",
            description = "Data: NAME.npy, FILE.csv, IDX images, SAMPLES,LABELS, fashion-mnist[:test] (docs/data.md).")
    String data;

    @Option(names = "--test", paramLabel = "DATA", description = "Held-out data, same forms as --data.")
    String test;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "For --data and --test only: x = (x - MEAN) / STD per channel after bytes are scaled to [0, 1];"
                    + " one pair, or C means then C stds (default: " + DataOptions.FASHION_MNIST_NORMALIZE
                    + " for a source that is fashion-mnist[:test], none for other data; none: as the file holds them).")
    String normalize;

    private LabeledData loaded;

    /** Whether {@code --data} was given. */
    public boolean hasData() {
        return data != null;
    }

    /** Whether {@code --test} was given. */
    public boolean hasTest() {
        return test != null;
    }

    /**
     * The options of a {@code --data} or {@code --test} source {@code spec}: {@code --normalize}, else Fashion-MNIST's
     * (the fixture CNNs' normalisation) when {@code spec} itself is {@code fashion-mnist[:test]}, else none.
     */
    public DataOptions optionsFor(String spec) {
        checkNormalizeApplies();
        return DataOptions.forData(spec, normalize);
    }

    /**
     * The normalisation of the model's inputs, for the default z^B box: that of {@code --data}, else of {@code --test}
     * (DataArgs: else of {@code --refs}); null when none.
     */
    String normalizeText() {
        checkNormalizeApplies();
        return data != null ? DataOptions.normalizeText(data, normalize)
                : test != null ? DataOptions.normalizeText(test, normalize) : null;
    }

    /** The files --data and --test read, which no output of the command may replace. */
    java.util.List<org.lrppruning.io.OutputPaths.Input> inputs() {
        java.util.List<org.lrppruning.io.OutputPaths.Input> in = new java.util.ArrayList<>();
        add(in, "--data", data);
        add(in, "--test", test);
        return in;
    }

    static void add(java.util.List<org.lrppruning.io.OutputPaths.Input> in, String option, String spec) {
        if (spec != null) {
            DataSources.files(spec).forEach(p -> in.add(new org.lrppruning.io.OutputPaths.Input(option, p)));
        }
    }

    /** {@code --normalize} with neither {@code --data} nor {@code --test} would normalise nothing: refused. */
    void checkNormalizeApplies() {
        if (normalize != null && data == null && test == null) {
            throw new IllegalArgumentException("--normalize applies to --data and --test only, and neither is given"
                    + normalizeHint());
        }
    }

    /** Where a normalisation of the other sources goes (DataArgs: --refs-normalize). */
    String normalizeHint() {
        return "";
    }

    /**
     * The run's header line: each given source and the normalisation it gets, e.g. {@code Normalisation: --data
     * fashion-mnist:test 0.2860,0.3530 (fashion-mnist's default); --refs r.npy none}.
     */
    String normalisationLine() {
        return normalisationLine(test);
    }

    /** As {@link #normalisationLine()} with {@code testSpec} for --test (a command's default test set). */
    String normalisationLine(String testSpec) {
        StringBuilder b = new StringBuilder("Normalisation:");
        String sep = " ";
        if (data != null) {
            b.append(sep).append(describe("--data", data, normalize, "--normalize"));
            sep = "; ";
        }
        if (testSpec != null) {
            b.append(sep).append(describe("--test", testSpec, normalize, "--normalize"));
            sep = "; ";
        }
        String more = otherSources();
        if (more != null) {
            b.append(sep).append(more);
        }
        return b.toString();
    }

    /** DataArgs: the --refs part of the header line; null when there is none. */
    String otherSources() {
        return null;
    }

    /** "OPTION SPEC MEAN,STD (why)" or "OPTION SPEC none". */
    static String describe(String option, String spec, String given, String flag) {
        String text = DataOptions.normalizeText(spec, given);
        boolean none = DataOptions.normalize(text).normalize() == null;
        String why = given != null ? " (" + flag + ")" : none ? "" : " (fashion-mnist's default)";
        return option + " " + spec + " " + (none ? "none" : text.strip()) + why;
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
        LabeledData d = DataSources.load(test, optionsFor(test));
        DataSources.checkLabels(d, classes, test);
        return d;
    }

    /**
     * The per-sample shape of the samples a model must take (here {@code --data}), loaded once (labels are
     * checked later, against the model): a model that needs its input shape from the data reads it here.
     *
     * @throws IllegalArgumentException if the data is not given or bad
     */
    public int[] sampleShape() {
        if (data != null) {
            return loadData().sampleShape();
        }
        throw new IllegalArgumentException("give --data DATA (" + DataSources.FORMS + ")");
    }

    /** The option the sample shape comes from, for messages: {@code --data DATA}. */
    String shapeSource() {
        return "--data " + data;
    }

    LabeledData loadData() {
        if (loaded == null) {
            loaded = DataSources.load(data, optionsFor(data));
        }
        return loaded;
    }
}
