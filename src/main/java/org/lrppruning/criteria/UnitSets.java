package org.lrppruning.criteria;

import java.util.ArrayList;
import java.util.List;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Network;

/**
 * The unit sets a criterion scores: set h is named {@code names[h]} and its unit i is output i of every layer of
 * {@code outLayers[h]} (each scored and normalised as a layer of its own, the scores averaged; {@link GroupScores}).
 *
 * @param names     one name per set (its first layer's)
 * @param outLayers per set, the positions of the layers whose outputs are its units
 */
public record UnitSets(String[] names, int[][] outLayers) {
    public UnitSets {
        if (names.length != outLayers.length) {
            throw new IllegalArgumentException(names.length + " names for " + outLayers.length + " unit sets");
        }
    }

    /** The network's own prunable unit sets: a chain's prunable layers, a graph's channel groups. */
    public static UnitSets of(Network net) {
        int[][] outs = new int[net.prunableCount()][];
        for (int h = 0; h < outs.length; h++) {
            outs[h] = net.outLayers(h);
        }
        return new UnitSets(net.prunableNames(), outs);
    }

    /**
     * Every convolution's filters as a set of its own, shortcuts included and channels tied by a residual add left
     * untied: the seed authors' ResNet setting (LRP_pruning scores each conv and masks its filters, removing nothing).
     */
    public static UnitSets filters(Network net) {
        List<String> names = new ArrayList<>();
        List<int[]> outs = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            if (net.layer(i) instanceof Conv2d c) {
                names.add(c.name());
                outs.add(new int[] {i});
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the model has no convolution whose filters could be masked");
        }
        return new UnitSets(names.toArray(String[]::new), outs.toArray(int[][]::new));
    }

    /** Number of sets. */
    public int size() {
        return names.length;
    }

    /** Units per set (the outputs of its first layer). */
    public int[] unitCounts(Network net) {
        int[] u = new int[names.length];
        for (int h = 0; h < u.length; h++) {
            u[h] = ((Affine) net.layer(outLayers[h][0])).units();
        }
        return u;
    }
}
