package org.lrppruning.cli;

import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
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

    /** The criterion; the box from {@code --bounds}, else from {@code --normalize} of {@code data}. */
    Criterion criterion(DataArgs data) {
        return Criteria.of(name, new Criteria.Options(composite, ExplainCommand.box(bounds, data.normalize)));
    }
}
