package org.lrppruning.lrp;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;

/**
 * The one registry of composites by name. Zennit's, with its defaults (ε = stabiliser = 1e-6, γ = 0.25;
 * "first" = the first Linear or Conv2d layer for the {@code -flat} ones, the first Conv2d for the box):
 * <pre>
 *   epsilon-plus               Conv2d z⁺, Linear ε
 *   epsilon-plus-flat          first flat, Conv2d z⁺, Linear ε
 *   epsilon-alpha2-beta1       Conv2d α2β1, Linear ε
 *   epsilon-alpha2-beta1-flat  first flat, Conv2d α2β1, Linear ε
 *   epsilon-gamma-box          first Conv2d z^B, Conv2d γ, Linear ε
 *   zplus-flat                 first flat, z⁺ elsewhere (the CNN fixtures' custom composite)
 *   lrp-pruning                the seed authors' CNN rules: first Conv2d z^B, other Conv2d bias-free z⁺ with
 *                              s(z) = z + 1e-12·[z = 0], Linear ε = 1e-6 (the lrp criterion's default on CNNs)
 * </pre>
 * and the toy's, one rule everywhere as the toy computes it: {@code paper} (z⁺ without bias, z + 1e-9),
 * {@code epsilon}, {@code alpha1beta0}, {@code alpha2beta1}, {@code gamma} ({@link Rules}). Every composite merges
 * BatchNorm layers into the layer before them first ({@link Canonizer#mergeBatchNorm()}); the suffix
 * {@code -nocanon} leaves them as they are (relevance passes them unchanged). Underscores count as hyphens
 * (Zennit's registry spells {@code epsilon_plus_flat}).
 */
public final class Composites {
    /** Suffix of a name whose composite applies no canonizer. */
    public static final String NO_CANONIZER = "-nocanon";

    /**
     * The box [low, high] of the network's inputs per input channel (one pair: every channel), for z^B. From an
     * input normalisation x' = (x − mean)/std of values in [0, 1]: low = (0 − mean)/std, high = (1 − mean)/std.
     */
    public record Box(double[] low, double[] high) {
        /** Inputs in [0, 1]. */
        public static final Box UNIT = new Box(new double[] {0}, new double[] {1});

        public Box {
            low = low.clone();
            high = high.clone();
            ZennitRules.zBox(low, high, ZennitRules.signed(0)); // one place checks the bounds
        }

        /**
         * The box of values in [0, 1] after (x − mean[c])/std[c]: computed in float64, then rounded to float32, as
         * Zennit holds scalar bounds (torch makes a float32 tensor of a Python float before casting it to the input's
         * type); the CNN fixtures' heatmaps are computed so.
         */
        public static Box normalized(double[] mean, double[] std) {
            if (mean.length != std.length) {
                throw new IllegalArgumentException(mean.length + " means but " + std.length + " stds");
            }
            double[] lo = new double[mean.length];
            double[] hi = new double[mean.length];
            for (int c = 0; c < lo.length; c++) {
                if (!(std[c] > 0)) {
                    throw new IllegalArgumentException("std must be > 0, was " + std[c]);
                }
                lo[c] = (float) ((0 - mean[c]) / std[c]);
                hi[c] = (float) ((1 - mean[c]) / std[c]);
            }
            return new Box(lo, hi);
        }

        @Override
        public double[] low() {
            return low.clone();
        }

        @Override
        public double[] high() {
            return high.clone();
        }

        @Override
        public String toString() {
            return "[" + Arrays.toString(low) + ", " + Arrays.toString(high) + "]";
        }
    }

    private static final Map<String, Function<Box, RuleMap>> REGISTRY = new LinkedHashMap<>();
    /** The names whose rules use the box. */
    private static final List<String> BOXED = List.of("epsilon-gamma-box", "lrp-pruning");

