package org.lrppruning.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splitting work over threads without changing a bit: a range of independent items is cut into
 * contiguous parts, one per thread, and each item is computed exactly as it would be alone. One
 * shared pool of daemon workers (also {@link MatOps}'); the caller runs the first part itself.
 */
public final class Parallel {
    private Parallel() {}

    /** Work on the items [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final ExecutorService EXEC = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lrp-worker");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code body} over [0, count) in at most {@code threads} contiguous parts (at least
     * {@code grain} items each); the items must be independent, so the result is the same for any
     * thread count.
     */
    public static void range(int count, int threads, int grain, Range body) {
        int parts = Math.max(1, Math.min(threads, count / Math.max(1, grain)));
        if (parts <= 1) {
            body.run(0, count);
            return;
        }
        List<Runnable> jobs = new ArrayList<>(parts);
        for (int t = 0; t < parts; t++) {
            int from = (int) ((long) count * t / parts);
            int to = (int) ((long) count * (t + 1) / parts);
            jobs.add(() -> body.run(from, to));
        }
        runAll(jobs);
    }

    /** Runs the jobs, the first on the calling thread, the rest on the pool; rethrows the first failure. */
    static void runAll(List<Runnable> jobs) {
        List<Future<?>> futures = new ArrayList<>(jobs.size() - 1);
        for (int t = 1; t < jobs.size(); t++) {
            futures.add(EXEC.submit(jobs.get(t)));
        }
        jobs.get(0).run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
