package org.lrppruning.experiment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lrppruning.data.Samples;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PruningPlan;

/**
 * Work that many runs of a sweep share, done once: the unpruned model's train accuracy (the same for
 * every run of a data set), its test accuracy (the same for every criterion of a seed), and the weight
 * criterion's ranking (data-free: the same for every seed and sample count) with the accuracy of its
 * pruned network on the training set. Every entry is exactly what the run would compute itself.
 * Thread-safe; keys hold the model by identity.
 */
public final class RunCache {
    private record Key(Network model, Object what) {
    }

    /** The ranking and plan of a data-free criterion, with its pruned network and train accuracy. */
    record Pruned(float[][] scores, int[] order, PruningPlan plan, Network network, double trainAccuracy) {
    }

    private final Map<Key, Object> values = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private <T> T get(Network model, Object what, Supplier<T> compute) {
        return (T) values.computeIfAbsent(new Key(model, what), k -> compute.get());
    }

    double trainAccuracy(Network model, Samples train, Supplier<Double> compute) {
        return get(model, train, compute);
    }

    double testAccuracy(Network model, RunConfig cfg, Supplier<Double> compute) {
        return get(model, new TestKey(cfg.dataset().id(), cfg.seed(), cfg.sigma(), cfg.sigma() > 0 ? 0 : cfg.perClass()),
                compute);
    }

    Pruned dataFree(Network model, String criterion, int pruneCount, Supplier<Pruned> compute) {
        return get(model, "prune:" + criterion + ":" + pruneCount, compute);
    }

    /** The test set depends on the seed and sigma (and, without noise, on the sample count). */
    private record TestKey(String dataset, long seed, double sigma, int perClass) {
    }
}
