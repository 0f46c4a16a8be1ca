package org.lrppruning.workbench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.criteria.Definitions;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.Normalization;
import org.lrppruning.data.References;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.playground.Lru;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * A user's CNN opened for the workbench: the reference scores of a {@link Setting}, the evaluation of a pruning
 * amount (accuracy on the test subset or the whole test set, parameters, MACs), LRP heatmaps before and after,
 * the pruned model as ONNX and the {@code prune} command that makes it. Every number is the one {@code prune}
 * prints for the same flags: the same reference draw, criterion, ranking, plan and pruned network; speed comes
 * from bounded caches (scores per setting, evaluations per plan, the unpruned activations before each prunable
 * layer: {@link Forward}), never from an approximation.
 */
public final class Workbench {
    /** Test images of the default subset (the first ones of the test set). */
    public static final int SUBSET = 1000;

    /**
     * What the workbench opens: the network (its prunable units chosen) and its ONNX layout, a label for the page,
     * the CLI flags that load the model and the data again, the data the references are drawn from ({@code train},
     * named {@code trainSpec} in messages), the test set, the inputs' normalisation (null: none) and the z^B box.
     */
    public record Inputs(Network net, OnnxLayout layout, String label, List<String> cliModel, LabeledData train,
                         String trainSpec, LabeledData test, List<String> cliData, Normalization normalization,
                         Composites.Box box, int threads) {
        public Inputs {
            Objects.requireNonNull(net, "net");
            Objects.requireNonNull(train, "train");
            Objects.requireNonNull(test, "test");
            cliModel = List.copyOf(cliModel);
            cliData = List.copyOf(cliData);
            if (net.prunableCount() == 0) {
                throw new IllegalArgumentException("the model has no prunable units (hidden Linear or Conv2d layers)");
            }
        }
    }

    /** A setting's scores: per unit the normalised score, the global order (lowest first), per unit its rank from 1. */
    public record Scored(Setting setting, UnitScores scores, int[] order, int[][] ranks, double seconds) {
    }

    /** What a pruning amount does: the plan (null only before scoring), or why it is refused, and the numbers. */
    public record Evaluation(PruningPlan plan, int removed, int total, String refused, int correct, int correctBefore,
                             int n, long parameters, long parametersBefore, long macs, long macsBefore) {
        /** Accuracy in percent after pruning (NaN when refused). */
        public double accuracy() {
            return refused != null ? Double.NaN : 100.0 * correct / n;
        }

        /** Accuracy in percent of the unpruned model. */
        public double accuracyBefore() {
            return 100.0 * correctBefore / n;
        }
    }

    /** One image explained before and after pruning: its input (channels averaged) and input relevance (summed). */
    public record Heatmap(int index, int label, int height, int width, float[] image, double[] before, double[] after,
                          int predictedBefore, int predictedAfter) {
    }

    private final Inputs in;
    private final Network net;
    private final Definitions defs;
    private final LabeledData subset;
    private final Forward subsetForward;
    private final Forward fullForward;
    private final Lru<Setting, Scored> scores = new Lru<>(24);
    private final Lru<String, Evaluation> evaluations = new Lru<>(2048);
    private final Lru<String, Network> pruned = new Lru<>(6);
    private final Lru<String, Explainer> explainers = new Lru<>(6);

    /** Opens {@code in}: checks the data fit the network, caches the unpruned activations of the test subset. */
    public Workbench(Inputs in) {
        this.in = in;
        this.net = in.net();
        this.defs = Definitions.of(net);
        int[] shape = net.inputShape();
        for (LabeledData d : List.of(in.train(), in.test())) {
            if (!Arrays.equals(d.sampleShape(), shape)
                    && !(shape.length == 1 && d.sampleSize() == shape[0])) {
                throw new IllegalArgumentException("the model takes samples of shape "
                        + LabeledData.shapeString(shape) + ", the data has " + LabeledData.shapeString(d.sampleShape()));
            }
        }
        this.subset = in.test().size() > SUBSET ? in.test().range(0, SUBSET) : in.test();
        this.subsetForward = new Forward(net, subset, in.threads(), Forward.CACHE_VALUES);
        this.fullForward = subset == in.test() ? subsetForward : new Forward(net, in.test(), in.threads(), 0);
    }

    /** What was opened. */
    public Inputs inputs() {
        return in;
    }

    /** The network. */
    public Network network() {
        return net;
    }

    /** The test images the default evaluation uses. */
    public LabeledData subset() {
        return subset;
    }

    /** The composite the heatmaps use for {@code s}: its own, else the network's default. */
    public String composite(Setting s) {
        return s.composite() != null ? s.composite() : Composites.defaultFor(net);
    }

