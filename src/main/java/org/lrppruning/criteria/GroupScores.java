package org.lrppruning.criteria;

import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.lrppruning.model.Network;

/**
 * A criterion's scores of the network's prunable unit sets from per-layer scores. In a chain each set is one
 * layer's units, scored as the criterion defines. In a graph a set is a channel group whose channel i is output i
 * of several layers (the stem and every block's last convolution of a ResNet stage): each such layer is scored
 * and normalised as a layer of its own, and the group's score of channel i is the mean over those layers (as
 * Torch-Pruning's default group reduction), so no layer's scale dominates and a one-layer group is unchanged.
 */
final class GroupScores {
    private GroupScores() {}

    /** The criterion's scores of {@code units}: {@code rawAt} scores the outputs of a layer position, {@code normalise} one layer's raw scores. */
    static UnitScores of(Network net, UnitSets units, IntFunction<double[]> rawAt, UnaryOperator<double[]> normalise,
                         Definitions defs) {
        int sets = units.size();
        String[] names = units.names().clone();
        double[][] raw = new double[sets][];
        double[][] norm = new double[sets][];
        for (int h = 0; h < sets; h++) {
            int[] outs = units.outLayers()[h];
            if (outs.length == 1) {
                raw[h] = rawAt.apply(outs[0]);
                norm[h] = defs.finish(normalise.apply(raw[h]));
                continue;
            }
            double[] r = null;
            double[] z = null;
            for (int pos : outs) {
                double[] a = rawAt.apply(pos);
                double[] b = normalise.apply(a);
                r = r == null ? new double[a.length] : r;
                z = z == null ? new double[b.length] : z;
                for (int j = 0; j < a.length; j++) {
                    r[j] += a[j] / outs.length;
                    z[j] += b[j] / outs.length;
                }
            }
            raw[h] = r;
            norm[h] = defs.finish(z);
        }
        return new UnitScores(names, raw, norm);
    }
}
