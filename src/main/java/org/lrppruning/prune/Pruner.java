package org.lrppruning.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lrppruning.model.Affine;
import org.lrppruning.model.ChannelGroups;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;

/**
 * Physical removal of units (spec section 5; Torch-Pruning's dependency graph in small): unit j of a
 * prunable layer loses its row of W and entry of b ({@link Affine#withoutUnits}); then the layers after
 * it shrink in turn ({@link Layer#withoutInputs}): a BatchNorm loses entry j, ReLU, pooling and Dropout
 * pass the change on, Flatten turns channel j into the H×W features of its block, and the next Linear or
 * Conv2d loses input j (its bias is kept), which ends the chain.
 */
public final class Pruner {
    private Pruner() {}

    /** A new, smaller network; {@code net} is unchanged. */
    public static Network prune(Network net, PruningPlan plan) {
        if (plan.perLayer().length != net.prunableCount()) {
            throw new IllegalArgumentException("plan has " + plan.perLayer().length + " layers, network "
                    + net.prunableCount());
        }
        if (net.prunesGroups()) {
            return pruneGroups(net, plan);
        }
        List<Layer> layers = new ArrayList<>(net.layers());
        int[] pos = net.prunablePositions();
        for (int h = 0; h < pos.length; h++) {
            int[] removed = plan.perLayer()[h];
            if (removed.length == 0) {
                continue;
            }
            Affine owner = (Affine) layers.get(pos[h]);
            boolean[] keep = keepMask(owner, removed);
            int[] shape = shapeAfter(net.inputShape(), layers, pos[h]); // as the masks see it: before this removal
            layers.set(pos[h], owner.withoutUnits(keep));
            boolean[] mask = keep;
            int i = pos[h] + 1;
            for (; mask != null; i++) {
                if (i == layers.size()) {
                    throw new IllegalStateException("no layer after " + owner.name() + " takes its outputs");
                }
                Layer old = layers.get(i);
                Layer.Shrunk s = old.withoutInputs(mask, shape);
                layers.set(i, s.layer());
                shape = old.outputShape(shape);
                mask = s.next();
            }
        }
        return new Network(net.inputShape(), layers, net.units());
    }

    /**
     * A graph: {@code plan.perLayer()[h]} are channels of the h-th prunable channel group, removed from every
     * member at once: rows of each {@code out} layer, entries of each BatchNorm and depthwise conv, input columns
     * (at the member's offset, H×W features each after a Flatten) of each {@code in} layer. Layers without
     * parameters take the smaller shapes as they come; an emptied group is refused.
     */
    private static Network pruneGroups(Network net, PruningPlan plan) {
        int count = net.layers().size();
        // per layer: keep mask over its output channels (out members) and over its input's first axis
        boolean[][] outKeep = new boolean[count][];
        boolean[][] inKeep = new boolean[count][];
        for (int h = 0; h < net.prunableCount(); h++) {
            int[] removed = plan.perLayer()[h];
            if (removed.length == 0) {
                continue;
            }
            ChannelGroups.Group g = net.group(h);
            boolean[] keep = new boolean[g.channels()];
            Arrays.fill(keep, true);
            for (int j : removed) {
                if (j < 0 || j >= keep.length) {
                    throw new IllegalArgumentException(net.prunable(h).name() + ": channel " + j + " out of range 0.."
                            + (keep.length - 1));
                }
                keep[j] = false;
            }
            if (!anyTrue(keep)) {
                throw new IllegalArgumentException("the plan removes every channel of the group of "
                        + net.prunable(h).name());
            }
            for (ChannelGroups.Member m : g.members()) {
                int i = m.layer();
                if (m.side() == ChannelGroups.Side.OUT) {
                    outKeep[i] = and(outKeep[i], keep, ((Affine) net.layer(i)).units(), 0, 1);
                } else {
                    int entries = net.inShape(i)[0];
                    inKeep[i] = and(inKeep[i], keep, entries, m.start(), m.spread());
                }
            }
        }
        List<Layer> layers = new ArrayList<>(net.layers());
        for (int i = 0; i < count; i++) {
            Layer l = layers.get(i);
            if (inKeep[i] != null) {
                l = l.withoutInputs(inKeep[i], net.inShape(i)).layer();
            }
            if (outKeep[i] != null) {
                l = ((Affine) l).withoutUnits(outKeep[i]);
            }
            layers.set(i, l);
        }
        int[][] inputs = new int[count][];
        for (int i = 0; i < count; i++) {
            inputs[i] = net.inputsOf(i);
        }
        return new Network(net.inputShape(), layers, inputs, net.units());
    }

    /** {@code mask} (all true when null, {@code size} entries) with the group's removed channels cleared at their entries. */
    private static boolean[] and(boolean[] mask, boolean[] keep, int size, int start, int spread) {
        boolean[] m = mask != null ? mask : filled(size);
        for (int c = 0; c < keep.length; c++) {
            if (!keep[c]) {
                Arrays.fill(m, start + c * spread, start + (c + 1) * spread, false);
            }
        }
        return m;
    }

    private static boolean anyTrue(boolean[] keep) {
        for (boolean k : keep) {
            if (k) {
                return true;
            }
        }
        return false;
    }

    private static boolean[] filled(int size) {
        boolean[] m = new boolean[size];
        Arrays.fill(m, true);
        return m;
    }

    /** The per-sample shape leaving layer {@code upTo} of the (partly pruned) list. */
    private static int[] shapeAfter(int[] input, List<Layer> layers, int upTo) {
        int[] s = input;
        for (int i = 0; i <= upTo; i++) {
            s = layers.get(i).outputShape(s);
        }
        return s;
    }

    private static boolean[] keepMask(Affine layer, int[] removed) {
        boolean[] keep = new boolean[layer.units()];
        Arrays.fill(keep, true);
        for (int j : removed) {
            if (j < 0 || j >= keep.length) {
                throw new IllegalArgumentException(layer.name() + ": unit " + j + " out of range 0.." + (keep.length - 1));
            }
            keep[j] = false;
        }
        return keep;
    }
}
