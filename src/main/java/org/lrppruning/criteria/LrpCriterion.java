package org.lrppruning.criteria;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.model.Affine;

import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composite;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.lrp.RelevancePass;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;

/**
 * LRP (Yeom et al. 2021): raw_j = the relevance reaching unit j, summed over samples and output positions,
 * normalised by the layer's sum. Under the {@link Definitions#TOY toy definitions} the signed relevance
 * Σ R_j from the true-class logit (composite {@code paper}: z⁺ everywhere); under
 * {@link Definitions#LRP_PRUNING the seed authors' CNN definitions} Σ |R_j| from onehot(label), composite
 * {@code lrp-pruning}, in float64, at the unit's output after BatchNorm (merged by the composite's canonizer).
 */
public final class LrpCriterion implements Criterion {
    private final String name;
    private final String composite;
    private final Composites.Box box;
    private final Explainer.Start cnnStart;

    /** The paper's criterion with the definitions' default composite, inputs in [0, 1]. */
    public LrpCriterion() {
        this("lrp", null, Composites.Box.UNIT);
    }

    /** As {@link #LrpCriterion(String, String, Composites.Box)}, relevance starting from onehot(label). */
    public LrpCriterion(String name, String composite, Composites.Box box) {
        this(name, composite, box, Explainer.Start.ONE_HOT);
    }

    /**
     * A criterion named {@code name} with the composite of that name ({@link Composites}; null: the definitions'
     * default), z^B rules bounded by {@code box}, under the CNN definitions starting from {@code cnnStart}.
     */
    public LrpCriterion(String name, String composite, Composites.Box box, Explainer.Start cnnStart) {
        this.name = name;
        this.composite = composite;
        this.box = box;
        this.cnnStart = cnnStart;
        if (composite != null) {
            Composites.of(composite, box); // an unknown name fails here, before any work
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The composite it computes with under {@code defs}: its own, else the definitions' default. */
    public String composite(Definitions defs) {
        return composite != null ? composite : defs.defaultComposite();
    }

    @Override
    public String describe(Definitions defs) {
        return name + " (composite " + (composite != null ? composite : defs.defaultComposite()) + ")";
    }

    @Override
    public UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads) {
        return score(net, units, refs, defs, threads, new SharedPasses(refs));
    }

    @Override
    public UnitScores score(Network net, UnitSets units, LabeledData refs, Definitions defs, int threads,
                            SharedPasses shared) {
        Composite c = Composites.of(composite != null ? composite : defs.defaultComposite(), box);
        Map<String, double[]> raw = switch (defs) {
            case TOY -> signedFromLogit(net, units, refs, c, threads, shared);
            case LRP_PRUNING -> absolute(net, units, refs, c, cnnStart, Explainer.Precision.FLOAT64, threads);
            case LRP_PRUNING_FLOAT32 -> absolute(net, units, refs, c, cnnStart, Explainer.Precision.FLOAT32, threads);
        };
        return GroupScores.of(net, units, pos -> raw.get(net.layer(pos).name()), Normalise::bySum, defs);
    }

    /** The layers whose outputs the unit sets are, by name. */
    private static List<String> scored(Network net, UnitSets units) {
        List<String> names = new ArrayList<>();
        for (int[] outs : units.outLayers()) {
            for (int pos : outs) {
                names.add(net.layer(pos).name());
            }
        }
        return names;
    }

    /** Σ_{n,p} R (float32 pass of spec section 4), from onehot(label) × logit. */
    private static Map<String, double[]> signedFromLogit(Network net, UnitSets sets, LabeledData refs, Composite c,
            int threads, SharedPasses shared) {
        int n = refs.size();
        Network explained = c.prepare(net);
        Trace t = shared.accurateTrace(explained, refs);
        float[] start = RelevancePass.trueClassLogit(t.logits(), refs.labels(), n, explained.classes());
        float[][] r = RelevancePass.run(t, start, c.rules(), threads);
        Map<String, double[]> raw = new HashMap<>();
        for (String name : scored(net, sets)) {
            int pos = explained.indexOf(name);
            int units = ((Affine) net.layer(net.indexOf(name))).units();
            raw.put(name, Normalise.unitSums(r[pos], n, units, explained.width(pos + 1) / Math.max(1, units)));
        }
        return raw;
    }

    /** Σ_{n,p} |R| (relevances in {@code precision}, the sums in float64), from onehot(label) or onehot(label)·logit. */
    private static Map<String, double[]> absolute(Network net, UnitSets sets, LabeledData refs, Composite c,
            Explainer.Start start, Explainer.Precision precision, int threads) {
        int n = refs.size();
        Explainer e = new Explainer(net, c, start, precision);
        Explainer.Result res = e.taps(refs.x(), refs.labels(), n, threads, null);
        Map<String, double[]> raw = new HashMap<>();
        for (String name : scored(net, sets)) {
            Explainer.Tap tap = res.tap(name);
            int units = tap.units();
            double[] s = new double[units];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < units; j++) {
                    s[j] += tap.absSum()[r * units + j];
                }
            }
            raw.put(name, s);
        }
        return raw;
    }
}
