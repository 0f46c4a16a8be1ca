package org.lrppruning.criteria;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Network;

/** The one registry of criteria by name: the paper's four, plus LRP variants with other composites. */
public final class Criteria {
    /** The paper's criteria in the order its figures use. */
    public static final List<String> PAPER = List.of("weight", "taylor", "grad", "lrp");

    /**
     * Settings of a criterion: the LRP composite (null: the definitions' default; only {@code lrp} takes one)
     * and the box [low, high] of the inputs that z^B rules use.
     */
    public record Options(String composite, Composites.Box box) {
        /** No composite chosen, inputs in [0, 1]. */
        public static final Options DEFAULT = new Options(null, Composites.Box.UNIT);
    }

    private static final Map<String, Function<Options, Criterion>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("weight", o -> noComposite("weight", o, new WeightCriterion()));
        REGISTRY.put("taylor", o -> noComposite("taylor", o, new TaylorCriterion()));
        REGISTRY.put("grad", o -> noComposite("grad", o, new GradCriterion()));
        REGISTRY.put("lrp", o -> new LrpCriterion("lrp", o.composite(), o.box()));
        variant("lrp-epsilon", "epsilon");
        variant("lrp-alpha2beta1", "alpha2beta1");
        variant("lrp-gamma", "gamma");
        // the seed authors' two other CNN definitions (shared/cnn's weight_bnfused and lrp_logitstart)
        REGISTRY.put("weight-bnfused", o -> noComposite("weight-bnfused", o, new WeightCriterion(true)));
        REGISTRY.put("lrp-logitstart", o -> new LrpCriterion("lrp-logitstart", o.composite(), o.box(),
                Explainer.Start.LOGIT));
    }

    private Criteria() {}

    private static void variant(String name, String composite) {
        REGISTRY.put(name, o -> noComposite(name, o, new LrpCriterion(name, composite, o.box())));
    }

    private static Criterion noComposite(String name, Options o, Criterion c) {
        if (o.composite() != null) {
            throw new IllegalArgumentException("criterion " + name + " takes no composite (give -c lrp --composite "
                    + o.composite() + ")");
        }
        return c;
    }

    /** The criterion of that name with the default options, or an IllegalArgumentException listing the valid names. */
    public static Criterion of(String name) {
        return of(name, Options.DEFAULT);
    }

    /** The criterion of that name with the given options, or an IllegalArgumentException naming the problem. */
    public static Criterion of(String name, Options options) {
        Function<Options, Criterion> f = REGISTRY.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown criterion '" + name + "' (valid: " + names() + ")");
        }
        return f.apply(options);
    }

    /**
     * Each criterion's {@link Criterion#scores normalised float32 scores} of {@code net} on {@code refs}, in the
     * order given, computing the passes they have in common once ({@link SharedPasses}): the same bits as scoring
     * each alone.
     */
    public static List<float[][]> scoresTogether(List<Criterion> criteria, Network net, LabeledData data, int threads) {
        SharedPasses shared = new SharedPasses(data);
        Definitions defs = Definitions.of(net);
        UnitSets units = UnitSets.of(net);
        List<float[][]> out = new ArrayList<>();
        for (Criterion c : criteria) {
            out.add(c.score(net, units, data, defs, threads, shared).normalisedFloats());
        }
        return out;
    }

    /** All registered names, in registration order. */
    public static List<String> all() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** All registered names, comma separated. */
    public static String names() {
        return String.join(", ", REGISTRY.keySet());
    }
}
