package org.lrppruning.playground;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Evaluation;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.model.Network;
import org.lrppruning.plot.DecisionGrid;
import org.lrppruning.prune.PrunedForward;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.prune.Ranking;
import org.lrppruning.web.ApiError;

/**
 * What the page shows for one setting, computed the way the single run computes it (spec sections
 * 4–7): the criterion's scores on the reference samples (plus the points the user added), the global
 * ranking, the {@code prune} lowest neurons physically removed, the accuracies before and after on
 * the training set and the test set, and the decision regions before and after on a grid of the
 * training data's box.
 *
 * <p>Fast by reuse, never by approximation: the unpruned model's predictions (training set, grid,
 * test set) and the scores of a setting are cached, so a change of the prune count costs one forward
 * pass of the pruned network over the training set, the test set and the grid together. For the toy
 * MLPs that pass is {@link PrunedForward}: the kept rows and columns of the weights, the points in
 * tiles of neighbours, each tile leaving out the inputs that are zero in all its points (same bits
 * as the pruned network's {@code predict}); other networks are pruned and predicted in chunks of
 * {@value #CHUNK} points. Every cache entry is exactly what a fresh computation gives: rows of a
 * matrix product do not depend on the other rows ({@link org.lrppruning.linalg.MatOps}), so
 * predicting the three sets in one batch gives the bits of predicting each alone. Memory is bounded:
 * every cache is an LRU of fixed size.
 */
public final class Playground {
    /** Largest unpruned pass kept for a point set (two are kept): the toy's with a grid of up to about 60 steps. */
    static final long UNPRUNED_BYTES = 128L << 20;
    /** Points per forward pass: bounds the activations of one request to about 16 MB per layer. */
    static final int CHUNK = 4096;

    private final ModelCatalog models;
    private final int threads;
    private final Map<Dataset, Samples> training = new EnumMap<>(Dataset.class);
    private final Lru<ScoresKey, Scored> scores = new Lru<>(64);
    private final Lru<PreKey, Predicted> pre = new Lru<>(16);
    /** The unpruned forward over a point set (the inputs of every layer: 64 MB for moon's points with the page's grid). */
    private final Lru<PointsKey, PrunedForward.Unpruned> unpruned = new Lru<>(2);
    private final Lru<TestKey, Double> testPre = new Lru<>(64);
    private final Lru<PostKey, Predicted> post = new Lru<>(64);
    private final Lru<GridKey, DecisionGrid> grids = new Lru<>(16);
    /** The fast pruned forward of a model (its transposed weights, about the model's size). */
    private final Lru<Network, PrunedForward> forwards = new Lru<>(4);

    /** The scores of one setting: per hidden layer, with the global ascending order and each neuron's rank in it. */
    public record Scored(float[][] scores, int[] order, int[][] ranks, boolean nan) {
    }

    /** Accuracies (percent) on the training and test sets, and the grid's labels, of one network. */
    record Predicted(double train, double test, byte[] grid) {
    }

    /**
     * Everything one setting shows: accuracies in percent, the hidden layer sizes and the neurons kept,
     * the scores, the pruned neurons (sorted indices per layer), the grid and its labels before and
     * after, the reference samples (with the added points last) and the test set.
     */
    public record View(RunRequest request, ModelCatalog.Entry model, double trainPre, double trainPost,
                       double testPre, double testPost, int[] sizes, int[] kept, Scored scored, PruningPlan plan,
                       DecisionGrid grid, byte[] gridPre, byte[] gridPost, Samples reference, Samples test,
                       long nanos) {
    }

    private record ScoresKey(Network model, Dataset dataset, String criterion, int samples, long seed,
                             List<RunRequest.Point> points) {
    }

    private record PreKey(Network model, int grid) {
    }

    /** The points of one prediction: training set, test set and grid. */
    private record PointsKey(Network model, TestKey test, int grid) {
    }

    /** The test set: the noisy one of (seed, sigma), or the reference samples when sigma is 0. */
    private record TestKey(Network model, long seed, double sigma, int samples, List<RunRequest.Point> points) {
        static TestKey of(Network model, RunRequest r) {
            return r.sigma() > 0 ? new TestKey(model, r.seed(), r.sigma(), 0, List.of())
                    : new TestKey(model, r.seed(), 0, r.samples(), r.points());
        }
    }

