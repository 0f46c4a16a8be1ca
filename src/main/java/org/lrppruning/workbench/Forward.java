package org.lrppruning.workbench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PruningPlan;

/**
 * Correct predictions of pruned versions of one chain network on fixed test data, reusing earlier forward passes.
 * Pruning leaves every layer before the first one that loses units as it was, and the units a layer keeps compute
 * what they computed before (each output is its own fma chain over the same inputs, in MatOps' order, and
 * BatchNorm, ReLU, pooling, Dropout and Flatten act per channel) until the next Linear or Conv2d, the consumer,
 * which loses those inputs. So a plan's input to a consumer is that of a plan removing the same units before it
 * and a subset of the units of its layer, with the additional channels left out. Such inputs are kept per
 * prunable layer as snapshots: the unpruned pass (within a budget of values) and the last few plans computed; a
 * new plan starts at the deepest consumer a snapshot serves, sliced, and only the layers from there on run, in
 * batches of {@link Accuracy#BATCH} rows. A slider drag adds one unit at a time, so it starts where that unit's
 * layer hands over. Rows are independent in evaluation mode, so the logits are the bits of the whole pruned
 * network (ForwardTest compares them). A graph (channel groups) runs whole.
 */
final class Forward {
    /** Activation values cached at most per data set for the unpruned pass: 48 M floats (192 MB). */
    static final long CACHE_VALUES = 48L << 20;
    /** Snapshots of recent plans kept besides the unpruned one. */
    static final int RECENT = 2;

    /** A plan's removed units per prunable layer and, per prunable layer, its consumer's input (null: not kept). */
    private record Snapshot(int[][] removed, float[][] inputs) {
    }

    private final Network net;
    private final LabeledData data;
    private final int threads;
    /** Per prunable layer: the position of its consumer (the next Linear or Conv2d), or −1 (not cached). */
    private final int[] consumer;
    private final Snapshot unpruned;
    /** Recent plans' snapshots, newest first; only when the budget allowed the unpruned one. */
    private final Deque<Snapshot> recent = new ArrayDeque<>();
    private final boolean keepRecent;
    private final int correctBefore;

    Forward(Network net, LabeledData data, int threads, long budget) {
        this.net = net;
        this.data = data;
        this.threads = threads;
        int[] pos = net.prunablePositions();
        float[][] cached = new float[pos.length][];
        this.consumer = new int[pos.length];
        Arrays.fill(consumer, -1);
        long left = budget;
        boolean chain = net.isChain() && !net.prunesGroups();
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
        // a recent plan's snapshot is at most the unpruned one's size: keep them when all of it fits twice over
        this.keepRecent = chain && all * (1 + RECENT) <= budget;
        this.unpruned = new Snapshot(PruningPlan.none(pos.length).perLayer(), cached);
        this.correctBefore = chain ? fill(cached) : Accuracy.correct(net, data, threads, null);
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
        if (logits == null) {
            return Accuracy.correct(pruned, data, threads, null);
        }
        int[] pred = Network.argmax(logits, data.size(), pruned.classes());
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
     * the deepest start (then kept as a snapshot itself), or null when none serves (a graph, no cache).
     */
    float[] logits(Network pruned, PruningPlan plan) {
        int[][] removed = plan.perLayer();
        Snapshot src = null;
        int from = -1;
        List<Snapshot> candidates = new ArrayList<>();
        candidates.add(unpruned);
        synchronized (recent) {
            candidates.addAll(recent);
        }
        for (Snapshot s : candidates) {
            int h = start(s, removed);
            if (h > from) {
                from = h;
                src = s;
            }
        }
        if (src == null) {
            return null;
        }
        int start = consumer[from];
        int units = net.unitCounts()[from];
        int block = net.width(start) / units; // values per channel (H×W, also after a Flatten)
        int[] keep = keptPositions(src.removed()[from], removed[from], units);
        int srcWidth = (units - src.removed()[from].length) * block;
        float[][] inputs = keepRecent ? new float[removed.length][] : null;
        int k = pruned.classes();
        float[] out = new float[data.size() * k];
        for (int s = 0; s < data.size(); s += Accuracy.BATCH) {
            int m = Math.min(Accuracy.BATCH, data.size() - s);
            float[] a = slice(src.inputs()[from], s, m, srcWidth, block, keep);
            for (int i = start; i < pruned.layers().size(); i++) {
                if (inputs != null) {
                    for (int h = from; h < consumer.length; h++) {
                        if (consumer[h] == i) {
                            if (inputs[h] == null) {
                                inputs[h] = new float[data.size() * pruned.width(i)];
                            }
                            System.arraycopy(a, 0, inputs[h], s * pruned.width(i), m * pruned.width(i));
                        }
                    }
                }
                a = pruned.layer(i).forward(a, m, pruned.shape(i), threads);
            }
            System.arraycopy(a, 0, out, s * k, m * k);
        }
        if (inputs != null) {
            synchronized (recent) {
                recent.addFirst(new Snapshot(removed, inputs));
                while (recent.size() > RECENT) {
                    recent.removeLast();
                }
            }
        }
        return out;
    }

    /**
     * The deepest prunable layer whose consumer input {@code s} serves for a plan removing {@code removed}, or −1:
     * the first layer where the two differ (the last one when none does), with the snapshot's input kept there,
     * the same units removed before it and the snapshot's units of that layer among the plan's.
     */
    private int start(Snapshot s, int[][] removed) {
        int h = 0;
        while (h < removed.length - 1 && Arrays.equals(s.removed()[h], removed[h])) {
            h++;
        }
        if (s.inputs()[h] == null || consumer[h] < 0 || !subset(s.removed()[h], removed[h])) {
            return -1;
        }
        return h;
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

    /** The unpruned pass: fills the cached consumer inputs, returns the correct predictions. */
    private int fill(float[][] cached) {
        int per = data.sampleSize();
        int right = 0;
        for (int s = 0; s < data.size(); s += Accuracy.BATCH) {
            int m = Math.min(Accuracy.BATCH, data.size() - s);
            float[] a = Arrays.copyOfRange(data.x(), s * per, (s + m) * per);
            for (int i = 0; i < net.layers().size(); i++) {
                for (int h = 0; h < consumer.length; h++) {
                    if (consumer[h] == i) {
                        System.arraycopy(a, 0, cached[h], s * net.width(i), m * net.width(i));
                    }
                }
                a = net.layer(i).forward(a, m, net.shape(i), threads);
            }
            int[] pred = Network.argmax(a, m, net.classes());
            for (int i = 0; i < m; i++) {
                if (pred[i] == data.labels()[i + s]) {
                    right++;
                }
            }
        }
        return right;
    }
}
