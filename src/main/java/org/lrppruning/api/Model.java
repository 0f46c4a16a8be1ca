package org.lrppruning.api;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.criteria.Definitions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.model.Shapes;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * A loaded model, immutable: explain it, score its prunable units by a criterion, prune it, measure its accuracy and
 * save it. The prunable units are the conv filters of a CNN and the hidden neurons of an MLP; the output layer is
 * never pruned. Results do not depend on the thread count.
 */
public final class Model {
    /** The thread count meaning "all cores". */
    static final int ALL_CORES = 0;

    private final OnnxModel model;
    private final int threads;

    Model(OnnxModel model, int threads) {
        this.model = model;
        this.threads = threads;
    }

    /**
     * This model computing on {@code threads} threads (default: all cores); the numbers stay the same.
     *
     * @param threads at least 1
     * @return a model sharing this one's network
     */
    public Model withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        return new Model(model, threads);
    }

    /** The shape of one input sample: {@code {F}} or {@code {C, H, W}}. */
    public int[] inputShape() {
        return net().inputShape().clone();
    }

    /** The number of classes (outputs). */
    public int classes() {
        return net().classes();
    }

    /** The number of parameters (weights, biases, BatchNorm's four vectors). */
    public long parameters() {
        return net().parameterCount();
    }

    /** The multiply-accumulate operations of one sample's forward pass. */
    public long macs() {
        return net().macs();
    }

    /** The prunable layers, bottom-up, each with its number of units. */
    public Map<String, Integer> prunableUnits() {
        Map<String, Integer> m = new LinkedHashMap<>();
        String[] names = net().prunableNames();
        int[] counts = net().unitCounts();
        for (int h = 0; h < names.length; h++) {
            m.put(names[h], counts[h]);
        }
        return m;
    }

    /**
     * The predicted class of every sample of {@code data}.
     *
     * @param data samples of the model's input shape (or as many values per sample)
     * @return one class per sample
     */
    public int[] predict(Data data) {
        LabeledData d = fit(data);
        return net().predict(d.x(), d.size(), threads());
    }

    /**
     * The accuracy on {@code data}, as {@code prune} prints it.
     *
     * @param data labelled samples
     * @return 100 × correct / samples
     */
    public double accuracy(Data data) {
        LabeledData d = labelled(data);
        return 100.0 * Accuracy.correct(net(), d, threads(), null) / d.size();
    }

    /**
     * LRP relevances of {@code samples} from their true class's logit, under the model's default composite.
     *
     * @param samples labelled samples
     * @return the logits and relevances
     */
    public Explanation explain(Data samples) {
        return explain(samples, null);
    }

    /**
     * LRP relevances of {@code samples}, as {@code explain} computes them: from the true class's logit, in float32,
     * under {@code composite} (null: {@code lrp-pruning} for a CNN, {@code paper} for an MLP;
     * {@link LrpPruning#composites()} lists them). The z^B rule's input box is [0, 1] through the data's
     * normalisation.
     *
     * @param samples labelled samples (the label picks the logit the relevance starts from)
     * @param composite a composite's name, or null
     * @return the logits and relevances
     */
    public Explanation explain(Data samples, String composite) {
        LabeledData d = labelled(samples);
        Composites.Box box = samples.box();
        String name = composite != null ? composite : Composites.defaultFor(net());
        Explainer e = new Explainer(net(), Composites.of(name, box), Explainer.Start.LOGIT, Explainer.Precision.FLOAT32);
        return new Explanation(name, e.explain(d.x(), d.labels(), d.size(), threads(), null), d.labels());
    }

    /**
     * The scores of the prunable units by {@code criterion} ({@code weight}, {@code grad}, {@code taylor}, {@code lrp},
     * or a variant: {@link LrpPruning#criteria()}) on the reference samples {@code refs}, as {@code scores} computes
     * them: the toy's definitions on an MLP, the seed authors' on a CNN.
     *
     * @param criterion the criterion's name
     * @param refs the reference samples
     * @return the scores per prunable layer and their ranking
     */
    public Scores scores(String criterion, Data refs) {
        return scores(criterion, null, refs);
    }

    /**
     * {@link #scores(String, Data)} with the LRP composite {@code composite}.
     *
     * @param criterion the criterion's name
     * @param composite the composite of an LRP criterion (null: the default)
     * @param refs the reference samples
     * @return the scores per prunable layer and their ranking
     */
    public Scores scores(String criterion, String composite, Data refs) {
        return scores(criterion, composite, refs, "float32");
    }

    /**
     * {@link #scores(String, String, Data)} in the given arithmetic of the CNN criteria, as {@code scores --precision}:
     * "float32" (the default, the seed authors') or "float64" (the float64 references').
     *
     * @param criterion the criterion's name
     * @param composite the composite of an LRP criterion (null: the default)
     * @param refs the reference samples
     * @param precision "float32" or "float64"
     * @return the scores per prunable layer and their ranking
     */
    public Scores scores(String criterion, String composite, Data refs, String precision) {
        Explainer.Precision p = switch (precision.toLowerCase(Locale.ROOT)) {
            case "float32" -> Explainer.Precision.FLOAT32;
            case "float64" -> Explainer.Precision.FLOAT64;
            default -> throw new IllegalArgumentException("precision must be float32 or float64, was '" + precision + "'");
        };
        Criterion c = Criteria.of(criterion, new Criteria.Options(composite, refs.box()));
        if (net().prunableCount() == 0) {
            throw new IllegalArgumentException("the model has no prunable units (hidden Linear or Conv2d layers)");
        }
        LabeledData d = labelled(refs);
        Definitions defs = Definitions.of(net(), p);
        return new Scores(c.describe(defs), c.score(net(), d, defs, threads()));
    }

    /**
     * Scores by {@code criterion} on {@code refs}, then {@link #prune(Scores, double)}.
     *
     * @param criterion the criterion's name
     * @param rate in [0, 1)
     * @param refs the reference samples
     * @return the pruned model
     */
    public Model prune(String criterion, double rate, Data refs) {
        return prune(scores(criterion, refs), rate);
    }

    /**
     * This model without the floor(rate × units) lowest-scoring units of one global ranking (rate taken in decimal,
     * as written: 0.3 is 3/10), removed physically: a filter with its BatchNorm entries and the next layer's inputs.
     *
     * @param scores scores of this model's units (from {@link #scores})
     * @param rate in [0, 1)
     * @throws IllegalArgumentException for a rate outside [0, 1), scores of another model, or a plan that would
     *     remove every unit of a layer
     * @return the pruned model
     */
    public Model prune(Scores scores, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("rate " + rate + " is outside [0, 1)");
        }
        int k = BigDecimal.valueOf(rate).multiply(BigDecimal.valueOf(net().unitTotal()))
                .setScale(0, RoundingMode.FLOOR).intValueExact();
        return pruneCount(scores, k);
    }

    /**
     * This model without the {@code count} lowest-scoring units of one global ranking (see {@link #prune(Scores, double)}).
     *
     * @param scores scores of this model's units
     * @param count 0 up to the number of units, less one
     * @return the pruned model
     */
    public Model pruneCount(Scores scores, int count) {
        Network net = net();
        int[] sizes = net.unitCounts();
        if (!Arrays.equals(scores.units().layers(), net.prunableNames()) || !Arrays.equals(scores.units().sizes(), sizes)) {
            throw new IllegalArgumentException("the scores are of another model (layers " + scores.layers() + ")");
        }
        int total = net.unitTotal();
        if (count < 0 || count >= total) {
            throw new IllegalArgumentException("count " + count + ": the model has " + total
                    + " prunable units; remove 0 to " + (total - 1));
        }
        PruningPlan plan = PruningPlan.lowest(scores.units().ranking(), sizes, count);
        int emptied = plan.emptiedLayer(sizes);
        if (emptied >= 0) {
            throw new IllegalArgumentException("pruning " + count + " of " + total + " units would remove all "
                    + sizes[emptied] + " units of " + net.prunable(emptied).name() + "; prune fewer");
        }
        return new Model(new OnnxModel(Pruner.prune(net, plan), model.layout()), threads);
    }

    /**
     * Writes the model: {@code .onnx} in the spelling it was read with (torch's for a model from an npz), or
     * {@code .npz} with PyTorch state-dict names.
     *
     * @param file an {@code .onnx} or {@code .npz} path
     * @throws IOException if the file cannot be written
     */
    public void save(Path file) throws IOException {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            OnnxWriter.write(net(), model.layout(), file);
        } else if (name.endsWith(".npz")) {
            ModelIO.save(file, net());
        } else {
            throw new IllegalArgumentException(file.getFileName() + ": save a model as .onnx or .npz");
        }
    }

    /** One line: input shape, classes, parameters, MACs and the prunable layers. */
    @Override
    public String toString() {
        StringBuilder units = new StringBuilder();
        prunableUnits().forEach((k, v) -> units.append(units.length() == 0 ? "" : ", ").append(k).append(" (").append(v).append(')'));
        return String.format(Locale.ROOT, "Model[input %s, %d classes, %,d parameters, %,d MACs, prunable: %s]",
                Shapes.format(net().inputShape()), classes(), parameters(), macs(), units);
    }

    private Network net() {
        return model.network();
    }

    private int threads() {
        return threads == ALL_CORES ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The data, checked to fit the input: the same sample shape, or the same number of values when one is flat. */
    private LabeledData fit(Data data) {
        LabeledData d = data.labeled();
        int[] in = net().inputShape();
        int[] shape = d.sampleShape();
        boolean fits = Arrays.equals(in, shape)
                || ((in.length == 1 || shape.length == 1) && Shapes.size(in) == Shapes.size(shape));
        if (!fits) {
            throw new IllegalArgumentException("the model takes samples of shape " + Shapes.format(in) + ", " + data
                    + " has samples of shape " + Shapes.format(shape));
        }
        return d;
    }

    /** {@link #fit}, with labels checked against the classes. */
    private LabeledData labelled(Data data) {
        LabeledData d = fit(data);
        DataSources.checkLabels(d, classes(), data.toString());
        return d;
    }
}
