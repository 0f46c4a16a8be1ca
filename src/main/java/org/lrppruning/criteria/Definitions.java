package org.lrppruning.criteria;

import java.util.function.IntFunction;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Backprop;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;
import org.lrppruning.model.Trace64;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.lrp.Explainer;

/**
 * Which definitions of the criteria a network gets. The formulas are shared (weight Σ|W| by L1, grad and
 * taylor mean ∂L/∂z and z·∂L/∂z over samples and positions by L2 of |·|, lrp Σ R by the layer sum); the
 * definitions differ in the pass, the rounding and where relevance starts:
 * <ul>
 * <li>{@link #TOY}: spec section 4, for the toy MLP and every network without Conv2d layers — float32
 * activations with products rounded once ({@link Trace#accurate}), float64 gradients, normalised scores
 * rounded to float32; lrp = Σ R (signed) from the true-class logit, composite {@code paper};</li>
 * <li>{@link #LRP_PRUNING}: the seed authors' CNN code (Yeom et al.'s LRP_pruning, as {@code shared/cnn}'s
 * README defines it), for networks with Conv2d layers — float64 throughout on the float32 inputs;
 * lrp = Σ |R| from onehot(label) (value 1), composite {@code lrp-pruning}, relevance taken after BatchNorm.</li>
 * <li>{@link #LRP_PRUNING_FLOAT32}: the same in float32 as the seed authors' code runs them (activations,
 * gradients and relevances float32, the sums over samples and positions float64), about twice as fast; on
 * request ({@code --precision float32}).</li>
 * </ul>
 * The CNN default is float64: the scores then match the float64 fixtures of {@code shared/cnn} and stay the
 * bits they were; their sums over many samples and the rankings near ties do not move with float32 rounding.
 */
public enum Definitions {
    TOY("paper", "the toy's definitions (spec section 4)") {
        @Override
        Pass pass(Network net, UnitSets units, LabeledData refs, int threads, SharedPasses shared) {
            int n = refs.size();
            Trace t = shared.accurateTrace(net, refs);
            float[] g = Backprop.crossEntropyGrad(t.logits(), refs.labels(), n, net.classes());
            return Pass.at(net, units, i -> AccurateOps.widen(t.output(i), t.output(i).length),
                    Backprop.outputGradients64(t, g));
        }

        @Override
        double[] finish(double[] normalised) {
            double[] out = new double[normalised.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) normalised[i];
            }
            return out;
        }
    },
    LRP_PRUNING("lrp-pruning", "the seed authors' CNN definitions (LRP_pruning)") {
        @Override
        Pass pass(Network net, UnitSets units, LabeledData refs, int threads, SharedPasses shared) {
            int n = refs.size();
            Trace64 t = Trace64.of(net, refs.x(), n);
            double[] g = Backprop.crossEntropyGrad64(t.logits(), refs.labels(), n, net.classes());
            return Pass.at(net, units, t::output, Backprop.outputGradients64(t, g));
        }

        @Override
        double[] finish(double[] normalised) {
            return normalised;
        }
    },
    LRP_PRUNING_FLOAT32("lrp-pruning", "the seed authors' CNN definitions (LRP_pruning) in float32") {
        @Override
        Pass pass(Network net, UnitSets units, LabeledData refs, int threads, SharedPasses shared) {
            int n = refs.size();
            Trace t = net.trace(refs.x(), n, threads);
            float[] g = Backprop.crossEntropyGrad(t.logits(), refs.labels(), n, net.classes());
            Backprop b = Backprop.run(t, g, false, threads);
            return Pass.at(net, units, i -> AccurateOps.widen(t.output(i), t.output(i).length),
                    widened(b, net.layers().size()));
        }

        @Override
        double[] finish(double[] normalised) {
            return normalised;
        }
    };

    /** The float32 gradients at every layer's output, widened (null where there is none). */
    private static double[][] widened(Backprop b, int count) {
        double[][] d = new double[count][];
        for (int i = 0; i < count; i++) {
            float[] g = b.outputGrad(i);
            d[i] = g == null ? null : AccurateOps.widen(g, g.length);
        }
        return d;
    }

    private final String composite;
    private final String words;

    Definitions(String composite, String words) {
        this.composite = composite;
        this.words = words;
    }

    /** The definitions in words, for messages. */
    public String words() {
        return words;
    }

    /** {@link #LRP_PRUNING} for a network with a Conv2d layer, else {@link #TOY}. */
    public static Definitions of(Network net) {
        return of(net, Explainer.Precision.FLOAT64);
    }

    /**
     * The definitions of a network in a precision: for a network with a Conv2d layer {@link #LRP_PRUNING} (float64)
     * or {@link #LRP_PRUNING_FLOAT32}; else {@link #TOY}, whatever the precision (the toy's rounding is its spec's).
     */
    public static Definitions of(Network net, Explainer.Precision precision) {
        if (!net.layers().stream().anyMatch(Conv2d.class::isInstance)) {
            return TOY;
        }
        return precision == Explainer.Precision.FLOAT32 ? LRP_PRUNING_FLOAT32 : LRP_PRUNING;
    }

    /** The LRP composite the {@code lrp} criterion uses by default. */
    public String defaultComposite() {
        return composite;
    }

    /**
     * The outputs z of every layer of {@code units} (n × its output shape, before any BatchNorm) and ∂L/∂z, L the mean
     * cross-entropy over the reference samples, as these definitions compute them ({@code shared} holds the
     * toy's forward trace when another criterion made it already).
     */
    abstract Pass pass(Network net, UnitSets units, LabeledData refs, int threads, SharedPasses shared);

    /** Normalised scores as these definitions report them (the toy's: rounded to float32). */
    abstract double[] finish(double[] normalised);

    /** z and ∂L/∂z by layer position (filled for the layers whose outputs are prunable units), widened to float64. */
    record Pass(double[][] z, double[][] dz) {
        /** The scored layers' outputs ({@code output} of a layer position) and their entries of {@code grads}. */
        static Pass at(Network net, UnitSets units, IntFunction<double[]> output, double[][] grads) {
            double[][] z = new double[net.layers().size()][];
            double[][] d = new double[net.layers().size()][];
            for (int[] outs : units.outLayers()) {
                for (int pos : outs) {
                    z[pos] = output.apply(pos);
                    d[pos] = grads[pos];
                }
            }
            return new Pass(z, d);
        }
    }
}
