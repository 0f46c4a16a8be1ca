package org.lrppruning.workbench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.linalg.Parallel;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * Correct predictions of pruned versions of one chain network on fixed test data, reusing earlier forward passes.
 * Pruning leaves every layer before the first one that loses units as it was, and the units a layer keeps compute
 * what they computed before (each output is its own fma chain over the same inputs, in MatOps' order, and
 * BatchNorm, ReLU, pooling, Dropout and Flatten act per channel) until the next Linear or Conv2d, the consumer,
 * which loses those inputs. So a plan's input to a consumer is that of a plan removing the same units before it
 * and a subset of the units of its layer, with the additional channels left out. Such inputs are kept per
 * prunable layer as snapshots: the unpruned pass (within a budget of values), the last few plans computed, and the
 * stages of the first prunable layer (a set of its units removed, every later layer whole; {@link #prepare}). A new
 * plan starts at the deepest consumer a snapshot serves, sliced, and only the layers from there on run. A slider
 * drag adds one unit at a time, so it starts where that unit's layer hands over.
 *
 * <p>Rows are independent in evaluation mode, so the rows go in batches of {@value #ROWS}, each batch on one thread
 * and the threads taking batches in turn, and dense stride-1 convolutions (with the per-channel layers after them)
 * run on {@link DirectConv}: the logits are the bits of the whole pruned network for any thread count (ForwardTest
 * compares them). A graph (channel groups) runs whole, as {@link Accuracy} runs it.
 */
final class Forward {
    /** Activation values cached at most per data set for the unpruned pass: 48 M floats (192 MB). */
    static final long CACHE_VALUES = 48L << 20;
    /** Snapshots of recent plans kept besides the unpruned one. */
    static final int RECENT = 2;
    /** Values kept at most in the first prunable layer's stages: 24 M floats (96 MB; vgg-small's 15 take 94 MB). */
    static final long STAGE_VALUES = 24L << 20;
    /** Rows of one batch: one thread computes a batch through every layer (1000 rows make 8 batches). */
    static final int ROWS = 128;

    /**
     * A plan's removed units per prunable layer and, per prunable layer from {@code first} on, its consumer's input
     * (null: not kept). A recent plan's arrays are reused once it is dropped and no pass reads it any longer.
     */
    private static final class Snapshot {
        final int[][] removed;
        final float[][] inputs;
        final int first;
        /** Whether it is a stage of the first prunable layer (its one array is reused for another stage). */
        final boolean stage;
        /** Passes slicing this snapshot's inputs now, and whether it left the recent ones (guarded by recent). */
        int readers;
        boolean dropped;

        Snapshot(int[][] removed, float[][] inputs, int first, boolean stage) {
            this.removed = removed;
            this.inputs = inputs;
            this.first = first;
            this.stage = stage;
        }
    }

    private final Network net;
    private final LabeledData data;
    private final int threads;
    /** Per prunable layer: the position of its consumer (the next Linear or Conv2d), or −1 (not cached). */
    private final int[] consumer;
    private final Snapshot unpruned;
    /** Recent plans' snapshots, newest first; only when the budget allowed the unpruned one. */
    private final Deque<Snapshot> recent = new ArrayDeque<>();
    /**
     * The arrays of a dropped snapshot for the next one (guarded by recent; at most one set), as large as the unpruned
     * inputs: a new plan's tens of megabytes would otherwise survive a young collection or two and be copied into the
     * old generation.
     */
    private final Deque<float[][]> spare = new ArrayDeque<>();
    /**
     * Stages of the first prunable layer (guarded by recent), least recently used first: per set of its units
     * removed, the snapshot of the plan that removes that set and nothing else, holding only the input of the second
     * prunable layer's consumer. A plan that removes the same first-layer set starts there, sliced, whatever the
     * later layers lose; without it, every plan that removes one more unit of the first layer than the recent ones
     * runs the second prunable layer again, and the third, and so on. Only {@link #prepare} makes them (for the
     * slider's setting: background curves of other criteria would otherwise push them out).
     */
    private final Map<String, Snapshot> stages = new LinkedHashMap<>(16, 0.75f, true);
    /** The array of a dropped stage for the next one, or null (guarded by recent). */
    private float[] stageSpare;
    /** How many stages fit {@link #STAGE_VALUES}; 0: none are kept. */
    private final int stageLimit;
    private final boolean keepRecent;
    /** Whether the network runs layer after layer here (a chain that prunes layers, not channel groups). */
    private final boolean chain;
    private final int correctBefore;
    /** Runs before each batch of a pass when set (tests hold a pass there). */
    volatile Runnable beforeBatch;

    Forward(Network net, LabeledData data, int threads, long budget) {
        this(net, data, threads, budget, STAGE_VALUES);
    }

    /**
     * The correct predictions of pruned versions of {@code net} on {@code data}, with at most {@code budget} values of
     * the unpruned pass cached (and snapshots of recent plans when all of it fits) and {@code stageBudget} values of
     * the first prunable layer's stages.
     */
    Forward(Network net, LabeledData data, int threads, long budget, long stageBudget) {
        this.net = net;
        this.data = data;
        this.threads = threads;
        int[] pos = net.prunablePositions();
        float[][] cached = new float[pos.length][];
        this.consumer = new int[pos.length];
        Arrays.fill(consumer, -1);
        long left = budget;
        this.chain = net.isChain() && !net.prunesGroups();
        long all = 0;
        if (chain) {
            // deepest first: those save the most layers
            for (int h = pos.length - 1; h >= 0; h--) {
                int q = pos[h] + 1;
                while (q < net.layers().size() && !(net.layer(q) instanceof Affine)) {
                    q++;
                }
                long values = (long) data.size() * net.width(q);
                all += values;
                if (q < net.layers().size() && values <= left) {
                    consumer[h] = q;
                    cached[h] = new float[data.size() * net.width(q)];
                    left -= values;
                }
            }
        }
        // a recent plan's snapshot is at most the unpruned one's size: keep them when all of it fits that often over
        // (their arrays, and as many spare ones, are then allocated once and reused)
        this.keepRecent = chain && all * (1 + RECENT) <= budget;
        this.unpruned = new Snapshot(PruningPlan.none(pos.length).perLayer(), cached, 0, false);
        boolean staged = keepRecent && pos.length >= 2 && consumer[0] >= 0 && consumer[1] >= 0;
        this.stageLimit = staged ? (int) Math.min(1024, stageBudget / ((long) data.size() * net.width(consumer[1]))) : 0;
        int per = data.sampleSize();
        this.correctBefore = chain
                ? count(run(net, 0, (s, m) -> Arrays.copyOfRange(data.x(), s * per, (s + m) * per), cached))
                : Accuracy.correct(net, data, threads, null);
    }

    /** Rows of the data. */
    int size() {
        return data.size();
    }

    /** Correct predictions of the unpruned network. */
    int correctBefore() {
        return correctBefore;
    }

    /** Correct predictions of {@code pruned}, which is {@code Pruner.prune(net, plan)}. */
    int correct(Network pruned, PruningPlan plan) {
        if (plan.total() == 0) {
            return correctBefore;
        }
        float[] logits = logits(pruned, plan);
        return logits == null ? Accuracy.correct(pruned, data, threads, null) : count(logits);
    }

    /** Correct predictions of the logits of all rows. */
    private int count(float[] logits) {
        int[] pred = Network.argmax(logits, data.size(), net.classes());
        int right = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == data.labels()[i]) {
                right++;
            }
        }
        return right;
    }

    /**
     * The logits of {@code pruned} (= {@code Pruner.prune(net, plan)}) on all rows, from the snapshot that serves
     * the deepest start (then kept as a snapshot itself), else from the input; null for a graph.
     */
    float[] logits(Network pruned, PruningPlan plan) {
        if (!chain) {
            return null;
        }
        int[][] removed = plan.perLayer();
        Snapshot src;
        int from = -1;
        float[][] inputs = null;
        synchronized (recent) {
            src = best(removed);
            if (src != null) {
                from = start(src, removed);
                src.readers++;
                inputs = keepRecent ? buffers() : null;
            }
        }
        if (src == null) {
            int per = data.sampleSize();
            return run(pruned, 0, (s, m) -> Arrays.copyOfRange(data.x(), s * per, (s + m) * per), null);
        }
        int units = net.unitCounts()[from];
        int block = net.width(consumer[from]) / units; // values per channel (H×W, also after a Flatten)
        int[] keep = keptPositions(src.removed[from], removed[from], units);
        int srcWidth = (units - src.removed[from].length) * block;
        float[] srcInput = src.inputs[from];
        float[] out;
        try {
            out = run(pruned, consumer[from], (s, m) -> slice(srcInput, s, m, srcWidth, block, keep), inputs);
        } finally {
            synchronized (recent) {
                src.readers--;
                recycle(src);
            }
        }
        if (inputs != null) {
            synchronized (recent) {
                recent.addFirst(new Snapshot(removed, inputs, from, false));
                while (recent.size() > RECENT) {
                    Snapshot old = recent.removeLast();
                    old.dropped = true;
                    recycle(old);
                }
            }
        }
        return out;
    }

    /** The snapshot that serves the deepest start for a plan removing {@code removed}, or null (under recent's lock). */
    private Snapshot best(int[][] removed) {
        List<Snapshot> candidates = new ArrayList<>(recent);
        candidates.add(unpruned);
        Snapshot staged = stages.get(Arrays.toString(removed[0]));
        if (staged != null) {
            candidates.add(staged);
        }
        Snapshot src = null;
        int from = -1;
        for (Snapshot s : candidates) {
            int h = start(s, removed);
            if (h > from) {
                from = h;
                src = s;
            }
        }
        return src;
    }

    /**
     * Computes (unless kept) the stage of the first prunable layer's units {@code set} removed, from the unpruned
     * snapshot: the layers from that layer's consumer up to the next prunable layer's consumer, of the network pruned
     * by that set alone.
     */
    private void stage(int[] set) {
        String key = Arrays.toString(set);
        synchronized (recent) {
            if (stages.get(key) != null) { // get, not containsKey: a stage asked for again is used recently
                return;
            }
        }
        int units = net.unitCounts()[0];
        if (set.length == 0 || set.length >= units) {
            return;
        }
        int[][] removed = new int[consumer.length][];
        Arrays.fill(removed, new int[0]);
        removed[0] = set;
        Network pruned = Pruner.prune(net, new PruningPlan(removed));
        int width = net.width(consumer[0]);
        int block = width / units;
        int[] keep = keptPositions(new int[0], set, units);
        float[] into;
        synchronized (recent) {
            into = stageSpare;
            stageSpare = null;
        }
        float[][] inputs = new float[consumer.length][];
        inputs[1] = run(pruned, consumer[0], consumer[1], (s, m) -> slice(unpruned.inputs[0], s, m, width, block, keep),
                null, into);
        synchronized (recent) {
            List<Snapshot> out = new ArrayList<>();
            Snapshot twice = stages.put(key, new Snapshot(removed, inputs, 1, true)); // another pass made it too
            if (twice != null) {
                out.add(twice);
            }
            Iterator<Snapshot> eldest = stages.values().iterator();
            while (stages.size() > stageLimit) {
                out.add(eldest.next());
                eldest.remove();
            }
            for (Snapshot old : out) {
                old.dropped = true;
                recycle(old);
            }
        }
    }

    /**
     * Computes (unless kept) the stages of the first prunable layer met by the plans over {@code order} (global unit
     * indices, lowest score first), as many as are kept: the sets of the layer's first units in the order, first one,
     * first two, ... (layer-major indices: the layer's units are 0 .. units − 1). A global plan and a per-layer one
     * take a layer's units in the order, so both meet only these sets.
     */
    void prepare(int[] order) {
        int units = net.unitCounts()[0];
        int[] first = new int[units];
        int k = 0;
        for (int g : order) {
            if (g < units && k < Math.min(units - 1, stageLimit)) {
                first[k++] = g;
                int[] set = Arrays.copyOf(first, k);
                Arrays.sort(set);
                stage(set);
            }
        }
    }

    /** Arrays for a new snapshot: a dropped one's, else new ones as large as the unpruned inputs (under recent's lock). */
    private float[][] buffers() {
        float[][] b = spare.poll();
        if (b != null) {
            return b;
        }
        b = new float[consumer.length][];
        for (int h = 0; h < consumer.length; h++) {
            if (consumer[h] >= 0) {
                b[h] = new float[data.size() * net.width(consumer[h])];
            }
        }
        return b;
    }

    /** Keeps a dropped snapshot's arrays for a new one once no pass reads them (under recent's lock). */
    private void recycle(Snapshot s) {
        if (!s.dropped || s.readers > 0) {
            return;
        }
        if (s.stage) {
            stageSpare = s.inputs[1];
        } else if (spare.isEmpty()) { // one: a pass takes it as the next one drops
            spare.add(s.inputs);
        }
    }

    /** The input rows s..s+m of the first layer that runs. */
    @FunctionalInterface
    private interface Rows {
        float[] get(int s, int m);
    }

    /** The logits of layers {@code start}.. of chain {@code network} on all rows (see the next). */
    private float[] run(Network network, int start, Rows rows, float[][] keep) {
        return run(network, start, network.layers().size(), rows, keep, null);
    }

    /**
     * The input of layer {@code end} (the logits for the layer count) after layers {@code start}..{@code end} − 1 of
     * chain {@code network} on all rows, batch by batch on up to {@code threads} threads (each batch on one), into
     * {@code into} when non-null; a layer's input is copied into {@code keep[h]} (when non-null) for each prunable
     * layer h whose consumer it is.
     */
    private float[] run(Network network, int start, int end, Rows rows, float[][] keep, float[] into) {
        int n = data.size();
        int k = network.width(end);
        float[] out = into != null ? into : new float[n * k];
        List<Step> steps = steps(network, start, end);
        Parallel.range((n + ROWS - 1) / ROWS, threads, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int s = b * ROWS;
                int m = Math.min(ROWS, n - s);
                Runnable hook = beforeBatch;
                if (hook != null) {
                    hook.run();
                }
                float[] a = rows.get(s, m);
                for (Step step : steps) {
                    for (int h = 0; keep != null && h < consumer.length; h++) {
                        if (consumer[h] == step.from() && keep[h] != null) {
                            int w = network.width(step.from());
                            System.arraycopy(a, 0, keep[h], s * w, m * w);
                        }
                    }
                    a = step.kernel().forward(a, m);
                }
                System.arraycopy(a, 0, out, s * k, m * k);
            }
        });
        return out;
    }

    /** A batch function of m rows. */
    @FunctionalInterface
    private interface Kernel {
        float[] forward(float[] x, int m);
    }

    /** Layers from, from + 1, ... of a network computed by one kernel. */
    private record Step(int from, Kernel kernel) {
    }

    /**
     * Layers [start, end) of chain {@code network} as steps readied for batches: a dense stride-1 convolution with
     * the per-channel layers after it on {@link DirectConv}, any other layer on its own forward pass (one thread: the
     * batches go to the threads). A consumer starts a step: it is affine.
     */
    private static List<Step> steps(Network network, int start, int end) {
        List<Step> steps = new ArrayList<>();
        int i = start;
        while (i < end) {
            Layer l = network.layer(i);
            int[] shape = network.shape(i);
            if (DirectConv.applies(l)) {
                int j = i + 1;
                while (j < end && DirectConv.fuses(network.layer(j))) {
                    j++;
                }
                steps.add(new Step(i, DirectConv.of((Conv2d) l, network.layers().subList(i + 1, j), shape)::forward));
                i = j;
            } else {
                steps.add(new Step(i, (x, m) -> l.forward(x, m, shape, 1)));
                i++;
            }
        }
        return steps;
    }

    /**
     * The deepest prunable layer whose consumer input {@code s} serves for a plan removing {@code removed}, or −1: a
     * layer h with the snapshot's input kept there, the same units removed before h and the snapshot's units of h
     * among the plan's (at most the first layer where the two differ, the last one when none does).
     */
    private int start(Snapshot s, int[][] removed) {
        int d = 0;
        while (d < removed.length - 1 && Arrays.equals(s.removed[d], removed[d])) {
            d++;
        }
        if (!subset(s.removed[d], removed[d])) {
            d--; // the layers before d remove the same units
        }
        for (int h = d; h >= s.first; h--) {
            if (s.inputs[h] != null && consumer[h] >= 0) {
                return h;
            }
        }
        return -1;
    }

    /** Whether sorted {@code a} is a subset of sorted {@code b}. */
    private static boolean subset(int[] a, int[] b) {
        int j = 0;
        for (int x : a) {
            while (j < b.length && b[j] < x) {
                j++;
            }
            if (j == b.length || b[j] != x) {
                return false;
            }
        }
        return true;
    }

    /**
     * Positions, within the channels a snapshot kept (all but sorted {@code had}), of those the plan keeps (all but
     * sorted {@code removed}, a superset of {@code had}).
     */
    private static int[] keptPositions(int[] had, int[] removed, int units) {
        int[] kept = new int[units - removed.length];
        int k = 0;
        int position = 0;
        for (int c = 0; c < units; c++) {
            if (Arrays.binarySearch(had, c) >= 0) {
                continue;
            }
            if (Arrays.binarySearch(removed, c) < 0) {
                kept[k++] = position;
            }
            position++;
        }
        return kept;
    }

    /** Rows s..s+m of {@code all} (width values each), only the blocks at {@code kept}. */
    private static float[] slice(float[] all, int s, int m, int width, int block, int[] kept) {
        if (kept.length * block == width) {
            return Arrays.copyOfRange(all, s * width, (s + m) * width);
        }
        int w = kept.length * block;
        float[] out = new float[m * w];
        for (int i = 0; i < m; i++) {
            int src = (s + i) * width;
            for (int k = 0; k < kept.length; k++) {
                System.arraycopy(all, src + kept[k] * block, out, i * w + k * block, block);
            }
        }
        return out;
    }
}
