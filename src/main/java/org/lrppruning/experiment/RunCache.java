package org.lrppruning.experiment;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.Samples;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PrunedForward;
import org.lrppruning.prune.PruningPlan;

/**
 * Work that many runs of a sweep share, done once: the unpruned model's train accuracy (the same for
 * every run of a data set), its test accuracy (the same for every criterion of a seed), the weight
 * criterion's ranking (data-free: the same for every seed and sample count) with the accuracy of its
 * pruned network on the training set, the scores of one set of reference samples (the same for an
 * accuracy run and a rank run of that data set, sample count and seed; the criteria named
 * {@linkplain #RunCache(List) together} are scored in one go, sharing their passes), and the fast
 * forward of pruned networks ({@link PrunedForward}) with the unpruned model's activations on the
 * training set, and the accuracies after pruning by a plan another run already evaluated. Every entry is
 * exactly what the run would compute itself. Thread-safe; keys hold the
 * model by identity.
 */
public final class RunCache {
    private record Key(Network model, Object what) {
    }

    /** The ranking and plan of a data-free criterion, with its pruned network and train accuracy. */
    record Pruned(float[][] scores, int[] order, PruningPlan plan, Network network, double trainAccuracy) {
    }

    /** One set of reference samples: make(dataset, npc·K, seed) on a model. */
    private record ScoresKey(Network model, Dataset dataset, int perClass, long seed) {
        static ScoresKey of(Network model, RunConfig cfg) {
            return new ScoresKey(model, cfg.dataset(), cfg.perClass(), cfg.seed());
        }
    }

    /** The scores of one set of reference samples by criterion name, computed under the entry's lock. */
    private static final class Scored {
        private final Map<String, float[][]> byName = new ConcurrentHashMap<>();
    }

    private final Map<Key, Object> values = new ConcurrentHashMap<>();
    /** Post-pruning accuracies by plan; their own map, as computing one fills {@link #values}. */
    private final Map<PostKey, Double> post = new ConcurrentHashMap<>();
    private final List<String> together;
    /** Runs still to ask for the scores of a set of reference samples: kept until the last one took them. */
    private final Map<ScoresKey, AtomicInteger> expected = new ConcurrentHashMap<>();
    private final Map<ScoresKey, Scored> scores = new ConcurrentHashMap<>();

    /** A cache that scores each criterion on its own. */
    public RunCache() {
        this(List.of());
    }

    /**
     * A cache that scores the sample-dependent criteria of {@code together} in one go for each set of
     * reference samples one of them is asked for ({@link Criteria#scoresTogether}), keeping the others'
     * scores for the runs {@linkplain #expect expected} to ask.
     */
    public RunCache(List<String> together) {
        this.together = List.copyOf(together);
    }

    /**
     * Registers runs that will ask for scores: the scores of their reference samples are then kept until
     * the last of them took them (a run registered twice is expected twice). Runs never registered score
     * on their own and keep nothing.
     */
    public void expect(List<RunConfig> runs) {
        for (RunConfig r : runs) {
            if (!Criteria.of(r.criterion()).dataFree()) {
                expected.computeIfAbsent(key(r), k -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /** The registered models of runs keyed by configuration only; the model is bound at {@link #scores}. */
    private static ScoresKey key(RunConfig r) {
        return new ScoresKey(null, r.dataset(), r.perClass(), r.seed());
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Network model, Object what, Supplier<T> compute) {
        return (T) values.computeIfAbsent(new Key(model, what), k -> compute.get());
    }

    double trainAccuracy(Network model, Samples train, Supplier<Double> compute) {
        return get(model, train, compute);
    }

    double testAccuracy(Network model, RunConfig cfg, Supplier<Double> compute) {
        return get(model, testKey(cfg), compute);
    }

    Pruned dataFree(Network model, String criterion, int pruneCount, Supplier<Pruned> compute) {
        return get(model, "prune:" + criterion + ":" + pruneCount, compute);
    }

    /**
     * The normalised scores of {@code criterion} on {@code refs}, the reference samples of {@code cfg}: from the
     * entry of those samples when a run before computed them, else computed now (with the criteria scored
     * together with it). A copy: the caller may keep it.
     */
    float[][] scores(Network model, RunConfig cfg, Criterion criterion, Samples refs, int threads) {
        ScoresKey registered = key(cfg);
        AtomicInteger left = expected.get(registered);
        if (left == null || criterion.dataFree()) {
            return criterion.scores(model, refs, threads);
        }
        Scored entry = scores.computeIfAbsent(ScoresKey.of(model, cfg), k -> new Scored());
        float[][] s;
        synchronized (entry) {
            s = entry.byName.get(criterion.name());
            if (s == null) {
                List<String> names = together.contains(criterion.name()) ? together : List.of(criterion.name());
                List<Criterion> group = names.stream()
                        .map(n -> n.equals(criterion.name()) ? criterion : Criteria.of(n))
                        .filter(c -> !c.dataFree()).toList();
                List<float[][]> all = Criteria.scoresTogether(group, model, LabeledData.of(refs), threads);
                for (int i = 0; i < group.size(); i++) {
                    entry.byName.putIfAbsent(group.get(i).name(), all.get(i));
                }
                s = entry.byName.get(criterion.name());
            }
        }
        if (left.decrementAndGet() <= 0) {
            scores.remove(ScoresKey.of(model, cfg));
            expected.remove(registered, left);
        }
        float[][] copy = new float[s.length][];
        for (int l = 0; l < s.length; l++) {
            copy[l] = s[l].clone();
        }
        return copy;
    }

    /** Sets of reference samples whose scores are held for runs still expected (diagnostics and tests). */
    public int heldScoreSets() {
        return scores.size();
    }

    /** The fast forward of pruned versions of {@code model}, or null when it does not support the model. */
    PrunedForward forward(Network model) {
        if (!PrunedForward.supports(model)) {
            return null;
        }
        return get(model, "forward", () -> PrunedForward.of(model));
    }

    /** The unpruned model's forward over the training set, kept for {@link PrunedForward#predict(PruningPlan, PrunedForward.Unpruned, int)}. */
    PrunedForward.Unpruned unprunedOn(PrunedForward forward, Samples train, int threads) {
        // every run of the data set labels this set: the second layer's sums pay for themselves
        return get(forward.network(), List.of("unpruned", train), () -> forward.unpruned(
                PrunedForward.group(train.x(), train.size(), forward.network().inputs()), true, threads));
    }

    /**
     * The accuracy after pruning by {@code plan} on the training set ({@code test} null) or on the test set of
     * {@code test}'s run: runs whose plans remove the same units (a criterion that ranks many dead units alike over
     * seeds, criteria that agree) share it, computed by the first.
     */
    double postAccuracy(Network model, PruningPlan plan, RunConfig test, Supplier<Double> compute) {
        Object scenario = test == null ? "train" : testKey(test);
        return post.computeIfAbsent(new PostKey(model, scenario, plan), k -> compute.get());
    }

    private static TestKey testKey(RunConfig cfg) {
        return new TestKey(cfg.dataset().id(), cfg.seed(), cfg.sigma(), cfg.sigma() > 0 ? 0 : cfg.perClass());
    }

    private record PostKey(Network model, Object scenario, PruningPlan plan) {
    }

    /** The test set depends on the seed and sigma (and, without noise, on the sample count). */
    private record TestKey(String dataset, long seed, double sigma, int perClass) {
    }
}
