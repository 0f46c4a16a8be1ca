package org.lrppruning.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PrunedForward;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.prune.Ranking;

/**
 * One run of the toy experiment (spec sections 4–6): evaluate train/pre and test/pre, score the
 * hidden neurons on the reference samples, prune the lowest in one shot, evaluate train/post and
 * test/post. A rank-analysis run logs the ranking instead of pruning.
 */
public final class Experiment {
    /** Receives what a run reports while it goes; every method has a quiet default. */
    public interface Listener {
        /** A line the reference prints on the console. */
        default void message(String line) {}

        /** An evaluation finished on {@code data} with the network as it was then. */
        default void evaluated(RunConfig cfg, Evaluation e, Network net, Samples data) {}
    }

    /** A listener that ignores everything. */
    public static final Listener QUIET = new Listener() {};

    private Experiment() {}

    /** The reference samples and the test set of a run (the reference samples when sigma is 0). */
    public record RunData(Samples reference, Samples test) {
        public static RunData of(RunConfig cfg) {
            Samples ref = ToyData.reference(cfg.dataset(), cfg.perClass(), cfg.seed());
            Samples test = cfg.sigma() > 0 ? ToyData.noisyTest(cfg.dataset(), cfg.seed(), cfg.sigma()) : ref;
            return new RunData(ref, test);
        }
    }

    /** Rejects a model whose outputs are not the data set's classes (one line naming both counts). */
    public static void checkModel(Network model, Dataset dataset) {
        if (model.classes() != dataset.classes()) {
            throw new IllegalArgumentException("the model has " + model.classes() + " outputs but "
                    + dataset + " has " + dataset.classes() + " classes");
        }
    }

    /** Runs {@code cfg} on {@code model} (evaluation mode) with the fixed training set {@code train}. */
    public static RunResult run(Network model, Samples train, RunConfig cfg, int threads, Listener listener) {
        return run(model, train, cfg, threads, listener, null);
    }

