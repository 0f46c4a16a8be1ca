package org.lrppruning.api;

import java.util.List;
import org.lrppruning.criteria.UnitScores;

/**
 * A criterion's scores of a model's prunable units, per layer bottom-up: raw, and normalised per layer so that
 * layers rank together; the global ranking {@link Model#prune} follows.
 */
public final class Scores {
    private final String criterion;
    private final UnitScores units;

    Scores(String criterion, UnitScores units) {
        this.criterion = criterion;
        this.units = units;
    }

    /** The criterion in words, with its settings, e.g. {@code lrp (composite lrp-pruning)}. */
    public String criterion() {
        return criterion;
    }

    /** The prunable layers' names, bottom-up. */
    public List<String> layers() {
        return List.of(units.layers());
    }

    /** The normalised scores of {@code layer}'s units (as {@code scores} writes them as LAYER). */
    public double[] normalised(String layer) {
        return units.normalised()[index(layer)].clone();
    }

    /** The raw scores of {@code layer}'s units (LAYER.raw). */
    public double[] raw(String layer) {
        return units.raw()[index(layer)].clone();
    }

    /**
     * All units, lowest score first, each as {layer index, unit}: the order pruning removes them in (ties to the
     * lower layer, then the lower unit).
     */
    public int[][] ranking() {
        return units.rankedUnits(units.ranking().length);
    }

    UnitScores units() {
        return units;
    }

    private int index(String layer) {
        int i = layers().indexOf(layer);
        if (i < 0) {
            throw new IllegalArgumentException("no prunable layer '" + layer + "'; the layers are " + layers());
        }
        return i;
    }

    @Override
    public String toString() {
        return "Scores[" + criterion + ", layers " + layers() + "]";
    }
}
