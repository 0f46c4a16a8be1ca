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
 */
public class DataSetArgs {
    @Option(names = "--data", paramLabel = "DATA",
            description = "Data: NAME.npy, FILE.csv, IDX images, SAMPLES,LABELS, fashion-mnist[:test] (docs/data.md).")
    String data;

    @Option(names = "--test", paramLabel = "DATA", description = "Held-out data, same forms as --data.")
    String test;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "x = (x - MEAN) / STD per channel after bytes are scaled to [0, 1]; one pair, or C means then C stds"
                    + " (default for fashion-mnist: " + DataOptions.FASHION_MNIST_NORMALIZE + "; none: as the file holds them).")
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
     * The {@code --normalize} options; without them Fashion-MNIST's (the fixture CNNs' normalisation) when
     * {@code --data} (else {@code --test}, else {@code --refs}) is {@code fashion-mnist[:test]}, as {@code train}.
     */
    public DataOptions options() {
        return DataOptions.forData(firstSpec(), normalize);
    }

    /** The normalisation's text: {@code --normalize}, else Fashion-MNIST's for fashion-mnist data, else null. */
    String normalizeText() {
        return DataOptions.normalizeText(firstSpec(), normalize);
    }

    /** The data spec the default normalisation follows: --data, else --test (DataArgs: else --refs). */
    String firstSpec() {
        return data != null ? data : test;
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
            loaded = DataSources.load(data, options());
        }
        return loaded;
    }
}
