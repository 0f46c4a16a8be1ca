package org.lrppruning.criteria;

import org.lrppruning.data.LabeledData;
import org.lrppruning.data.Samples;
import org.lrppruning.model.Network;

/**
 * A pruning criterion: one importance score per prunable unit of a network (hidden Linear neurons, Conv2d
 * filters: {@link Network#prunablePositions()}), normalised per layer so that scores of different layers
 * can be ranked together. The formulas are those of spec section 4 (toy) and of the seed authors' CNN code;
 * {@link Definitions} says which precision and conventions a network gets.
 */
public interface Criterion {
    /** The name used on the command line and in logs. */
    String name();

    /**
     * Raw and normalised scores of {@code net}'s prunable units from the reference samples {@code refs}, under
     * {@code defs}, with the network in evaluation mode. Work may use {@code threads} threads; the result
     * does not depend on it.
     */
    default UnitScores score(Network net, LabeledData refs, Definitions defs, int threads) {
        return score(net, UnitSets.of(net), refs, defs, threads);
    }

    /**
     * As {@link #score(Network, LabeledData, Definitions, int)} for other unit sets than the network's own, such as
     * {@link UnitSets#filters} (every convolution on its own, for masking).
     */
    UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads);

    /**
     * As {@link #score(Network, UnitSets, LabeledData, Definitions, int)}, taking the passes it shares with other
     * criteria on the same samples from {@code shared} (the same bits as computing them itself).
     */
    default UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads,
                             SharedPasses shared) {
        return score(net, units, refs, defs, threads);
    }

    /** {@link #score(Network, LabeledData, Definitions, int)} under the network's own definitions ({@link Definitions#of}). */
    default UnitScores score(Network net, LabeledData refs, int threads) {
        return score(net, refs, Definitions.of(net), threads);
    }

    /** The normalised scores as float32, one array per prunable layer (bottom-up): the toy's ranking input. */
    default float[][] scores(Network net, Samples refs, int threads) {
        return score(net, LabeledData.of(refs), threads).normalisedFloats();
    }

    /** The criterion in words for {@code defs}, with its settings: {@code lrp (composite lrp-pruning)}. */
    default String describe(Definitions defs) {
        return name();
    }

    /** Whether the scores ignore the samples (then every run on a model prunes the same units). */
    default boolean dataFree() {
        return false;
    }
}
