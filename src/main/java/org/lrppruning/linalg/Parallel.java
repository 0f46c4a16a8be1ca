package org.lrppruning.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Splitting work over threads without changing a bit: a range of independent items is cut into
 * contiguous parts, a few per thread, which the workers take in turn (so one that the system holds
 * back does not hold up the rest), and each item is computed exactly as it would be alone. One shared
 * pool of daemon workers (also {@link MatOps}'); the caller is one of the workers.
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

    /** Threads lent to the calling thread's kernels that take no thread count (see {@link #lending}). */
    private static final ThreadLocal<int[]> LENT = ThreadLocal.withInitial(() -> new int[] {1});

    /**
     * Runs {@code body} with {@code threads} threads lent to the kernels it calls that take no thread count of
     * their own (the float64 maps of the layers, whose signatures have none): an explanation of fewer chunks
     * than threads gives its idle threads to them. Only the calling thread sees the loan (pool workers keep 1,
     * so nothing nests); the kernels' bits do not depend on it.
     */
    public static <T> T lending(int threads, java.util.function.Supplier<T> body) {
        int[] lent = LENT.get();
        int before = lent[0];
        lent[0] = Math.max(1, threads);
        try {
            return body.get();
        } finally {
            lent[0] = before;
        }
    }

    /** The threads lent to the calling thread (1 outside {@link #lending}). */
    public static int lent() {
        return LENT.get()[0];
    }

    /** A grain for {@link #range} over the elements of an element-wise loop: 16 K, well above a part's hand-over cost. */
    public static final int ELEMENTS = 1 << 14;

    /** Parts per thread of {@link #range}: a thread the system holds back leaves its later parts to the others. */
    private static final int PARTS_PER_THREAD = 4;

    /**
     * Runs {@code body} over [0, count) in up to {@value #PARTS_PER_THREAD} contiguous parts per thread (at
     * least {@code grain} items each), {@code threads} workers taking the parts in turn; the items must be
     * independent, so the result is the same for any thread count and any assignment of parts.
     */
    public static void range(int count, int threads, int grain, Range body) {
        parts(count, Math.min((long) threads * PARTS_PER_THREAD, count / Math.max(1, grain)), threads, body);
    }

    /** Runs {@code body} over [0, count) cut into {@code parts} contiguous parts, taken by up to {@code threads} workers. */
    static void parts(int count, long parts, int threads, Range body) {
        int p = (int) Math.max(1, Math.min(parts, count));
        int workers = Math.min(threads, p);
        if (workers <= 1) {
            body.run(0, count);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable job = () -> {
            for (int t = next.getAndIncrement(); t < p; t = next.getAndIncrement()) {
                body.run((int) ((long) count * t / p), (int) ((long) count * (t + 1) / p));
            }
        };
        List<Runnable> jobs = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            jobs.add(job);
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