    private record PostKey(ScoresKey scores, TestKey test, int prune, int grid) {
    }

    private record GridKey(Dataset dataset, int steps) {
    }

    /** @param threads threads of the matrix products of one request (results do not depend on it) */
    public Playground(ModelCatalog models, int threads) {
        this.models = models;
        this.threads = threads;
        for (Dataset d : Dataset.values()) {
            training.put(d, ToyData.training(d));
        }
    }

    /** The catalog of models this playground runs on. */
    public ModelCatalog models() {
        return models;
    }

    /** The fixed training set of a data set. */
    public Samples training(Dataset d) {
        return training.get(d);
    }

    /** Computes (or finds) the view of a setting; a wrong setting is an {@link ApiError}. */
    public View run(RunRequest r) {
        long start = System.nanoTime();
        ModelCatalog.Entry entry = models.entry(r.dataset(), r.model());
        Network model = models.get(r.dataset(), r.model());
        int total = model.unitTotal();
        if (r.prune() > total) {
            throw ApiError.bad("'prune' must be between 0 and " + total + " (the model's hidden neurons), was "
                    + r.prune());
        }
        Samples train = training(r.dataset());
        Samples reference = concat(ToyData.reference(r.dataset(), r.samples(), r.seed()), r.addedSamples());
        Samples test = r.sigma() > 0 ? ToyData.noisyTest(r.dataset(), r.seed(), r.sigma()) : reference;
        DecisionGrid grid = grids.get(new GridKey(r.dataset(), r.grid()),
                () -> DecisionGrid.fromTrainingData(train.x(), r.grid()));

        ScoresKey sk = new ScoresKey(model, r.dataset(), r.criterion(), r.samples(), r.seed(), r.points());
        Scored scored = scores.get(sk, () -> score(model, r.criterion(), reference));
        int[] sizes = model.unitCounts();
        PruningPlan plan = PruningPlan.lowest(scored.order(), sizes, r.prune());

        TestKey tk = TestKey.of(model, r);
        Predicted before = pre.get(new PreKey(model, r.grid()), () -> PrunedForward.supports(model)
                ? predicted(fastLabels(model, null, tk, r.grid(), train, test, grid), train, null, grid)
                : predicted(predictChunked(model, Playground.points(train, null, grid), train.size() + grid.count(),
                        threads), train, null, grid));
        double testBefore = testPre.get(tk, () -> Experiment.accuracy(model, test, threads));
        // nothing pruned: the network itself, whose predictions are cached
        Predicted after = r.prune() == 0 ? new Predicted(before.train(), testBefore, before.grid())
                : post.get(new PostKey(sk, tk, r.prune(), r.grid()), () -> predict(model, plan, tk, r.grid(), train, test, grid));

        int[] kept = sizes.clone();
        int[] counts = plan.counts();
        for (int h = 0; h < kept.length; h++) {
            kept[h] -= counts[h];
        }
        return new View(r, entry, before.train(), after.train(), testBefore, after.test(), sizes, kept, scored, plan,
                grid, before.grid(), after.grid(), reference, test, System.nanoTime() - start);
    }

    /** The criterion's scores on the reference samples, ranked as the run ranks them. */
    private Scored score(Network model, String criterion, Samples reference) {
        float[][] s = Criteria.of(criterion).scores(model, reference, threads);
        int[] order = Ranking.ascending(s);
        int[][] ranks = new int[s.length][];
        int[] offsets = new int[s.length];
        for (int h = 0, off = 0; h < s.length; off += s[h].length, h++) {
            ranks[h] = new int[s[h].length];
            offsets[h] = off;
        }
        for (int pos = 0; pos < order.length; pos++) {
            int g = order[pos];
            int h = 0;
            while (h + 1 < s.length && g >= offsets[h + 1]) {
                h++;
            }
            ranks[h][g - offsets[h]] = pos;
        }
        return new Scored(s, order, ranks, Ranking.hasNaN(s));
    }

