package org.lrppruning.curves;

import java.util.Objects;

/**
 * One point of a pruning-rate curve (Yeom et al. 2021, Fig. 6): a model with {@code removed} of its
 * {@code units} prunable units taken away by one criterion, and its accuracy on {@code tested} test samples.
 *
 * @param criterion       the criterion's label as logged (a registry name, e.g. {@code lrp}, or with its
 *                        composite, e.g. {@code lrp:epsilon-plus})
 * @param samplesPerClass reference samples per class the scores were computed on
 * @param seed            the seed that drew the reference samples (and, fine-tuned, the training order)
 * @param mode            one shot, or iterative with fine-tuning after every step
 * @param step            0 for the unpruned model, then 1, 2, ... along the rates
 * @param rate            the cumulative pruning rate as given on the command line (decimal text, exact)
 * @param removed         units removed so far, {@code floor(rate * units)}
 * @param units           prunable units of the unpruned model
 * @param parameters      parameters of the pruned model
 * @param macs            multiply-accumulates per sample of the pruned model
 * @param correct         test samples classified correctly
 * @param tested          test samples evaluated
 */
public record CurvePoint(String criterion, int samplesPerClass, long seed, Mode mode, int step, String rate,
        int removed, int units, long parameters, long macs, int correct, int tested) {

    /** How the pruned models of a curve are made. */
    public enum Mode {
        /** Scored once on the unpruned model; each rate removes the lowest-ranked units of that one ranking. */
        ONESHOT,
        /** Each step removes its share, fine-tunes for a fixed budget and re-scores before the next step. */
        FINETUNE
    }

    public CurvePoint {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(rate, "rate");
        if (tested <= 0 || correct < 0 || correct > tested || removed < 0 || removed > units || step < 0) {
            throw new IllegalArgumentException("inconsistent curve point: " + correct + "/" + tested + " correct, "
                    + removed + "/" + units + " removed, step " + step);
        }
    }

    /** Test accuracy as a fraction, correct / tested. */
    public double accuracy() {
        return (double) correct / tested;
    }

    /** The rate as a number (for plotting; {@link #rate()} is the exact text). */
    public double rateValue() {
        return Double.parseDouble(rate);
    }
}
