package org.lrppruning.lrp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.lrppruning.linalg.Parallel;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Shapes;
import org.lrppruning.model.Trace;
import org.lrppruning.model.Trace64;

/**
 * LRP explanations of a batch under a {@link Composite}: the composite's canonizers rewrite the network, a
 * forward pass feeds the rules, and relevance starts at the logits ({@link Start}) and walks back to the
 * input ({@link RelevancePass}). Reported are the logits, the relevance at the input and, for every Affine
 * layer (a "tap"; a Linear output layer's is the start itself, as Zennit's fixtures list it; a Conv2d output
 * layer's, behind pooling, is the start spread over its positions by the pool's rule), the relevance at its
 * output summed (and |R| summed) over the spatial positions of each unit. A BatchNorm merged by the canonizer makes its layer's output the BatchNorm's, so
 * a conv tap is the relevance after BN, as Zennit's fixtures report it.
 *
 * <p>Samples are explained in chunks of {@value #CHUNK}, chunks in parallel, each single-threaded: every
 * sample's arithmetic is independent of the others', so the results are the same bits for any thread count.
 */
public final class Explainer {
    /** Samples per chunk. */
    static final int CHUNK = 16;

    /** Where relevance starts: onehot(label) × logit (the paper, Zennit's fixtures) or onehot(label) (value 1). */
    public enum Start {
        LOGIT, ONE_HOT
    }

    /** Arithmetic: float32 (the layers' MatOps products) or float64 throughout (to match float64 references). */
    public enum Precision {
        FLOAT32, FLOAT64
    }

    /** One tap: the layer's name and units, per sample × unit Σ R and Σ |R| over positions (row-major n × units). */
    public record Tap(String name, int units, double[] sum, double[] absSum) {
    }

    /**
     * An explanation of n samples: logits (n × classes, of the explained network), input relevance (n × the
     * input shape; null from {@link #taps}) and the taps bottom-up. Float32 results are stored widened.
     */
    public record Result(int n, int classes, int[] inputShape, double[] logits, double[] input, List<Tap> taps) {
        /** The tap of the layer named {@code name}, or an IllegalArgumentException listing the taps. */
        public Tap tap(String name) {
            for (Tap t : taps) {
                if (t.name().equals(name)) {
                    return t;
                }
            }
            List<String> names = new ArrayList<>();
            taps.forEach(t -> names.add(t.name()));
            throw new IllegalArgumentException("no tap " + name + " (taps: " + String.join(", ", names) + ")");
        }
    }

    private final Network explained;
    private final RuleMap rules;
    private final Start start;
    private final Precision precision;
    /** Positions in {@link #explained} of the tapped layers. */
    private final int[] taps;

