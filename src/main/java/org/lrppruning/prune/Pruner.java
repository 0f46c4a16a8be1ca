package org.lrppruning.prune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lrppruning.model.Affine;
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
