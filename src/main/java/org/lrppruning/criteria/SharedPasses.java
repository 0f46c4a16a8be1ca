package org.lrppruning.criteria;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;

/**
 * What criteria scored on one set of reference samples have in common, computed once: the toy definitions'
 * forward trace ({@link Trace#accurate}) that grad, taylor and lrp all start from, and the gradient pass
 * (z and ∂L/∂z) that grad and taylor reduce in two ways. Each criterion reads the very arrays it would
 * compute itself (nothing writes into them), so sharing changes no bit. One per set of samples; not thread-safe.
 */
public final class SharedPasses {
    private final LabeledData refs;
    private final Map<Network, Trace> traces = new IdentityHashMap<>();
    private final List<Object[]> passes = new ArrayList<>();

    /** Passes over {@code refs}, none computed yet. */
    public SharedPasses(LabeledData refs) {
        this.refs = refs;
    }

    /** The samples every pass here runs over. */
    LabeledData refs() {
        return refs;
    }

    private void check(LabeledData given) {
        if (given != refs) {
            throw new IllegalArgumentException("shared passes of other reference samples");
        }
    }

    /** {@code Trace.accurate(net, refs)}, computed once per network (by identity). */
    Trace accurateTrace(Network net, LabeledData given) {
        check(given);
        return traces.computeIfAbsent(net, n -> Trace.accurate(n, refs.x(), refs.size()));
    }

    /** {@code defs.pass(net, units, refs)}, computed once per definitions, network and unit sets (by identity). */
    Definitions.Pass pass(Definitions defs, Network net, UnitSets units, LabeledData given, int threads) {
        check(given);
        for (Object[] p : passes) {
            if (p[0] == defs && p[1] == net && p[2] == units) {
                return (Definitions.Pass) p[3];
            }
        }
        Definitions.Pass pass = defs.pass(net, units, refs, threads, this);
        passes.add(new Object[] {defs, net, units, pass});
        return pass;
    }
}
