package org.lrppruning.analysis;

/**
 * One parsed log line {@code dataset:D-criterion:C-n:N-s:S-scenario:SC-stage:ST VALUE}: VALUE is an
 * accuracy in % (train/test scenarios), a pruning order (scenario {@code rankselection}: the hidden
 * neuron indices sorted by ascending score, a permutation of 0..m−1) or criterion scores (scenario
 * {@code rankscores}, one per neuron index, an addition of this project). npc = n / K with K = 4 for
 * mult and 2 otherwise, as the reference normalises. Arrays are shared, not copied: do not modify them.
 *
 * @param n        total reference sample count (npc · K) as logged
 * @param accuracy the accuracy for {@link Kind#ACCURACY}, NaN otherwise
 * @param order    the permutation for {@link Kind#ORDER}, null otherwise
 * @param scores   the scores for {@link Kind#SCORES}, null otherwise
 * @param line     1-based line number in the log
 */
public record LogRecord(String dataset, String criterion, int n, long seed, String scenario, String stage,
                        double accuracy, int[] order, double[] scores, long line) {

    /** Scenario of the pruning-order lines. */
    public static final String RANK_SELECTION = "rankselection";
    /** Scenario of the score lines (addition: not written by the reference). */
    public static final String RANK_SCORES = "rankscores";

    /** What the value of a line is. */
    public enum Kind { ACCURACY, ORDER, SCORES }

    /** The kind of value, decided by the scenario. */
    public Kind kind() {
        return kindOf(scenario);
    }

    static Kind kindOf(String scenario) {
        switch (scenario) {
            case RANK_SELECTION:
                return Kind.ORDER;
            case RANK_SCORES:
                return Kind.SCORES;
            default:
                return Kind.ACCURACY;
        }
    }

    /** Classes of a data set as the reference counts them: 4 for mult, 2 for any other name. */
    public static int classes(String dataset) {
        return "mult".equals(dataset) ? 4 : 2;
    }

    /** Reference samples per class, n / K, as a double (the reference's float division). */
    public double npc() {
        return (double) n / classes(dataset);
    }
}