    static {
        double e = ZennitRules.DEFAULT_EPSILON;
        LrpRule eps = ZennitRules.epsilon(e, true);
        LrpRule zPlus = ZennitRules.zPlus(ZennitRules.signed(e), true);
        LrpRule ab21 = ZennitRules.alphaBeta(2, 1, ZennitRules.signed(e), true);
        LrpRule flat = ZennitRules.flat(ZennitRules.signed(e));
        REGISTRY.put("paper", box -> RuleMap.uniform(Rules.zPlus()));
        REGISTRY.put("epsilon", box -> RuleMap.uniform(Rules.epsilon(1e-6f)));
        REGISTRY.put("alpha1beta0", box -> RuleMap.uniform(Rules.alphaBeta(1f, 0f)));
        REGISTRY.put("alpha2beta1", box -> RuleMap.uniform(Rules.alphaBeta(2f, 1f)));
        REGISTRY.put("gamma", box -> RuleMap.uniform(Rules.gamma(0.25f)));
        REGISTRY.put("epsilon-plus", box -> byKind(null, null, zPlus, eps));
        REGISTRY.put("epsilon-plus-flat", box -> byKind(Affine.class::isInstance, flat, zPlus, eps));
        REGISTRY.put("epsilon-alpha2-beta1", box -> byKind(null, null, ab21, eps));
        REGISTRY.put("epsilon-alpha2-beta1-flat", box -> byKind(Affine.class::isInstance, flat, ab21, eps));
        REGISTRY.put("epsilon-gamma-box", box -> byKind(Conv2d.class::isInstance, zBox(box),
                ZennitRules.gamma(ZennitRules.DEFAULT_GAMMA, ZennitRules.signed(e), true), eps));
        REGISTRY.put("zplus-flat", box -> byKind(Affine.class::isInstance, flat, zPlus, zPlus));
        REGISTRY.put("lrp-pruning", box -> byKind(Conv2d.class::isInstance, zBox(box),
                ZennitRules.zPlus(ZennitRules.zeroOnly(1e-12), false), eps));
    }

    private Composites() {}

    private static LrpRule zBox(Box box) {
        return ZennitRules.zBox(box.low, box.high, ZennitRules.signed(ZennitRules.DEFAULT_EPSILON));
    }

    /**
     * Zennit's layer map with a special first layer: the first layer matching {@code firstKind} gets
     * {@code first} (none when null), other Conv2d layers {@code conv}, other Linear layers {@code linear}.
     */
    static RuleMap byKind(Predicate<Layer> firstKind, LrpRule first, LrpRule conv, LrpRule linear) {
        return (net, i) -> {
            if (firstKind != null && i == firstMatching(net, firstKind)) {
                return first;
            }
            return net.layer(i) instanceof Conv2d ? conv : linear;
        };
    }

    private static int firstMatching(Network net, Predicate<Layer> kind) {
        for (int i = 0; i < net.layers().size(); i++) {
            if (kind.test(net.layer(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The composite of that name with inputs in [0, 1] (see {@link #of(String, Box)}). */
    public static Composite of(String name) {
        return of(name, Box.UNIT);
    }

    /** The composite of that name, z^B with the given box; an IllegalArgumentException listing the valid names. */
    public static Composite of(String name, Box box) {
        String key = key(name);
        boolean canonize = !key.endsWith(NO_CANONIZER);
        String base = canonize ? key : key.substring(0, key.length() - NO_CANONIZER.length());
        Function<Box, RuleMap> f = REGISTRY.get(base);
        if (f == null) {
            throw new IllegalArgumentException("unknown LRP composite '" + name + "' (valid: " + names()
                    + "; add " + NO_CANONIZER + " to keep BatchNorm layers unmerged)");
        }
        return new Composite(key, f.apply(box), canonize ? List.of(Canonizer.mergeBatchNorm()) : List.of());
    }

    /** Whether the composite of that name uses the input box (z^B). */
    public static boolean usesBox(String name) {
        String key = key(name);
        return BOXED.contains(key.endsWith(NO_CANONIZER) ? key.substring(0, key.length() - NO_CANONIZER.length()) : key);
    }

    /** The default composite for a network: {@code lrp-pruning} when it has a Conv2d layer, else {@code paper}. */
    public static String defaultFor(Network net) {
        return net.layers().stream().anyMatch(Conv2d.class::isInstance) ? "lrp-pruning" : "paper";
    }

    /** The registered names in registry order. */
    public static List<String> ids() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The registered names, comma separated, in registry order. */
    public static String names() {
        return String.join(", ", REGISTRY.keySet());
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