    /** The criterion of {@code s}; an IllegalArgumentException naming a bad name or composite. */
    Criterion criterion(Setting s) {
        if (s.composite() != null) {
            Composites.of(s.composite(), in.box()); // an unknown name fails here, for every criterion
        }
        return Criteria.of(s.criterion(), new Criteria.Options(s.takesComposite() ? s.composite() : null, in.box()));
    }

    /** The scores of {@code s}, computed once per setting (then cached). */
    public Scored scores(Setting s) {
        Setting key = s.scoreKey();
        Criterion c = criterion(key); // bad names are refused before the cache
        if (key.perClass() < 1) {
            throw new IllegalArgumentException("reference samples per class must be >= 1, was " + key.perClass());
        }
        return scores.get(key, () -> {
            long t0 = System.nanoTime();
            LabeledData refs = References.draw(in.train(), net.classes(), key.perClass(), References.Pick.RANDOM,
                    key.seed(), in.trainSpec());
            UnitScores u = c.score(net, refs, defs, in.threads());
            int[] order = u.ranking();
            int[] sizes = u.sizes();
            int[][] ranks = new int[sizes.length][];
            int[] offsets = new int[sizes.length + 1];
            for (int h = 0; h < sizes.length; h++) {
                ranks[h] = new int[sizes[h]];
                offsets[h + 1] = offsets[h] + sizes[h];
            }
            for (int r = 0; r < order.length; r++) {
                int h = 0;
                while (order[r] >= offsets[h + 1]) {
                    h++;
                }
                ranks[h][order[r] - offsets[h]] = r + 1;
            }
            return new Scored(key, u, order, ranks, (System.nanoTime() - t0) / 1e9);
        });
    }

    /**
     * Readies the slider of a setting: the first prunable layer's stages for the sets of its units the ranking removes
     * first, first two, and so on ({@link Forward#prepare}), so that no slider position runs the second prunable layer
     * again (a chain with cached activations; otherwise nothing).
     */
    public void prepare(Scored s) {
        subsetForward.prepare(s.order());
    }

    /**
     * The plan {@code prune} makes for {@code a}: the lowest floor(rate × units) of the global order, or of each
     * layer's; a count outside [0, units) is refused with {@code prune}'s message.
     */
    public PruningPlan plan(Scored s, Setting.Amount a) {
        int[] sizes = net.unitCounts();
        int total = net.unitTotal();
        if (a.perLayer()) {
            int[] counts = new int[sizes.length];
            for (int h = 0; h < sizes.length; h++) {
                counts[h] = floor(a.rate(), sizes[h]);
            }
            return PruningPlan.lowestPerLayer(s.order(), sizes, counts);
        }
        if (a.rate() != null && (a.rate().signum() < 0 || a.rate().compareTo(BigDecimal.ONE) >= 0)) {
            throw new IllegalArgumentException("rate " + a.rate().toPlainString() + " is outside [0, 1)");
        }
        int k = a.rate() != null ? floor(a.rate(), total) : a.count();
        if (k < 0 || k >= total) {
            throw new IllegalArgumentException("count " + k + ": the model has " + total
                    + " prunable units; remove 0 to " + (total - 1));
        }
        return PruningPlan.lowest(s.order(), sizes, k);
    }

    /** floor(r × units), exactly (as {@code prune --rate}). */
    static int floor(BigDecimal r, int units) {
        if (r.signum() < 0 || r.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("rate " + r.toPlainString() + " is outside [0, 1)");
        }
        return r.multiply(BigDecimal.valueOf(units)).setScale(0, RoundingMode.FLOOR).intValueExact();
    }

    /** Why {@code prune} would refuse {@code plan} (it empties a layer), or null. */
    public String refusal(PruningPlan plan, boolean perLayer) {
        int[] sizes = net.unitCounts();
        int emptied = plan.emptiedLayer(sizes);
        if (emptied < 0) {
            return null;
        }
        return "pruning " + plan.total() + " of " + net.unitTotal() + " units would remove all " + sizes[emptied]
                + " units of " + net.prunable(emptied).name()
                + (perLayer ? "; lower the rate" : "; lower the rate/count or use scope per-layer");
    }

    /** The evaluation of {@code a} under {@code s} on the subset, or on the whole test set when {@code full}. */
    public Evaluation evaluate(Setting s, Setting.Amount a, boolean full) {
        Scored sc = scores(s);
        PruningPlan plan = plan(sc, a);
        return evaluate(plan, a.perLayer(), full);
    }

