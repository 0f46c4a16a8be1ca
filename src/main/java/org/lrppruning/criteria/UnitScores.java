package org.lrppruning.criteria;

import org.lrppruning.prune.Ranking;

/**
 * A criterion's scores of a network's prunable units: per prunable layer (bottom-up, named as the network
 * names it) the raw values and the normalised ones, which the global ranking orders (ascending, ties to
 * the lower layer, then the lower unit; {@link Ranking#ascending(double[][])}).
 */
public record UnitScores(String[] layers, double[][] raw, double[][] normalised) {
    public UnitScores {
        if (layers.length != raw.length || raw.length != normalised.length) {
            throw new IllegalArgumentException(layers.length + " layers, " + raw.length + " raw and "
                    + normalised.length + " normalised score arrays");
        }
        for (int h = 0; h < raw.length; h++) {
            if (raw[h].length != normalised[h].length) {
                throw new IllegalArgumentException(layers[h] + ": " + raw[h].length + " raw but "
                        + normalised[h].length + " normalised scores");
            }
        }
    }

    /** The normalised scores rounded to float32 (the toy's ranking and logs use these). */
    public float[][] normalisedFloats() {
        float[][] out = new float[normalised.length][];
        for (int h = 0; h < out.length; h++) {
            out[h] = new float[normalised[h].length];
            for (int j = 0; j < out[h].length; j++) {
                out[h][j] = (float) normalised[h][j];
            }
        }
        return out;
    }

    /** The global order, lowest score first: layer-major unit indices. */
    public int[] ranking() {
        return Ranking.ascending(normalised);
    }

    /** The first {@code k} entries of the global order as (prunable layer from 0, unit) pairs. */
    public int[][] rankedUnits(int k) {
        int[] order = ranking();
        int[] sizes = sizes();
        int[][] out = new int[k][];
        for (int i = 0; i < k; i++) {
            int h = 0;
            int unit = order[i];
            while (unit >= sizes[h]) {
                unit -= sizes[h++];
            }
            out[i] = new int[] {h, unit};
        }
        return out;
    }

    /** Units per prunable layer. */
    public int[] sizes() {
        int[] s = new int[raw.length];
        for (int h = 0; h < s.length; h++) {
            s[h] = raw[h].length;
        }
        return s;
    }
}
