package org.lrppruning.curves;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.criteria.UnitSets;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Network;

/**
 * What {@link Curves#run} computes: pruning-rate curves of one model (Yeom et al. 2021, Fig. 6) for every
 * criterion × reference samples per class × seed, one shot, and (with {@link FineTune}) iterative with fine-tuning.
 * The reference samples are n per class of {@code data} drawn with the seed ({@code References}, random pick);
 * accuracy is measured on {@code test}; fine-tuning trains on {@code data}. Every prunable layer keeps at least one
 * unit, so a rate may remove at most units − layers.
 *
 * @param model     the unpruned model, with its prunable units chosen ({@link Network#withUnits})
 * @param data      the training set: reference samples and fine-tuning batches come from it
 * @param dataName  how {@code data} was given (for the setup file and messages)
 * @param test      the held-out set every point is evaluated on
 * @param testName  how {@code test} was given
 * @param criteria  registry names ({@link Criteria}); {@code composite} applies to {@code lrp}
 * @param composite the LRP composite of {@code lrp}, or null for the definitions' default (lrp-pruning on CNNs)
 * @param box       the input box of z^B rules
 * @param rates     cumulative pruning rates, strictly ascending, in [0, 1), as exact decimal text
 * @param perClass  reference samples per class of the one-shot curves
 * @param seeds     seeds of the one-shot curves
 * @param fineTune  the fine-tuned curves, or null for none
 * @param precision the arithmetic of the CNN criteria ({@code Definitions.of(Network, Precision)}; float64 by default)
 * @param masked    the seed authors' ResNet setting: every convolution's filters (shortcuts included) ranked on
 *                  their own ({@link UnitSets#filters}) and masked ({@link org.lrppruning.prune.Masker}: weights
 *                  zeroed, BatchNorm kept) instead of the model's unit sets removed
 */
