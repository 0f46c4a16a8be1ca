package org.lrppruning.criteria;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.lrppruning.lrp.RuleMap;

/** The one registry of criteria by name: the paper's four, plus LRP variants with other composites. */
public final class Criteria {
    /** The paper's criteria in the order its figures use. */
    public static final List<String> PAPER = List.of("weight", "taylor", "grad", "lrp");

    private static final Map<String, Supplier<Criterion>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("weight", WeightCriterion::new);
        REGISTRY.put("taylor", TaylorCriterion::new);
        REGISTRY.put("grad", GradCriterion::new);
        REGISTRY.put("lrp", LrpCriterion::new);
        REGISTRY.put("lrp-epsilon", () -> new LrpCriterion("lrp-epsilon", RuleMap.of("epsilon")));
        REGISTRY.put("lrp-alpha2beta1", () -> new LrpCriterion("lrp-alpha2beta1", RuleMap.of("alpha2beta1")));
        REGISTRY.put("lrp-gamma", () -> new LrpCriterion("lrp-gamma", RuleMap.of("gamma")));
    }

    private Criteria() {}

    /** The criterion of that name, or an IllegalArgumentException listing the valid names. */
    public static Criterion of(String name) {
        Supplier<Criterion> s = REGISTRY.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown criterion '" + name + "' (valid: " + names() + ")");
        }
        return s.get();
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
