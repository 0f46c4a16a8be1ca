package org.lrppruning.curves;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.criteria.Definitions;
import org.lrppruning.criteria.UnitSets;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.io.FileLocks;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Masker;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.sweep.Merge;
import org.lrppruning.sweep.Shard;
import org.lrppruning.sweep.Workers;
import org.lrppruning.train.Trainer;

/**
 * Pruning-rate curves (Yeom et al. 2021, Sect. 4.3, Fig. 6), the library entry point of the {@code curves} command
 * and of {@code reproduce --cnn}:
 * <ul>
 *   <li>one shot: per (criterion, n, seed) the units are scored once on n reference samples per class drawn with the
 *   seed, ranked globally by their per-layer normalised scores, and each rate removes the floor(rate × units)
 *   lowest physically ({@link Pruner}), passing over a layer's last unit ({@link #plan}); accuracy on the test set
 *   (masked, {@link CurveSpec#masked}: every conv's filters ranked on their own and zeroed, {@link Masker});</li>
 *   <li>fine-tuned: along the same rates each step removes what takes the count to floor(rate × original units)
 *   from the current network (ranked on it), fine-tunes it ({@link CurveSpec.FineTune}), measures it, and re-scores
 *   it on the same reference samples for the next step.</li>
 * </ul>
 * Curves run in parallel (each on its share of the threads; no value depends on it); a curve's
 * points are appended to {@code DIR/log.txt} in one write when it ends ({@link CurveLog}), curves already logged are
 * skipped, so a killed run loses only the curves in flight and a re-run resumes. {@code DIR/setup.txt} pins the
 * setup: another setup is refused before anything is written.
 */
public final class Curves {
    private Curves() {}

    /** Progress of a run; called from the worker threads, one call at a time. */
    public interface Progress {
        /** Before the first curve: curves to compute, curves found complete in the log, and points to compute. */
        default void start(int curves, int skipped, long points) {}

        /** After each point computed (not yet logged: a curve is logged whole). */
        default void point(CurvePoint p) {}

        /** After a curve: its points, and whether this run logged them (false: another writer did first). */
        default void curve(List<CurvePoint> points, boolean logged) {}
    }

    /** No progress reports. */
    public static final Progress QUIET = new Progress() { };

    /**
     * What a run did: curves computed and logged here, curves complete in the log before, curves another writer logged
     * meanwhile, the torn last line cut from the log (or null), and the log.
     */
    public record Summary(int ran, int skipped, int loggedByOthers, String repairedTail, Path log) {
    }

    /** One curve of the grid: a criterion (registry name and logged label), n per class, seed, mode. */
    record Curve(String criterion, String label, int perClass, long seed, CurvePoint.Mode mode) {
    }

    /** Every curve of a spec in grid order: one-shot (criterion, n, seed), then fine-tuned likewise. */
    static List<Curve> curves(CurveSpec s) {
        List<Curve> out = new ArrayList<>();
        for (String c : s.criteria()) {
            for (int n : s.perClass()) {
                for (long seed : s.seeds()) {
                    out.add(new Curve(c, s.label(c), n, seed, CurvePoint.Mode.ONESHOT));
                }
            }
        }
        if (s.fineTune() != null) {
            for (String c : s.criteria()) {
                for (int n : s.fineTune().perClass()) {
                    for (long seed : s.fineTune().seeds()) {
                        out.add(new Curve(c, s.label(c), n, seed, CurvePoint.Mode.FINETUNE));
                    }
                }
            }
        }
        return out;
    }

    /** The step number of rate {@code i}: 0 is the unpruned model, so steps count from 1 when the rates lack 0. */
    static int step(CurveSpec s, int i) {
        return s.rates().get(0).equals("0") ? i : i + 1;
    }

