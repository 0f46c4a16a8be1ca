package org.lrppruning.lrp;

import java.util.List;
import org.lrppruning.model.Network;

/**
 * A composite (Zennit's term): the rule of every Affine layer ({@link RuleMap}) and the canonizers that
 * rewrite the network before it is explained. Built by name from {@link Composites}.
 */
public record Composite(String name, RuleMap rules, List<Canonizer> canonizers) {
    public Composite {
        canonizers = List.copyOf(canonizers);
    }

    /** The network to explain: {@code net} after every canonizer, in order ({@code net} itself is unchanged). */
    public Network prepare(Network net) {
        Network n = net;
        for (Canonizer c : canonizers) {
            n = c.apply(n);
        }
        return n;
    }
}
