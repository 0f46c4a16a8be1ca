package org.lrppruning.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.RunCache;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.experiment.RunResult;
import org.lrppruning.model.Network;

/**
 * Runs a grid in one process: independent runs in parallel (each single-threaded, so results do not
 * depend on the thread count), each run's lines appended whole once it and the runs before it ended (so a
 * fresh log holds its lines in run order, the same file for any thread count), runs already complete in
 * the log skipped. A killed sweep loses at most the runs in flight and those waiting for them; sweeps
 * sharing a log share its runs, each logged once.
 */
public final class Sweep {
    /** Progress of a sweep. */
    public interface Progress {
        /** Called once before the first run: how many runs will execute and how many were skipped. */
        default void start(int toRun, int skipped) {}

        /** Called after each run. */
        default void done(RunResult result) {}

        /** Called for a pending run that another writer of the log logged first. */
        default void loggedByOther(RunConfig run) {}
    }

    /**
     * What a sweep did: runs run and logged here, runs complete in the log before it started, runs
     * that another writer of the same log logged while it ran, and the torn last line it cut (or null).
     */
    public record Summary(int ran, int skipped, int loggedByOthers, List<String> nanRuns, String repairedTail) {
    }

    private Sweep() {}

    /** The runs of {@code runs} not yet complete in {@code log}. */
    public static List<RunConfig> pending(List<RunConfig> runs, LogFile log) {
        List<RunConfig> todo = new ArrayList<>();
        for (RunConfig r : runs) {
            if (!log.isComplete(r)) {
                todo.add(r);
            }
        }
        return todo;
    }

    /**
     * Runs every pending run of {@code runs} on {@code threads} threads with the models and
     * training sets given per data set, appending to {@code log}. Other sweeps may share the log:
     * before each run the log is re-read and a run another writer has logged is skipped, and a run
     * both finished is logged once ({@link LogFile#append}).
     *
     * @throws IllegalArgumentException when {@code log} is not a log (it is left unchanged)
     */
    public static Summary run(List<RunConfig> runs, Map<Dataset, Network> models, Map<Dataset, Samples> train,
                              Path log, int threads, Progress progress) throws IOException, InterruptedException {
        return run(runs, models, train, LogFile.open(log), threads, progress);
    }

    /** As {@link #run(List, Map, Map, Path, int, Progress)}, on a log already opened. */
    public static Summary run(List<RunConfig> runs, Map<Dataset, Network> models, Map<Dataset, Samples> train,
                              LogFile logFile, int threads, Progress progress) throws IOException, InterruptedException {
        List<RunConfig> todo = pending(runs, logFile);
        RunCache cache = cacheFor(todo);
        cache.expect(todo);
        return run(todo, runs.size() - todo.size(), models, train, logFile, threads, progress, cache);
    }

    /**
     * A cache for {@code runs}: their sample-dependent criteria scored together for each set of reference
     * samples. Register the runs that will use it ({@link RunCache#expect}) before the first starts.
     */
    public static RunCache cacheFor(List<RunConfig> runs) {
        return new RunCache(runs.stream().map(RunConfig::criterion).distinct().toList());
    }

    /**
     * As {@link #run(List, Map, Map, LogFile, int, Progress)} with a cache shared with other sweeps (such as the
     * rank grid after the accuracy grid: the same reference samples, scored once); the caller has registered
     * the pending runs of every sweep that shares it ({@link RunCache#expect}).
     */
    public static Summary run(List<RunConfig> runs, Map<Dataset, Network> models, Map<Dataset, Samples> train,
                              LogFile logFile, int threads, Progress progress, RunCache cache)
            throws IOException, InterruptedException {
        List<RunConfig> todo = pending(runs, logFile);
        return run(todo, runs.size() - todo.size(), models, train, logFile, threads, progress, cache);
    }

    private static Summary run(List<RunConfig> todo, int skipped, Map<Dataset, Network> models,
                               Map<Dataset, Samples> train, LogFile logFile, int threads, Progress progress,
                               RunCache cache) throws IOException, InterruptedException {
        progress.start(todo.size(), skipped);
        List<String> nan = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger others = new AtomicInteger();
        // results are logged in the order of the runs (a run that ends early waits for those before it), so the
        // log, and the means over its lines the analysis takes in log order, do not depend on thread timing;
        // one thread at a time commits every run that is ready in one write, while the others go on computing
        Object commitLock = new Object();
        Map<Integer, RunResult> finished = new HashMap<>();
        int[] nextToLog = {0};
        boolean[] committing = {false};
        RunResult skip = new RunResult(null, List.of(), null, null, null, false, List.of());
        // what a logged batch tells: per run, logged here (done) or by another writer first
        BiConsumer<List<RunResult>, int[]> counted = (batch, written) -> {
            for (int b = 0; b < batch.size(); b++) {
                RunResult r = batch.get(b);
                if (written[b] == 0) {
                    others.incrementAndGet();
                    progress.loggedByOther(r.config());
                    continue;
                }
                ran.incrementAndGet();
                if (r.nanScores()) {
                    nan.add(r.config().experimentName());
                }
                progress.done(r);
            }
        };
        try {
            Workers.run("sweep", threads, todo.size(), i -> {
                RunConfig cfg = todo.get(i);
                logFile.refresh();
                RunResult res = skip;
                if (logFile.isComplete(cfg)) {
                    others.incrementAndGet();
                    synchronized (commitLock) {
                        progress.loggedByOther(cfg);
                    }
                } else {
                    res = Experiment.run(models.get(cfg.dataset()), train.get(cfg.dataset()), cfg, 1, Experiment.QUIET,
                            cache);
                }
                synchronized (commitLock) {
                    finished.put(i, res);
                    if (committing[0]) {
                        return; // the committing thread takes it with its next batch
                    }
                    committing[0] = true;
                }
                boolean done = false;
                try {
                    while (true) {
                        List<RunResult> batch = new ArrayList<>();
                        synchronized (commitLock) {
                            for (RunResult r; (r = finished.remove(nextToLog[0])) != null; nextToLog[0]++) {
                                if (r != skip) {
                                    batch.add(r);
                                }
                            }
                            if (batch.isEmpty()) {
                                committing[0] = false;
                                done = true;
                                return;
                            }
                        }
                        int[] written = logFile.appendRuns(batch.stream().map(RunResult::logLines).toList());
                        synchronized (commitLock) {
                            counted.accept(batch, written);
                        }
                    }
                } finally {
                    if (!done) {
                        synchronized (commitLock) {
                            committing[0] = false;
                        }
                    }
                }
            });
        } finally {
            // the last results (or, after a failure, the runs that ended after it) are logged in their order
            synchronized (commitLock) {
                List<RunResult> rest = new TreeMap<>(finished).values().stream().filter(r -> r != skip).toList();
                finished.clear();
                counted.accept(rest, logFile.appendRuns(rest.stream().map(RunResult::logLines).toList()));
            }
        }
        return new Summary(ran.get(), skipped, others.get(), nan, logFile.repairedTail());
    }
}