    /**
     * One prediction of {@code model} pruned by {@code plan} over the training set, the test set and the
     * grid, as the run's accuracies and the grid's labels.
     */
    private Predicted predict(Network model, PruningPlan plan, TestKey tk, int steps, Samples train, Samples test,
                              DecisionGrid grid) {
        int[] labels = PrunedForward.supports(model)
                ? fastLabels(model, plan, tk, steps, train, test, grid)
                : predictChunked(Pruner.prune(model, plan), points(train, test, grid),
                        train.size() + test.size() + grid.count(), threads);
        return predicted(labels, train, test, grid);
    }

    private PrunedForward forward(Network model) {
        return forwards.get(model, () -> PrunedForward.of(model));
    }

    /**
     * {@link PrunedForward}'s labels of the model pruned by {@code plan} (null: the model itself) over
     * training set, test set and grid, starting from the cached unpruned pass when it fits in
     * {@value #UNPRUNED_BYTES} bytes (the page's grids do; the finest do not, and go without).
     */
    private int[] fastLabels(Network model, PruningPlan plan, TestKey tk, int steps, Samples train, Samples test,
                             DecisionGrid grid) {
        int n = train.size() + test.size() + grid.count();
        PrunedForward f = forward(model);
        if (f.unprunedBytes(n) > UNPRUNED_BYTES) {
            PruningPlan p = plan != null ? plan : new PruningPlan(new int[model.prunableCount()][0]);
            return f.predict(p, PrunedForward.group(points(train, test, grid), n, 2), threads);
        }
        PrunedForward.Unpruned u = unpruned(model, tk, steps, train, test, grid);
        return plan == null ? u.labels() : f.predict(plan, u, threads);
    }

    /** The unpruned forward over training set, test set and grid, which the pruned ones start from. */
    private PrunedForward.Unpruned unpruned(Network model, TestKey tk, int steps, Samples train, Samples test,
                                            DecisionGrid grid) {
        return unpruned.get(new PointsKey(model, tk, steps), () -> {
            int n = train.size() + test.size() + grid.count();
            return forward(model).unpruned(PrunedForward.group(points(train, test, grid), n, 2), threads);
        });
    }

    /** Accuracies and grid labels from the labels of training set, test set (null: none) and grid, in that order. */
    private static Predicted predicted(int[] labels, Samples train, Samples test, DecisionGrid grid) {
        int nTest = test == null ? 0 : test.size();
        int gridFrom = labels.length - grid.count();
        int[] trainLabels = Arrays.copyOfRange(labels, 0, train.size());
        double testAcc = Double.NaN;
        if (test != null) {
            testAcc = Evaluation.accuracy(Arrays.copyOfRange(labels, train.size(), train.size() + nTest),
                    test.labels());
        }
        byte[] g = new byte[grid.count()];
        for (int i = 0; i < g.length; i++) {
            g[i] = (byte) labels[gridFrom + i];
        }
        return new Predicted(Evaluation.accuracy(trainLabels, train.labels()), testAcc, g);
    }

    /** The points one prediction runs on: the training set, the test set (null: none) and the grid, in that order. */
    public static float[] points(Samples train, Samples test, DecisionGrid grid) {
        float[] gridXy = grid.points();
        int nTest = test == null ? 0 : test.size();
        float[] xy = new float[2 * (train.size() + nTest + grid.count())];
        System.arraycopy(train.x(), 0, xy, 0, 2 * train.size());
        if (test != null) {
            System.arraycopy(test.x(), 0, xy, 2 * train.size(), 2 * nTest);
        }
        System.arraycopy(gridXy, 0, xy, 2 * (train.size() + nTest), gridXy.length);
        return xy;
    }

    /** {@link Network#predict} over n points in chunks of {@value #CHUNK}: the same labels, bounded memory. */
    static int[] predictChunked(Network net, float[] xy, int n, int threads) {
        int[] out = new int[n];
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start);
            float[] part = Arrays.copyOfRange(xy, 2 * start, 2 * (start + m));
            System.arraycopy(net.predict(part, m, threads), 0, out, start, m);
        }
        return out;
    }

    private static Samples concat(Samples a, Samples b) {
        if (b.size() == 0) {
            return a;
        }
        float[] xy = Arrays.copyOf(a.x(), a.x().length + b.x().length);
        System.arraycopy(b.x(), 0, xy, a.x().length, b.x().length);
        int[] labels = Arrays.copyOf(a.labels(), a.size() + b.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new Samples(xy, labels);
    }
}
