package org.lrppruning.lrp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.lrppruning.model.Network;

/**
 * A composite (Zennit's term): which rule each Affine layer (Linear, Conv2d) of a network gets, chosen by name.
 * {@code paper} is z⁺ everywhere, as the reference computes it.
 */
@FunctionalInterface
public interface RuleMap {
    /** The rule for the Affine layer at position {@code layer} of {@code net}. */
    LrpRule ruleFor(Network net, int layer);

    /** The same rule for every layer. */
    static RuleMap uniform(LrpRule rule) {
        return (net, layer) -> rule;
    }

    /** The registered composites by name. */
    static Map<String, Supplier<RuleMap>> registry() {
        Map<String, Supplier<RuleMap>> m = new LinkedHashMap<>();
        m.put("paper", () -> uniform(Rules.zPlus()));
        m.put("epsilon", () -> uniform(Rules.epsilon(1e-6f)));
        m.put("alpha1beta0", () -> uniform(Rules.alphaBeta(1f, 0f)));
        m.put("alpha2beta1", () -> uniform(Rules.alphaBeta(2f, 1f)));
        m.put("gamma", () -> uniform(Rules.gamma(0.25f)));
        return m;
    }

    /** The composite of that name, or an IllegalArgumentException listing the valid names. */
    static RuleMap of(String name) {
        Supplier<RuleMap> s = registry().get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown LRP composite '" + name + "' (valid: "
                    + String.join(", ", registry().keySet()) + ")");
        }
        return s.get();
    }

    /** Names in registry order. */
    static String names() {
        return String.join(", ", registry().keySet());
    }

}
