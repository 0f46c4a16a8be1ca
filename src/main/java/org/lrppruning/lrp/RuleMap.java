package org.lrppruning.lrp;

import org.lrppruning.model.Network;

/**
 * A composite (Zennit's term): which rule each Affine layer (Linear, Conv2d) of a network gets, chosen by name.
 * {@code paper} is z⁺ everywhere, as the reference computes it. The names are those of {@link Composites}.
 */
@FunctionalInterface
public interface RuleMap {
    /** The rule for the Affine layer at position {@code layer} of {@code net}. */
    LrpRule ruleFor(Network net, int layer);

    /** The same rule for every layer. */
    static RuleMap uniform(LrpRule rule) {
        return (net, layer) -> rule;
    }

    /** The rules of the composite of that name ({@link Composites#of(String)}), or an IllegalArgumentException listing the valid names. */
    static RuleMap of(String name) {
        return Composites.of(name).rules();
    }

    /** Names in registry order. */
    static String names() {
        return Composites.names();
    }

}