    /** The evaluation of {@code plan} (cached per plan: settings that remove the same units share it). */
    public Evaluation evaluate(PruningPlan plan, boolean perLayer, boolean full) {
        String key = (full ? "full " : "subset ") + planKey(plan);
        return evaluations.get(key, () -> {
            Forward f = full ? fullForward : subsetForward;
            String refused = refusal(plan, perLayer);
            if (refused != null) {
                return new Evaluation(plan, plan.total(), net.unitTotal(), refused, -1, f.correctBefore(), f.size(),
                        -1, net.parameterCount(), -1, net.macs());
            }
            Network p = prunedNetwork(plan);
            return new Evaluation(plan, plan.total(), net.unitTotal(), null, f.correct(p, plan), f.correctBefore(),
                    f.size(), p.parameterCount(), net.parameterCount(), p.macs(), net.macs());
        });
    }

    /** The pruned network of a plan {@code prune} accepts (a few cached: the download and the heatmaps reuse it). */
    public Network prunedNetwork(PruningPlan plan) {
        if (plan.total() == 0) {
            return net;
        }
        String refused = refusal(plan, false);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        return pruned.get(planKey(plan), () -> Pruner.prune(net, plan));
    }

    /** The pruned model as ONNX bytes, in the layout the model came in. */
    public byte[] onnx(PruningPlan plan) {
        return OnnxWriter.bytes(prunedNetwork(plan), in.layout() != null ? in.layout() : OnnxLayout.defaults());
    }

    /** The {@code prune} command that writes this pruned model and prints these numbers (on the whole test set). */
    public List<String> cli(Setting s, Setting.Amount a, String out) {
        List<String> args = new ArrayList<>(List.of("prune"));
        args.addAll(in.cliModel());
        args.addAll(in.cliData());
        args.addAll(List.of("-c", s.criterion()));
        if (s.takesComposite() && s.composite() != null) {
            args.addAll(List.of("--composite", s.composite()));
        }
        args.addAll(List.of("-n", Integer.toString(s.perClass()), "-s", Long.toString(s.seed())));
        args.addAll(List.of(a.cli().split(" ")));
        args.addAll(List.of("--out", out));
        return args;
    }

    /** Test image {@code i} explained before and after {@code plan}, for its true label. */
    public Heatmap heatmap(String composite, PruningPlan plan, int i) {
        LabeledData t = in.test();
        if (i < 0 || i >= t.size()) {
            throw new IllegalArgumentException("test image " + i + " is outside 0.." + (t.size() - 1));
        }
        return heatmap(composite, plan, t.sample(i), t.labels()[i], i);
    }

    /**
     * An image of the model's input shape ({@code x} prepared as the data is) explained before and after {@code plan}
     * for {@code label}, or for the unpruned model's prediction when {@code label} is −1.
     */
    public Heatmap heatmap(String composite, PruningPlan plan, float[] x, int label, int index) {
        Composites.of(composite, in.box()); // a bad name fails before any work
        Explainer before = explainer(composite, PruningPlan.none(net.prunableCount()));
        Explainer after = explainer(composite, plan);
        int[] pre = net.predict(x, 1, 1);
        int y = label >= 0 ? label : pre[0];
        int[] post = prunedNetwork(plan).predict(x, 1, 1);
        Explainer.Result rb = before.explain(x, new int[] {y}, 1, 1, null);
        Explainer.Result ra = after.explain(x, new int[] {y}, 1, 1, null);
        int[] shape = net.inputShape();
        int c = shape.length == 3 ? shape[0] : 1;
        int h = shape.length == 3 ? shape[1] : 1;
        int w = shape.length == 3 ? shape[2] : x.length;
        float[] image = new float[h * w];
        double[] b = new double[h * w];
        double[] aft = new double[h * w];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) {
                image[p] += x[ch * h * w + p] / c;
                b[p] += rb.input()[ch * h * w + p];
                aft[p] += ra.input()[ch * h * w + p];
            }
        }
        return new Heatmap(index, y, h, w, image, b, aft, pre[0], post[0]);
    }

    private Explainer explainer(String composite, PruningPlan plan) {
        return explainers.get(composite + " " + planKey(plan), () -> new Explainer(prunedNetwork(plan),
                Composites.of(composite, in.box()), Explainer.Start.LOGIT, Explainer.Precision.FLOAT32));
    }

    /** A plan's identity: its removed units as sorted global indices. */
    static String planKey(PruningPlan plan) {
        StringBuilder b = new StringBuilder();
        for (int h = 0; h < plan.perLayer().length; h++) {
            b.append(h).append(':');
            for (int j : plan.perLayer()[h]) {
                b.append(j).append(',');
            }
            b.append(';');
        }
        return b.toString();
    }
}