public record CurveSpec(Network model, LabeledData data, String dataName, LabeledData test, String testName,
                        List<String> criteria, String composite, Composites.Box box, List<String> rates,
                        List<Integer> perClass, List<Long> seeds, FineTune fineTune, Explainer.Precision precision,
                        boolean masked) {

    /** A spec whose CNN criteria compute in float64 (the default), removing the model's unit sets physically. */
    public CurveSpec(Network model, LabeledData data, String dataName, LabeledData test, String testName,
                     List<String> criteria, String composite, Composites.Box box, List<String> rates,
                     List<Integer> perClass, List<Long> seeds, FineTune fineTune) {
        this(model, data, dataName, test, testName, criteria, composite, box, rates, perClass, seeds, fineTune,
                Explainer.Precision.FLOAT64, false);
    }

    /**
     * The fine-tuned curves: each step removes its share, then trains {@code steps} mini-batches of {@code batch}
     * samples of the training set with Adam at the constant rate {@code learningRate} (batches drawn from the
     * curve's seed and step), re-scores on the same reference samples, and goes on.
     */
    public record FineTune(int steps, int batch, float learningRate, List<Integer> perClass, List<Long> seeds) {
        /** The default budget per step: 30 mini-batches of 64 (1,920 samples) at lr 1e-4 (docs/curves.md). */
        public static final int DEFAULT_STEPS = 30;
        /** The default mini-batch size of fine-tuning. */
        public static final int DEFAULT_BATCH = 64;
        /** The default constant learning rate of fine-tuning. */
        public static final float DEFAULT_LR = 1e-4f;

        public FineTune {
            if (steps < 1) {
                throw new IllegalArgumentException("--finetune " + steps + ": the budget must be at least 1 mini-batch");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("fine-tuning batch size must be >= 1, was " + batch);
            }
            if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("fine-tuning learning rate must be > 0, was " + learningRate);
            }
            perClass = distinct(perClass);
            seeds = distinct(seeds);
            checkGrid(perClass, seeds);
        }

        /** {@code steps} mini-batches per step at the default batch size and rate, over these samples and seeds. */
        public static FineTune of(int steps, List<Integer> perClass, List<Long> seeds) {
            return new FineTune(steps, DEFAULT_BATCH, DEFAULT_LR, perClass, seeds);
        }
    }

    public CurveSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(precision, "precision");
        criteria = distinct(criteria);
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("give at least one criterion");
        }
        for (String c : criteria) {
            criterion(c, composite, box); // an unknown name or composite fails here
        }
        rates = canonicalRates(rates);
        perClass = distinct(perClass);
        seeds = distinct(seeds);
        checkGrid(perClass, seeds);
        if (model.prunableCount() == 0) {
            throw new IllegalArgumentException("the model has no prunable units (hidden Linear or Conv2d layers)");
        }
        checkSamples(data, dataName, model.classes(), perClass);
        if (fineTune != null) {
            checkSamples(data, dataName, model.classes(), fineTune.perClass());
        }
        if (test.size() == 0) {
            throw new IllegalArgumentException(testName + ": no test samples");
        }
        UnitSets sets = masked ? UnitSets.filters(model) : UnitSets.of(model);
        int units = java.util.Arrays.stream(sets.unitCounts(model)).sum();
        int most = units - sets.size(); // every layer keeps a unit
        for (String r : rates) {
            int k = Curves.removed(r, units);
            if (k > most) {
                throw new IllegalArgumentException("rate " + r + " would remove " + k + " of " + units + " units, but each"
                        + " of the " + sets.size() + " prunable layers keeps at least one (at most " + most
                        + "); lower --rates");
            }
        }
    }

    /**
     * The spec with one-shot curves only, the definitions' default composite and the z^B box [0, 1]: for normalised
     * data (Fashion-MNIST's default) give the normalised box with {@link #withComposite} and
     * {@code Composites.Box.normalized(mean, std)}, as the {@code curves} command does.
     */
    public static CurveSpec of(Network model, LabeledData data, String dataName, LabeledData test, String testName,
                               List<String> criteria, List<String> rates, List<Integer> perClass, List<Long> seeds) {
        return new CurveSpec(model, data, dataName, test, testName, criteria, null, Composites.Box.UNIT, rates,
                perClass, seeds, null);
    }

    /** The same spec with these fine-tuned curves (null: none). */
    public CurveSpec withFineTune(FineTune f) {
        return new CurveSpec(model, data, dataName, test, testName, criteria, composite, box, rates, perClass, seeds, f,
                precision, masked);
    }

    /** The same spec with the CNN criteria in another precision. */
    public CurveSpec withPrecision(Explainer.Precision p) {
        return new CurveSpec(model, data, dataName, test, testName, criteria, composite, box, rates, perClass, seeds,
                fineTune, p, masked);
    }

    /** The same spec with another LRP composite for {@code lrp} and z^B box. */
    public CurveSpec withComposite(String lrpComposite, Composites.Box zBox) {
        return new CurveSpec(model, data, dataName, test, testName, criteria, lrpComposite, zBox, rates, perClass,
                seeds, fineTune, precision, masked);
    }

    /** The same spec masking filters ({@code masked} true) or removing the model's unit sets. */
    public CurveSpec withMasked(boolean mask) {
        return new CurveSpec(model, data, dataName, test, testName, criteria, composite, box, rates, perClass, seeds,
                fineTune, precision, mask);
    }

    /** The unit sets ranked and cut in {@code net}: every conv on its own when masked, else the model's own. */
    UnitSets sets(Network net) {
        return masked ? UnitSets.filters(net) : UnitSets.of(net);
    }

    /** The criterion of a name of {@link #criteria}. */
    Criterion criterion(String name) {
        return criterion(name, composite, box);
    }

    /** The label a criterion's points carry: its name, with {@code :COMPOSITE} when lrp's composite was chosen. */
    public String label(String name) {
        return composite != null && name.equals("lrp") ? name + ":" + composite : name;
    }

    private static Criterion criterion(String name, String composite, Composites.Box box) {
        return Criteria.of(name, new Criteria.Options(name.equals("lrp") ? composite : null, box));
    }

    /**
     * The rates as canonical decimal text (no trailing zeros: {@code 0.10} is {@code 0.1}).
     *
     * @throws IllegalArgumentException if one is not a number, outside [0, 1), or they are not strictly ascending
     */
    public static List<String> canonicalRates(List<String> rates) {
        if (rates == null || rates.isEmpty()) {
            throw new IllegalArgumentException("give at least one rate");
        }
        List<String> out = new ArrayList<>();
        BigDecimal last = null;
        for (String text : rates) {
            BigDecimal r;
            try {
                r = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--rates: '" + text + "' is not a number");
            }
            if (r.signum() < 0 || r.compareTo(BigDecimal.ONE) >= 0) {
                throw new IllegalArgumentException("--rates: " + text.strip() + " is outside [0, 1)");
            }
            if (last != null && r.compareTo(last) <= 0) {
                throw new IllegalArgumentException("--rates must be strictly ascending: " + text.strip() + " after "
                        + last.toPlainString());
            }
            last = r;
            out.add(r.signum() == 0 ? "0" : r.stripTrailingZeros().toPlainString());
        }
        return List.copyOf(out);
    }

    /** Refuses labels beyond the model's classes and an n that a class of the data cannot give (before any work). */
    private static void checkSamples(LabeledData data, String name, int classes, List<Integer> perClass) {
        int[] counts;
        try {
            counts = data.classCounts(classes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
        int most = perClass.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int c = 0; c < classes; c++) {
            if (counts[c] < most) {
                throw new IllegalArgumentException(name + ": class " + c + " has " + counts[c] + " samples, fewer than the "
                        + most + " per class asked for (-n)");
            }
        }
    }

    private static void checkGrid(List<Integer> perClass, List<Long> seeds) {
        if (perClass.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a curve grid needs at least one sample count (-n) and one seed");
        }
        for (int n : perClass) {
            if (n < 1) {
                throw new IllegalArgumentException("-n " + n + ": reference samples per class must be >= 1");
            }
        }
        for (long s : seeds) {
            if (s < 0 || s > 0xffff_ffffL) {
                throw new IllegalArgumentException("seed " + s + " is outside [0, 2^32)");
            }
        }
    }

    private static <T> List<T> distinct(List<T> values) {
        return List.copyOf(new LinkedHashSet<>(Objects.requireNonNull(values)));
    }
}