    /** An explainer of {@code net} under {@code composite} (the composite's canonizers are applied here, once). */
    public Explainer(Network net, Composite composite, Start start, Precision precision) {
        this.explained = precision == Precision.FLOAT32 ? packed(composite.prepare(net)) : composite.prepare(net);
        this.rules = composite.rules();
        this.start = start;
        this.precision = precision;
        List<Integer> t = new ArrayList<>();
        for (int i = 0; i < explained.layers().size(); i++) {
            if (explained.layer(i) instanceof Affine) {
                t.add(i);
            }
        }
        this.taps = t.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The network with its Linear layers' weights packed once ({@link Linear#packed}: the same bits): every chunk
     * passes every layer, and packing a large Linear's weights costs as much as its product with 16 samples.
     */
    private static Network packed(Network net) {
        List<Layer> layers = new ArrayList<>(net.layers());
        boolean any = false;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear l) {
                Linear p = l.packed();
                any |= p != l;
                layers.set(i, p);
            }
        }
        return any ? net.withLayers(layers) : net;
    }

    /** The network the rules see (after the canonizers). */
    public Network explained() {
        return explained;
    }

    /**
     * Explains n samples of x (n × the network's input shape) for their labels; {@code progress} (may be null)
     * hears the number of samples done after each chunk.
     */
    public Result explain(float[] x, int[] labels, int n, int threads, IntConsumer progress) {
        return run(x, labels, n, threads, progress, true);
    }

    /**
     * {@link #explain} without the input relevance ({@link Result#input} null): the walk stops at the first tapped
     * layer's output, so the first layer's rule never runs (the criteria need the taps only). The taps and logits
     * are the same bits as {@link #explain}'s.
     */
    public Result taps(float[] x, int[] labels, int n, int threads, IntConsumer progress) {
        return run(x, labels, n, threads, progress, false);
    }

    private Result run(float[] x, int[] labels, int n, int threads, IntConsumer progress, boolean toInput) {
        int per = explained.inputs();
        int k = explained.classes();
        if ((long) x.length < (long) n * per || labels.length < n) {
            throw new IllegalArgumentException("explain: " + n + " samples need " + (long) n * per + " values and "
                    + n + " labels, got " + x.length + " and " + labels.length);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("explain: label " + labels[i] + " of sample " + i
                        + " is outside the network's " + k + " classes");
            }
        }
        double[] logits = new double[n * k];
        double[] input = toInput ? new double[n * per] : null;
        List<Tap> out = new ArrayList<>();
        for (int i : taps) {
            Affine a = (Affine) explained.layer(i);
            out.add(new Tap(a.name(), a.units(), new double[n * a.units()], new double[n * a.units()]));
        }
        int chunks = (n + CHUNK - 1) / CHUNK;
        int workers = Math.max(1, Math.min(threads, chunks));
        // fewer chunks than threads (a batch of 16 large images): the idle threads go into each chunk's products,
        // whose bits do not depend on their thread count; the chunks themselves stay as they are
        int inner = Math.max(1, threads / Math.max(1, chunks));
        ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, "explain");
            th.setDaemon(true);
            return th;
        }) : null;
        try {
            List<Future<?>> futures = new ArrayList<>();
            int[] done = {0};
            for (int c = 0; c < chunks; c++) {
                int s0 = c * CHUNK;
                int s1 = Math.min(n, s0 + CHUNK);
                Runnable job = () -> {
                    chunk(x, labels, s0, s1, logits, input, out, inner);
                    if (progress != null) {
                        synchronized (done) {
                            done[0] += s1 - s0;
                            progress.accept(done[0]);
                        }
                    }
                };
                if (pool == null) {
                    job.run();
                } else {
                    futures.add(pool.submit(job));
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("explain interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new Result(n, k, explained.inputShape(), logits, input, List.copyOf(out));
    }

    /**
     * Samples s0..s1: forward, start, backward walk (to the input when {@code input} is non-null, else to the first
     * tap), reduced into the result arrays at their rows.
     */
    private void chunk(float[] x, int[] labels, int s0, int s1, double[] logits, double[] input, List<Tap> out,
                       int threads) {
        int m = s1 - s0;
        int per = explained.inputs();
        int k = explained.classes();
        float[] xs = new float[m * per];
        System.arraycopy(x, s0 * per, xs, 0, xs.length);
        int[] ys = new int[m];
        System.arraycopy(labels, s0, ys, 0, m);
        boolean toInput = input != null;
        if (precision == Precision.FLOAT64) {
            Pass64 p = Parallel.lending(threads, () -> {
                Trace64 t = Trace64.of(explained, xs, m);
                double[] r0 = start64(t.logits(), ys, m, k);
                return new Pass64(t.logits(), toInput ? RelevancePass.explain64(t, r0, rules)
                        : new RelevancePass.Relevance64(RelevancePass.run64(t, r0, rules), null));
            });
            System.arraycopy(p.logits(), 0, logits, s0 * k, m * k);
            if (toInput) {
                System.arraycopy(p.relevance().atInput(), 0, input, s0 * per, m * per);
            }
            for (int j = 0; j < taps.length; j++) {
                reduce(out.get(j), s0, m, positions(j), null, p.relevance().atOutput()[taps[j]]);
            }
            return;
        }
        Trace t = explained.trace(xs, m, threads);
        float[] zf = t.logits();
        double[] z = widen(zf);
        // the float32 start is the float64 one rounded: the same logit, or 1
        float[] r0 = Affine.round(start64(z, ys, m, k));
        float[][] atOutput;
        if (toInput) {
            RelevancePass.Relevance r = RelevancePass.explain(t, r0, rules, threads);
            atOutput = r.atOutput();
            float[] atInput = r.atInput();
            for (int i = 0; i < m * per; i++) {
                input[s0 * per + i] = atInput[i];
            }
        } else {
            atOutput = RelevancePass.run(t, r0, rules, threads);
        }
        System.arraycopy(z, 0, logits, s0 * k, m * k);
        for (int j = 0; j < taps.length; j++) {
            reduce(out.get(j), s0, m, positions(j), atOutput[taps[j]], null);
        }
    }

    /** Output positions per unit of tap j. */
    private int positions(int j) {
        return Shapes.size(explained.shape(taps[j] + 1)) / ((Affine) explained.layer(taps[j])).units();
    }

    /**
     * Per sample and unit Σ R and Σ |R| over the unit's positions, each one float64 sum in position order (the
     * units of a sample run side by side only to overlap their additions), into the tap's rows s0... One loop for
     * both precisions: exactly one of rf, rd is non-null (float32 values widen exactly).
     */
    private static void reduce(Tap tap, int s0, int m, int positions, float[] rf, double[] rd) {
        int units = tap.units();
        double[] sum = tap.sum();
        double[] abs = tap.absSum();
        for (int s = 0; s < m; s++) {
            int u = 0;
            for (; u + 2 <= units; u += 2) {
                double a0 = 0;
                double b0 = 0;
                double a1 = 0;
                double b1 = 0;
                int base0 = (s * units + u) * positions;
                int base1 = base0 + positions;
                for (int p = 0; p < positions; p++) {
                    double v0 = rd != null ? rd[base0 + p] : rf[base0 + p];
                    double v1 = rd != null ? rd[base1 + p] : rf[base1 + p];
                    a0 += v0;
                    b0 += Math.abs(v0);
                    a1 += v1;
                    b1 += Math.abs(v1);
                }
                sum[(s0 + s) * units + u] = a0;
                abs[(s0 + s) * units + u] = b0;
                sum[(s0 + s) * units + u + 1] = a1;
                abs[(s0 + s) * units + u + 1] = b1;
            }
            for (; u < units; u++) {
                double a0 = 0;
                double b0 = 0;
                int base = (s * units + u) * positions;
                for (int p = 0; p < positions; p++) {
                    double v = rd != null ? rd[base + p] : rf[base + p];
                    a0 += v;
                    b0 += Math.abs(v);
                }
                sum[(s0 + s) * units + u] = a0;
                abs[(s0 + s) * units + u] = b0;
            }
        }
    }

    /** A float64 chunk's logits and relevances. */
    private record Pass64(double[] logits, RelevancePass.Relevance64 relevance) {
    }

    private double[] start64(double[] z, int[] y, int m, int k) {
        if (start == Start.LOGIT) {
            return RelevancePass.trueClassLogit64(z, y, m, k);
        }
        double[] r = new double[m * k];
        for (int s = 0; s < m; s++) {
            r[s * k + y[s]] = 1;
        }
        return r;
    }

    private static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