    /** The keys of a curve's points. */
    static List<String> names(CurveSpec s, Curve c) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.rates().size(); i++) {
            out.add(CurveLines.name(c.label(), c.perClass(), c.seed(), c.mode(), step(s, i), s.rates().get(i)));
        }
        return out;
    }

    /** The whole grid, see {@link #run(CurveSpec, Path, Shard, int, Progress)}. */
    public static Summary run(CurveSpec spec, Path dir, int threads, Progress progress)
            throws IOException, InterruptedException {
        return run(spec, dir, Shard.ALL, threads, progress);
    }

    /**
     * Computes the curves of {@code shard} of the grid not yet in {@code dir}'s log and appends each whole.
     * Before anything is written: a folder of another setup, or one holding other files, is refused, and the log, if
     * any, must be a curves log (rates the layers cannot afford were refused by {@link CurveSpec}).
     *
     * @throws IllegalArgumentException (one line) for all of these; nothing is written then
     */
    public static Summary run(CurveSpec spec, Path dir, Shard shard, int threads, Progress progress)
            throws IOException, InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        String setup = CurveSetup.text(spec);
        boolean hasSetup = CurveSetup.check(dir, setup);
        LogFile log = Files.exists(dir) ? CurveLog.open(dir) : null;
        List<Curve> mine = shard.select(curves(spec));
        List<Curve> todo = new ArrayList<>();
        for (Curve c : mine) {
            if (log == null || !log.containsAll(names(spec, c))) {
                todo.add(c);
            }
        }
        Network net = spec.model();
        int classes = net.classes();
        if (spec.test().classCount() > classes || spec.data().classCount() > classes) {
            throw new IllegalArgumentException("the data's labels go beyond the model's " + classes + " classes");
        }
        int parallel = Math.max(1, Math.min(threads, todo.size()));
        int inner = Math.max(1, threads / parallel);
        if (!hasSetup) {
            writeSetup(dir, setup, "this run");
        }
        if (log == null) {
            log = CurveLog.open(dir);
        }
        long points = (long) todo.size() * spec.rates().size();
        progress.start(todo.size(), mine.size() - todo.size(), points);
        // long curves first, so that the last ones do not leave a thread idle; no value depends on the order
        List<Curve> order = new ArrayList<>(todo);
        order.sort((a, b) -> Boolean.compare(a.mode() == CurvePoint.Mode.ONESHOT, b.mode() == CurvePoint.Mode.ONESHOT));
        PlanCounts counts = new PlanCounts(spec.test());
        LogFile target = log;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger others = new AtomicInteger();
        Object progressLock = new Object();
        Workers.run("curves", parallel, order.size(), i -> {
            Curve c = order.get(i);
            target.refresh();
            if (target.containsAll(names(spec, c))) {
                others.incrementAndGet();
                return;
            }
            // the last curves get the threads of the workers that have run out of curves
            int share = Math.max(inner, threads / Math.min(parallel, order.size() - i));
            List<CurvePoint> pts = curve(spec, c, counts, share, p -> {
                synchronized (progressLock) {
                    progress.point(p);
                }
            });
            boolean logged = target.append(pts.stream().map(CurveLines::format).toList()) > 0;
            (logged ? ran : others).incrementAndGet();
            synchronized (progressLock) {
                progress.curve(pts, logged);
            }
        });
        return new Summary(ran.get(), mine.size() - todo.size(), others.get(), target.repairedTail(), target.path());
    }

    /** Every point of a curves folder's log ({@link CurveLog#read}). */
    public static List<CurvePoint> read(Path dir) throws IOException {
        return CurveLog.read(dir);
    }

    /**
     * Joins curves folders (shards) into {@code out}: all must have the same setup (and {@code out}, if it has one);
     * their logs are merged as {@link Merge} merges sweep logs (identical lines once, a conflict writes nothing).
     */
    public static Merge.Summary merge(List<Path> dirs, Path out) throws IOException {
        String setup = null;
        for (Path d : dirs) {
            String s = CurveSetup.read(d.resolve(CurveSetup.FILE));
            if (setup == null) {
                setup = s;
            } else if (CurveSetup.firstDifference(s, setup, "", "") != null) {
                throw new IllegalArgumentException(d + " has another setup than " + dirs.get(0) + ": "
                        + CurveSetup.firstDifference(s, setup, d.toString(), dirs.get(0).toString()) + "; nothing written");
            }
        }
        boolean hasSetup = CurveSetup.check(out, setup, "the folders merged");
        List<Path> logs = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.exists(d.resolve(CurveLog.LOG))) {
                logs.add(d.resolve(CurveLog.LOG));
            }
        }
        LogFile.open(out.resolve(CurveLog.LOG), CurveLines.GRAMMAR); // a foreign target is refused before writing
        for (Path l : logs) {
            LogFile.read(l, CurveLines.GRAMMAR, (line, no) -> { }); // every input read whole before writing
        }
        if (!hasSetup) {
            writeSetup(out, setup, "the folders merged");
        }
        return Merge.merge(logs, out.resolve(CurveLog.LOG), CurveLines.GRAMMAR);
    }

    /** Writes the setup atomically under the log's lock (two runs starting on one new folder write the same text). */
    private static void writeSetup(Path dir, String setup, String whose) throws IOException {
        Files.createDirectories(dir);
        try (FileLocks.Held h = FileLocks.lock(dir.resolve(CurveLog.LOG + ".lock"))) {
            CurveSetup.check(dir, setup, whose); // another run may have written it meanwhile
            AtomicFiles.writeString(dir.resolve(CurveSetup.FILE), setup);
        }
    }

    /** The curve's reference samples: n per class of the training data, drawn with its seed. */
    private static LabeledData refs(CurveSpec spec, Curve c) {
        return References.draw(spec.data(), spec.model().classes(), c.perClass(), References.Pick.RANDOM, c.seed(),
                spec.dataName());
    }

    /** The global order of {@code net}'s units by the curve's criterion on {@code refs}, lowest first. */
    private static int[] ranking(CurveSpec spec, Curve c, Network net, LabeledData refs, int threads) {
        Criterion cr = spec.criterion(c.criterion());
        return cr.score(net, spec.sets(net), refs, Definitions.of(net, spec.precision()), threads).ranking();
    }

    /** floor(rate × units), exactly. */
    static int removed(String rate, int units) {
        return new BigDecimal(rate).multiply(BigDecimal.valueOf(units)).setScale(0, RoundingMode.FLOOR).intValueExact();
    }

    /**
     * Test-set correct counts of the model pruned by a plan, computed once per distinct plan (the unpruned model is
     * the empty plan): the one-shot curves of a data-free criterion (weight) are the same for every n and seed, and
     * low rates often give one plan for several seeds. Concurrent askers of one plan wait for its one evaluation.
     */
    private static final class PlanCounts {
        private final LabeledData test;
        private final ConcurrentHashMap<String, FutureTask<Integer>> counts = new ConcurrentHashMap<>();

        PlanCounts(LabeledData test) {
            this.test = test;
        }

        int correct(PruningPlan plan, Network pruned, int threads) {
            FutureTask<Integer> f = new FutureTask<>(() -> Accuracy.correct(pruned, test, threads, null));
            FutureTask<Integer> first = counts.putIfAbsent(key(plan), f);
            if (first == null) {
                f.run();
                first = f;
            }
            try {
                return first.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while another curve evaluated the same pruned model", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }

        /** The removed units per layer, sorted: plans removing the same units give the same model. */
        private static String key(PruningPlan plan) {
            StringBuilder b = new StringBuilder();
            for (int[] layer : plan.perLayer()) {
                int[] u = layer.clone();
                Arrays.sort(u);
                b.append(Arrays.toString(u)).append(';');
            }
            return b.toString();
        }
    }

    /**
     * The units a step removes from {@code net}: the {@code count} lowest of its ranking {@code order}, every layer
     * keeping at least one unit ({@link PruningPlan#lowestKeeping}).
     */
    static PruningPlan plan(Network net, int[] order, int count) {
        return PruningPlan.lowestKeeping(order, net.unitCounts(), count, 1);
    }

    /** One curve's points, in step order. */
    private static List<CurvePoint> curve(CurveSpec spec, Curve c, PlanCounts counts, int threads,
                                          java.util.function.Consumer<CurvePoint> progress) {
        Network net0 = spec.model();
        UnitSets sets = spec.sets(net0);
        int[] sizes = sets.unitCounts(net0);
        int[] layers = Arrays.stream(sets.outLayers()).mapToInt(o -> o[0]).toArray();
        int units = Arrays.stream(sizes).sum();
        LabeledData test = spec.test();
        LabeledData refs = refs(spec, c);
        List<CurvePoint> out = new ArrayList<>();
        int[] firstOrder = null;
        Network current = net0;
        boolean[] gone = new boolean[units]; // masked fine-tuning: the filters masked so far, layer-major
        int removed = 0;
        for (int i = 0; i < spec.rates().size(); i++) {
            String rate = spec.rates().get(i);
            int target = removed(rate, units);
            Network pruned;
            int correct;
            if (target == 0 && removed == 0) {
                pruned = net0;
                correct = counts.correct(PruningPlan.none(sets.size()), net0, threads);
            } else if (c.mode() == CurvePoint.Mode.ONESHOT) {
                if (firstOrder == null) {
                    firstOrder = ranking(spec, c, net0, refs, threads);
                }
                PruningPlan plan = PruningPlan.lowestKeeping(firstOrder, sizes, target, 1);
                pruned = spec.masked() ? Masker.mask(net0, layers, plan) : Pruner.prune(net0, plan);
                correct = counts.correct(plan, pruned, threads);
            } else if (spec.masked()) { // masked filters stay in the network: rank the rest, mask more, keep them zero
                int[] order = ranking(spec, c, current, refs, threads);
                PruningPlan plan = PruningPlan.lowestKeeping(alreadyFirst(order, gone), sizes, target, 1);
                for (int g : plan.globalIndices(sizes)) {
                    gone[g] = true;
                }
                Network tuned = fineTune(spec, c, Masker.mask(current, layers, plan), step(spec, i), threads);
                current = Masker.mask(tuned, layers, plan); // fine-tuning moved the zeroed weights
                pruned = current;
                correct = Accuracy.correct(pruned, test, threads, null);
            } else { // rank the current (pruned, fine-tuned) network on the same reference samples
                int[] order = ranking(spec, c, current, refs, threads);
                current = fineTune(spec, c, Pruner.prune(current, plan(current, order, target - removed)),
                        step(spec, i), threads);
                pruned = current;
                correct = Accuracy.correct(pruned, test, threads, null);
            }
            CurvePoint p = new CurvePoint(c.label(), c.perClass(), c.seed(), c.mode(), step(spec, i), rate, target,
                    units, pruned.parameterCount(), pruned.macs(), correct, test.size());
            removed = target;
            out.add(p);
            progress.accept(p);
        }
        return out;
    }

    /** {@code order} with the units of {@code first} moved to its front (in their order): they are taken first again. */
    static int[] alreadyFirst(int[] order, boolean[] first) {
        int[] out = new int[order.length];
        int k = 0;
        for (int u : order) {
            if (first[u]) {
                out[k++] = u;
            }
        }
        for (int u : order) {
            if (!first[u]) {
                out[k++] = u;
            }
        }
        return out;
    }

    /**
     * {@code net} trained on {@code steps × batch} samples of the training set (without repeats until all are used,
     * drawn from the curve's seed and the step: every criterion sees the same batches), Adam at a constant rate, one
     * pass; returned with fresh parameter arrays.
     */
    static Network fineTune(CurveSpec spec, Curve c, Network net, int step, int threads) {
        CurveSpec.FineTune f = spec.fineTune();
        LabeledData data = spec.data();
        long seed = new SplittableRandom(c.seed()).split().nextLong() ^ (0x9E3779B97F4A7C15L * (step + 1));
        SplittableRandom rng = new SplittableRandom(seed);
        int m = Math.multiplyExact(f.steps(), f.batch());
        int n = data.size();
        int[] idx = new int[m];
        int[] perm = new int[n];
        for (int filled = 0; filled < m; ) {
            for (int k = 0; k < n; k++) {
                perm[k] = k;
            }
            int take = Math.min(n, m - filled);
            for (int k = 0; k < take; k++) { // the first `take` entries of a Fisher-Yates shuffle
                int j = k + rng.nextInt(n - k);
                int t = perm[k];
                perm[k] = perm[j];
                perm[j] = t;
                idx[filled + k] = perm[k];
            }
            filled += take;
        }
        Trainer.Settings s = new Trainer.Settings(f.batch(), f.learningRate(), 1, Double.NaN, rng.nextLong(),
                Trainer.Schedule.CONSTANT);
        return Trainer.copy(Trainer.train(net, data.select(idx), s, threads, null).network());
    }
}
