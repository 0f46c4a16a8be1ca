package org.lrppruning.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
 * depend on the thread count), each run's lines appended whole as soon as it ends, runs already
 * complete in the log skipped. A killed sweep loses at most the runs in flight.
 */
public final class Sweep {
    /** Progress of a sweep. */
    public interface Progress {
        /** Called once before the first run: how many runs will execute and how many were skipped. */
        default void start(int toRun, int skipped) {}

        /** Called after each run. */
        default void done(RunResult result) {}
    }

    /** What a sweep did. */
    public record Summary(int ran, int skipped, List<String> nanRuns, String repairedTail) {
    }

    private Sweep() {}

    /** The runs of {@code runs} not yet complete in {@code log}. */
    public static List<RunConfig> pending(List<RunConfig> runs, Path log, boolean rankLog) throws IOException {
        Set<String> done = RunKeys.complete(log, rankLog);
        List<RunConfig> todo = new ArrayList<>();
        for (RunConfig r : runs) {
            if (!RunKeys.isDone(done, r)) {
                todo.add(r);
            }
        }
        return todo;
    }

    /**
     * Runs every pending run of {@code runs} on {@code threads} threads with the models and
     * training sets given per data set, appending to {@code log}.
     */
    public static Summary run(List<RunConfig> runs, Map<Dataset, Network> models, Map<Dataset, Samples> train,
                              Path log, int threads, Progress progress) throws IOException, InterruptedException {
        String torn = LogFile.repairTornTail(log);
        boolean rankLog = !runs.isEmpty() && runs.get(0).rankLog();
        List<RunConfig> todo = pending(runs, log, rankLog);
        progress.start(todo.size(), runs.size() - todo.size());
        List<String> nan = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        Object logLock = new Object();
        RunCache cache = new RunCache();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < todo.size()) {
                        if (Thread.currentThread().isInterrupted()) {
                            return null;
                        }
                        RunConfig cfg = todo.get(i);
                        RunResult res = Experiment.run(models.get(cfg.dataset()), train.get(cfg.dataset()), cfg, 1,
                                Experiment.QUIET, cache);
                        synchronized (logLock) {
                            try {
                                LogFile.append(log, res.logLines());
                            } catch (IOException e) {
                                throw new UncheckedIOException("cannot append to " + log + ": " + e.getMessage(), e);
                            }
                            if (res.nanScores()) {
                                nan.add(cfg.experimentName());
                            }
                            progress.done(res);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    next.set(todo.size()); // stop the other workers at their next run
                    Throwable c = e.getCause();
                    if (c instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(todo.size(), runs.size() - todo.size(), nan, torn);
    }
}
