package org.lrppruning.prune;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;

/**
 * Physical removal of neurons (spec section 5): neuron j of a hidden layer loses row j of W and
 * entry j of b, and the next Linear layer loses column j of its W (its bias is kept).
 */
public final class Pruner {
    private Pruner() {}

    /** A new, smaller network; {@code net} is unchanged. */
    public static Network prune(Network net, PruningPlan plan) {
        if (plan.perLayer().length != net.hiddenCount()) {
            throw new IllegalArgumentException("plan has " + plan.perLayer().length + " layers, network "
                    + net.hiddenCount());
        }
        List<Layer> layers = new ArrayList<>(net.layers());
        int[] pos = net.hiddenPositions();
        for (int h = 0; h < pos.length; h++) {
            int[] removed = plan.perLayer()[h];
            if (removed.length == 0) {
                continue;
            }
            Linear l = (Linear) layers.get(pos[h]);
            boolean[] keep = keepMask(l.out(), removed);
            layers.set(pos[h], keepRows(l, keep));
            int next = nextLinear(layers, pos[h]);
            layers.set(next, keepColumns((Linear) layers.get(next), keep));
        }
        return new Network(net.inputs(), layers);
    }

    private static boolean[] keepMask(int size, int[] removed) {
        boolean[] keep = new boolean[size];
        java.util.Arrays.fill(keep, true);
        for (int j : removed) {
            if (j < 0 || j >= size) {
                throw new IllegalArgumentException("neuron " + j + " out of range 0.." + (size - 1));
            }
            keep[j] = false;
        }
        return keep;
    }

    private static int nextLinear(List<Layer> layers, int from) {
        for (int i = from + 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear) {
                return i;
            }
        }
        throw new IllegalStateException("no Linear layer after position " + from);
    }

    private static Linear keepRows(Linear l, boolean[] keep) {
        int kept = count(keep);
        float[] w = new float[kept * l.in()];
        float[] b = new float[kept];
        int r = 0;
        for (int j = 0; j < l.out(); j++) {
            if (keep[j]) {
                System.arraycopy(l.weight(), j * l.in(), w, r * l.in(), l.in());
                b[r++] = l.bias()[j];
            }
        }
        return new Linear(l.name(), l.in(), kept, w, b);
    }

    private static Linear keepColumns(Linear l, boolean[] keep) {
        int kept = count(keep);
        float[] w = new float[l.out() * kept];
        for (int j = 0; j < l.out(); j++) {
            int c = 0;
            for (int i = 0; i < l.in(); i++) {
                if (keep[i]) {
                    w[j * kept + c++] = l.weight()[j * l.in() + i];
                }
            }
        }
        return new Linear(l.name(), kept, l.out(), w, l.bias().clone());
    }

    private static int count(boolean[] keep) {
        int c = 0;
        for (boolean k : keep) {
            c += k ? 1 : 0;
        }
        return c;
    }
}
