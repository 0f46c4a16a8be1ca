package org.lrppruning.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Independent tasks 0..count−1 worked off by a fixed number of daemon threads, each taking the next index when it
 * is free (so long and short tasks balance); the first failure stops the other threads before their next task and
 * is rethrown as it was thrown (an IOException too). The sweeps' and the curves' one pool.
 */
public final class Workers {
    private Workers() {}

    /** One task. */
    @FunctionalInterface
    public interface Task {
        /** Runs task {@code index}. */
        void run(int index) throws IOException;
    }

    /** Runs every task on {@code threads} threads named {@code name}; returns when all are done. */
    public static void run(String name, int threads, int count, Task task) throws IOException, InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        if (Thread.currentThread().isInterrupted()) {
                            return null;
                        }
                        try {
                            task.run(i);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    next.set(count); // stop the other workers at their next task
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
    }
}