    /**
     * As {@link #run(Network, Samples, RunConfig, int, Listener)}, sharing with other runs through
     * {@code cache} (null: none) the work whose result they have in common.
     */
    public static RunResult run(Network model, Samples train, RunConfig cfg, int threads, Listener listener,
                                RunCache cache) {
        checkModel(model, cfg.dataset());
        Criterion criterion = Criteria.of(cfg.criterion());
        RunData data = RunData.of(cfg);
        List<Evaluation> evals = new ArrayList<>();
        List<String> lines = new ArrayList<>();

        // a sweep's runs (quiet, with a cache) label through the fast forward: the (pruned) network's own labels
        PrunedForward fast = cache != null && listener == QUIET ? cache.forward(model) : null;
        PruningPlan none = PruningPlan.none(model.prunableCount());
        double trainPre = cache == null ? accuracy(model, train, threads)
                : cache.trainAccuracy(model, train, () -> accuracy(model, train, threads));
        report(model, train, new Evaluation("train", "pre", trainPre), cfg, listener, evals, lines);
        double testPre = cache == null ? accuracy(model, data.test(), threads)
                : cache.testAccuracy(model, cfg, () -> fast != null ? accuracy(fast.prepare(none), data.test(), threads)
                        : accuracy(model, data.test(), threads));
        report(model, data.test(), new Evaluation("test", "pre", testPre), cfg, listener, evals, lines);

        int[] sizes = model.unitCounts();
        int before = model.unitTotal();
        int count = Math.min(cfg.pruneCount(), before);
        RunCache.Pruned shared = null;
        float[][] scores;
        int[] order;
        if (cache != null && criterion.dataFree() && !cfg.rankLog()) {
            shared = cache.dataFree(model, criterion.name(), count, () -> {
                float[][] s = criterion.scores(model, data.reference(), threads);
                int[] o = Ranking.ascending(s);
                PruningPlan p = PruningPlan.lowest(o, sizes, count);
                Network n = Pruner.prune(model, p);
                return new RunCache.Pruned(s, o, p, n, accuracy(n, train, threads));
            });
            scores = shared.scores();
            order = shared.order();
        } else {
            scores = cache != null ? cache.scores(model, cfg, criterion, data.reference(), threads)
                    : criterion.scores(model, data.reference(), threads);
            order = Ranking.ascending(scores);
        }
        boolean nan = Ranking.hasNaN(scores);
        if (nan) {
            listener.message("Warning: NaN scores in " + cfg.experimentName() + " (ranked lowest)");
        }
        if (cfg.rankLog()) {
            lines.add(LogLines.ranking(cfg, order));
            if (cfg.rankScores()) {
                lines.add(LogLines.rankScores(cfg, scores));
            }
            listener.message("Logged the neuron ranking of " + order.length + " hidden neurons");
            listener.message("Done for " + cfg.experimentName());
            return new RunResult(cfg, evals, order, PruningPlan.none(model.prunableCount()), scores, nan, lines);
        }

        PruningPlan plan = shared != null ? shared.plan() : PruningPlan.lowest(order, sizes, count);
        listener.message("# of dense layer filters per layer selected for pruning: "
                + perLayerSummary(model, plan, order));
        listener.message("Pruning filters.. ");
        Network pruned = shared != null ? shared.network() : fast != null ? null : Pruner.prune(model, plan);
        listener.message("Fraction of remaining dense layer filters: "
                + PyFloat.repr(100 * (double) (before - plan.total()) / before) + "%");

        PrunedForward.Prepared prepared = fast != null ? fast.prepare(plan) : null; // gathered once, for both sets
        double trainPost;
        if (shared != null) {
            trainPost = shared.trainAccuracy();
        } else if (fast != null) {
            PrunedForward.Unpruned u = cache.unprunedOn(fast, train, threads);
            trainPost = cache.postAccuracy(model, plan, null,
                    () -> Evaluation.accuracy(prepared.predict(u, threads), train.labels()));
        } else {
            trainPost = accuracy(pruned, train, threads);
        }
        report(pruned, train, new Evaluation("train", "post", trainPost), cfg, listener, evals, lines);
        Samples test = data.test();
        double testPost = fast != null ? cache.postAccuracy(model, plan, cfg, () -> accuracy(prepared, test, threads))
                : accuracy(pruned, test, threads);
        report(pruned, test, new Evaluation("test", "post", testPost), cfg, listener, evals, lines);
        listener.message("Done for " + cfg.experimentName());
        return new RunResult(cfg, evals, order, plan, scores, nan, lines);
    }

    /** The reference's accuracy on {@code data} of a pruned network of the fast forward. */
    static double accuracy(PrunedForward.Prepared pruned, Samples data, int threads) {
        return Evaluation.accuracy(pruned.predict(data.x(), data.size(), threads), data.labels());
    }

    /** The reference's accuracy of {@code net} on {@code data}. */
    public static double accuracy(Network net, Samples data, int threads) {
        return Evaluation.accuracy(net.predict(data.x(), data.size(), threads), data.labels());
    }

    private static void report(Network net, Samples data, Evaluation e, RunConfig cfg, Listener listener,
                               List<Evaluation> evals, List<String> lines) {
        evals.add(e);
        lines.add(LogLines.accuracy(cfg, e));
        listener.message(e.stage() + "-pruning " + e.scenario() + " accuracy = " + PyFloat.repr(e.accuracy()) + "%");
        listener.evaluated(cfg, e, net, data);
    }

    /**
     * The reference's dict of pruned neurons per layer, keyed by the layer's position in the network
     * and ordered by the layer's first appearance in the ranking, e.g. {@code {5: 512, 0: 300, 3: 188}}.
     */
    static String perLayerSummary(Network net, PruningPlan plan, int[] order) {
        int[] sizes = net.unitCounts();
        int[] pos = net.prunablePositions();
        int[] counts = plan.counts();
        Map<Integer, Integer> seen = new LinkedHashMap<>();
        int total = plan.total();
        for (int i = 0; i < total; i++) {
            int g = order[i];
            int h = 0;
            while (g >= sizes[h]) {
                g -= sizes[h];
                h++;
            }
            seen.putIfAbsent(pos[h], counts[h]);
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<Integer, Integer> e : seen.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(": ").append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
