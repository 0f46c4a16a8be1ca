package org.lrppruning.workbench;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the reference scores depend on: the criterion, the LRP composite (null: the network's default; part of
 * the scores only for {@code lrp}, the heatmaps always use it), reference samples per class and the seed of their draw.
 */
public record Setting(String criterion, String composite, int perClass, long seed) {
    public Setting {
        Objects.requireNonNull(criterion, "criterion");
    }

    /** The key of the scores: the composite counts only for the criterion that takes one. */
    Setting scoreKey() {
        return takesComposite() ? this : new Setting(criterion, null, perClass, seed);
    }

    /** Whether the criterion takes {@code --composite} ({@code lrp}; the named variants fix their own). */
    boolean takesComposite() {
        return criterion.equals("lrp") || criterion.equals("lrp-logitstart");
    }

    /** How many units go: a rate (floor(rate × units), exactly, as {@code prune --rate}) or a count. */
    public record Amount(BigDecimal rate, Integer count, boolean perLayer) {
        public Amount {
            if ((rate == null) == (count == null)) {
                throw new IllegalArgumentException("give a rate or a count, not both or neither");
            }
            if (perLayer && rate == null) {
                throw new IllegalArgumentException("scope per-layer takes a rate (the same rate in every layer)");
            }
        }

        /** The {@code prune} flags of this amount. */
        String cli() {
            return (rate != null ? "--rate " + rate.toPlainString() : "--count " + count)
                    + (perLayer ? " --scope per-layer" : "");
        }
    }
}
