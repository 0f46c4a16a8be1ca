package org.lrppruning.workbench;

import java.util.Arrays;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PruningPlan;

/**
 * Correct predictions of pruned versions of one chain network on fixed test data, reusing the unpruned forward
 * pass: pruning leaves every layer before the first one that loses a unit as it was, so the pruned network's
 * input to that layer is the unpruned one's, cached here per prunable layer (within a budget of values). Only the
 * rest of the layers run, in batches of {@link Accuracy#BATCH} rows; rows are independent in evaluation mode, so
 * the predictions are the bits {@link Accuracy#correct} gives on the whole pruned network. A graph (channel
 * groups) runs whole.
 */
final class Forward {
    /** Activation values cached at most per data set: 48 M floats (192 MB). */
    static final long CACHE_VALUES = 48L << 20;

    private final Network net;
    private final LabeledData data;
    private final int threads;
    /** Per prunable unit set: the unpruned input of its layer over all rows, or null (not cached). */
    private final float[][] cached;
    private final int correctBefore;

    Forward(Network net, LabeledData data, int threads, long budget) {
        this.net = net;
        this.data = data;
        this.threads = threads;
        int[] pos = net.prunablePositions();
        this.cached = new float[pos.length][];
        long left = budget;
        boolean chain = net.isChain() && !net.prunesGroups();
        if (chain) {
            // one unpruned pass, keeping the inputs of the prunable layers that fit the budget (deepest first:
            // they save the most layers)
            boolean[] keep = new boolean[pos.length];
            for (int h = pos.length - 1; h >= 0; h--) {
                long values = (long) data.size() * net.width(pos[h]);
                if (pos[h] > 0 && values <= left) {
                    keep[h] = true;
                    left -= values;
                }
            }
            for (int h = 0; h < pos.length; h++) {
                if (keep[h]) {
                    cached[h] = new float[data.size() * net.width(pos[h])];
                }
            }
        }
        this.correctBefore = chain ? fill(pos) : Accuracy.correct(net, data, threads, null);
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
        int first = -1;
        for (int h = 0; h < plan.perLayer().length && first < 0; h++) {
            if (plan.perLayer()[h].length > 0) {
                first = h;
            }
        }
        if (first < 0) {
            return correctBefore;
        }
        int[] pos = net.prunablePositions();
        // the deepest cached input at or before the first changed layer
        int from = -1;
        for (int h = first; h >= 0 && from < 0; h--) {
            if (cached[h] != null) {
                from = h;
            }
        }
        if (from < 0) {
            return Accuracy.correct(pruned, data, threads, null);
        }
        int start = pos[from];
        int width = net.width(start);
        int right = 0;
        for (int s = 0; s < data.size(); s += Accuracy.BATCH) {
            int m = Math.min(Accuracy.BATCH, data.size() - s);
            float[] a = Arrays.copyOfRange(cached[from], s * width, (s + m) * width);
            for (int i = start; i < pruned.layers().size(); i++) {
                a = pruned.layer(i).forward(a, m, pruned.shape(i), threads);
            }
            int[] pred = Network.argmax(a, m, pruned.classes());
            for (int i = 0; i < m; i++) {
                if (pred[i] == data.labels()[s + i]) {
                    right++;
                }
            }
        }
        return right;
    }

    /** The unpruned pass: fills the cached inputs, returns the correct predictions. */
    private int fill(int[] pos) {
        int per = data.sampleSize();
        int right = 0;
        for (int s = 0; s < data.size(); s += Accuracy.BATCH) {
            int m = Math.min(Accuracy.BATCH, data.size() - s);
            float[] a = Arrays.copyOfRange(data.x(), s * per, (s + m) * per);
            int h = 0;
            for (int i = 0; i < net.layers().size(); i++) {
                while (h < pos.length && pos[h] < i) {
                    h++;
                }
                if (h < pos.length && pos[h] == i && cached[h] != null) {
                    System.arraycopy(a, 0, cached[h], s * net.width(i), m * net.width(i));
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
