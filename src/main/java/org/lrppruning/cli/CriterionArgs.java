package org.lrppruning.cli;

import java.util.Arrays;
import java.util.List;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.lrp.Composites;
import picocli.CommandLine.Option;

/**
 * The criterion options of {@code scores} and {@code prune} ({@code @Mixin CriterionArgs criterion;}):
 * {@code -c}, {@code --composite} and {@code --bounds} (the input box of z^B rules, as {@code explain} takes it).
 */
final class CriterionArgs {
    @Option(names = {"-c", "--criterion"}, required = true, paramLabel = "CRITERION",
            completionCandidates = Choices.CriterionNames.class,
            description = "One of ${COMPLETION-CANDIDATES}: the paper's weight, grad, taylor, lrp (CNN filters: the"
                    + " seed authors' definitions), lrp-* = lrp with another composite.")
    String name;

    @Option(names = "--composite", paramLabel = "NAME", completionCandidates = Choices.CompositeNames.class,
            description = "The LRP composite of -c lrp (default: lrp-pruning on a CNN, paper on an MLP): "
                    + "${COMPLETION-CANDIDATES}.")
    String composite;

    @Option(names = "--bounds", paramLabel = "LOW,HIGH",
            description = "The input box of z-box rules (lrp-pruning's first conv): one pair, or C lows then C highs"
                    + " (default: [0, 1], normalised by --normalize).")
    String bounds;

    /** The criterion; the box from {@code --bounds}, else [0, 1] through the data's normalisation. */
    Criterion criterion(DataSetArgs data) {
        return Criteria.of(name, new Criteria.Options(composite, box(data)));
    }

    /**
     * The z^B box: {@code --bounds}, else [0, 1] through the normalisation the data gets ({@code --normalize}, or
     * Fashion-MNIST's default when the data is fashion-mnist).
     */
    Composites.Box box(DataSetArgs data) {
        return ExplainCommand.box(bounds, data.normalizeText());
    }

    /**
     * Refuses {@code --bounds} when none of {@code criteria} computes with a z^B rule under {@code defs} (weight, grad,
     * taylor, or an LRP composite without one): the box would be silently unused.
     */
    void checkBounds(List<Criterion> criteria, org.lrppruning.criteria.Definitions defs) {
        if (bounds == null) {
            return;
        }
        for (Criterion c : criteria) {
            if (c instanceof org.lrppruning.criteria.LrpCriterion lrp && Composites.usesBox(lrp.composite(defs))) {
                return;
            }
        }
        Criterion c = criteria.get(0);
        throw new IllegalArgumentException("--bounds does not apply with -c " + name + " ("
                + (c instanceof org.lrppruning.criteria.LrpCriterion lrp ? "composite " + lrp.composite(defs)
                        + " has no z-box rule" : "it uses no LRP rule") + ")");
    }

    /** {@code -c} as a comma-separated list of names ({@code curves} takes several). */
    List<String> names() {
        return Arrays.stream(name.split(",", -1)).map(String::strip).toList();
    }
}
