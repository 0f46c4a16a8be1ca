package org.lrppruning.workbench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.lrppruning.web.ApiError;

/**
 * Accuracy-against-rate curves computed in the background, one job per page (client id): a newer request of the
 * same page cancels its running job (checked between points), one thread computes, and at most {@value #CLIENTS}
 * pages keep a job, so the work and the memory stay bounded. Points are the workbench's own evaluations, so a
 * slider move onto a curve's rate is a cache hit afterwards.
 */
final class CurveJobs implements AutoCloseable {
    /** Pages whose jobs are kept; the least recently started goes first (cancelled if still running). */
    static final int CLIENTS = 8;
    /** The rates of a curve: 0, 0.05, …, 0.95. */
    static final List<BigDecimal> RATES;

    static {
        List<BigDecimal> r = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            r.add(BigDecimal.valueOf(i * 5L, 2));
        }
        RATES = List.copyOf(r);
    }

    /** One point: accuracy in percent (NaN where {@code prune} refuses the plan) of a criterion at a rate. */
    record Point(String criterion, BigDecimal rate, double accuracy, int removed) {
    }

    /** A job: its request, the points so far, whether it finished, was cancelled or failed. */
    static final class Job {
        final long id;
        final Setting base;
        final boolean perLayer;
        final boolean full;
        final List<String> criteria;
        final int expected;
        private final List<Point> points = new ArrayList<>();
        volatile boolean cancelled;
        volatile boolean done;
        volatile String error;

        Job(long id, Setting base, boolean perLayer, boolean full, List<String> criteria) {
            this.id = id;
            this.base = base;
            this.perLayer = perLayer;
            this.full = full;
            this.criteria = List.copyOf(criteria);
            this.expected = criteria.size() * RATES.size();
        }

        synchronized List<Point> points() {
            return List.copyOf(points);
        }

        synchronized void add(Point p) {
            points.add(p);
        }

        String state() {
            return error != null ? "failed" : cancelled ? "cancelled" : done ? "done" : "running";
        }
    }

    private final Workbench bench;
    private final ExecutorService worker;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    CurveJobs(Workbench bench) {
        this.bench = bench;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "workbench-curves");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the curves of {@code criteria} for {@code client}, cancelling its previous job. */
    synchronized Job start(String client, Setting base, boolean perLayer, boolean full, List<String> criteria) {
        for (String c : criteria) {
            bench.criterion(new Setting(c, base.composite(), base.perClass(), base.seed())); // bad names: 400 now
        }
        Job old = jobs.remove(client);
        if (old != null) {
            old.cancelled = true;
        }
        if (jobs.size() >= CLIENTS) {
            String eldest = jobs.keySet().iterator().next();
            jobs.remove(eldest).cancelled = true;
        }
        Job job = new Job(ids.incrementAndGet(), base, perLayer, full, criteria);
        jobs.put(client, job);
        worker.submit(() -> run(job));
        return job;
    }

    /** The job of {@code client}, or null. */
    synchronized Job get(String client) {
        return jobs.get(client);
    }

    /** Cancels the job of {@code client}, if any. */
    synchronized Job cancel(String client) {
        Job j = jobs.get(client);
        if (j != null && !j.done) {
            j.cancelled = true;
        }
        return j;
    }

    private void run(Job job) {
        try {
            List<Workbench.Scored> scored = new ArrayList<>();
            for (String c : job.criteria) {
                if (job.cancelled) {
                    return;
                }
                scored.add(bench.scores(new Setting(c, job.base.composite(), job.base.perClass(), job.base.seed())));
            }
            // rate-major: every curve grows at once
            for (BigDecimal r : RATES) {
                for (int i = 0; i < scored.size(); i++) {
                    if (job.cancelled) {
                        return;
                    }
                    Workbench.Evaluation e = bench.evaluate(bench.plan(scored.get(i),
                            new Setting.Amount(r, null, job.perLayer)), job.perLayer, job.full);
                    job.add(new Point(job.criteria.get(i), r, e.accuracy(), e.removed()));
                }
            }
            job.done = true;
        } catch (RuntimeException e) {
            job.error = ApiError.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
