package org.lrppruning.workbench;

import java.util.Arrays;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PruningPlan;

/**
 * Correct predictions of pruned versions of one chain network on fixed test data, reusing the unpruned forward
 * pass. Pruning leaves every layer before the first one that loses units as it was, and the units a layer keeps
 * compute what they computed before (each output is its own fma chain over the same inputs, in MatOps' order, and
 * BatchNorm, ReLU, pooling, Dropout and Flatten act per channel) until the next Linear or Conv2d, the consumer,
 * which loses those inputs. So the pruned network's input to that consumer is the unpruned one with the removed
 * channels left out: cached here per prunable layer (within a budget of values), sliced, and only the layers from
 * the consumer on run, in batches of {@link Accuracy#BATCH} rows. Rows are independent in evaluation mode, so the
 * predictions are the bits {@link Accuracy#correct} gives on the whole pruned network (the tests compare logits).
 * A graph (channel groups) runs whole.
 */
final class Forward {
    /** Activation values cached at most per data set: 48 M floats (192 MB). */
    static final long CACHE_VALUES = 48L << 20;

    private final Network net;
    private final LabeledData data;
    private final int threads;
    /** Per prunable layer: the position of its consumer (the next Linear or Conv2d), or −1 (no cache). */
    private final int[] consumer;
    /** Per prunable layer: the unpruned input of its consumer over all rows, or null (not cached). */
    private final float[][] cached;
    private final int correctBefore;

    Forward(Network net, LabeledData data, int threads, long budget) {
        this.net = net;
        this.data = data;
        this.threads = threads;
        int[] pos = net.prunablePositions();
        this.cached = new float[pos.length][];
        this.consumer = new int[pos.length];
        Arrays.fill(consumer, -1);
        long left = budget;
        boolean chain = net.isChain() && !net.prunesGroups();
        if (chain) {
            // deepest first: those save the most layers
            for (int h = pos.length - 1; h >= 0; h--) {
                int q = pos[h] + 1;
                while (q < net.layers().size() && !(net.layer(q) instanceof Affine)) {
                    q++;
                }
                long values = (long) data.size() * net.width(q);
                if (q < net.layers().size() && values <= left) {
                    consumer[h] = q;
                    cached[h] = new float[data.size() * net.width(q)];
                    left -= values;
                }
            }
        }
        this.correctBefore = chain ? fill() : Accuracy.correct(net, data, threads, null);
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

    /** The logits of {@code pruned} (= {@code Pruner.prune(net, plan)}) on all rows from the cache, or null without one. */
    float[] logits(Network pruned, PruningPlan plan) {
        int first = -1;
        for (int h = 0; h < plan.perLayer().length && first < 0; h++) {
            if (plan.perLayer()[h].length > 0) {
                first = h;
            }
        }
        // the deepest cached consumer input at or before the first changed layer
        int from = -1;
        for (int h = first < 0 ? cached.length - 1 : first; h >= 0 && from < 0; h--) {
            if (cached[h] != null) {
                from = h;
            }
        }
        if (from < 0) {
            return null;
        }
        int start = consumer[from];
        int width = net.width(start);
        int units = net.unitCounts()[from];
        int block = width / units; // values per channel (H×W, also after a Flatten)
        // only the first changed layer can have removed units among the cached ones at or before it
        int[] keptChannels = keptChannels(plan.perLayer()[from], units);
        int k = pruned.classes();
        float[] out = new float[data.size() * k];
        for (int s = 0; s < data.size(); s += Accuracy.BATCH) {
            int m = Math.min(Accuracy.BATCH, data.size() - s);
            float[] a = slice(cached[from], s, m, width, block, keptChannels);
            for (int i = start; i < pruned.layers().size(); i++) {
                a = pruned.layer(i).forward(a, m, pruned.shape(i), threads);
            }
            System.arraycopy(a, 0, out, s * k, m * k);
        }
        return out;
    }

    /** The channels of {@code units} not in the sorted {@code removed}. */
    private static int[] keptChannels(int[] removed, int units) {
        int[] kept = new int[units - removed.length];
        int k = 0;
        int r = 0;
        for (int c = 0; c < units; c++) {
            if (r < removed.length && removed[r] == c) {
                r++;
            } else {
                kept[k++] = c;
            }
        }
        return kept;
    }

    /** Rows s..s+m of {@code all} (width values each), only the blocks of the kept channels. */
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
    private int fill() {
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
                if (pred[i] == data.labels()[s + i]) {
                    right++;
                }
            }
        }
        return right;
    }
}
