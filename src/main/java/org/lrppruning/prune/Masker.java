package org.lrppruning.prune;

import java.util.Arrays;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;

/**
 * Masking instead of removal, as the seed authors' ResNet code prunes ({@code shared/cnn}'s {@code conv_only}
 * mode): a masked filter's weights and bias are zeroed and nothing else changes. The BatchNorm after the conv keeps
 * its parameters, so the channel still carries β − γμ/√(σ²+ε) (physical removal takes that constant away too), and
 * a residual add still adds the other branch's channel: shapes, parameter counts and MACs stay those of the
 * original network.
 */
public final class Masker {
    private Masker() {}

    /**
     * {@code net} with the filters {@code plan.perLayer()[h]} of the layer at position {@code layers[h]} zeroed
     * (its weight rows and bias entries); the other layers are shared with {@code net}, which is unchanged.
     */
    public static Network mask(Network net, int[] layers, PruningPlan plan) {
        if (plan.perLayer().length != layers.length) {
            throw new IllegalArgumentException("plan has " + plan.perLayer().length + " layers, " + layers.length
                    + " are masked");
        }
        Network out = net;
        for (int h = 0; h < layers.length; h++) {
            int[] gone = plan.perLayer()[h];
            if (gone.length == 0) {
                continue;
            }
            Affine a = (Affine) out.layer(layers[h]);
            int fan = a.fanIn();
            float[] w = a.weight().clone();
            float[] b = a.bias() == null ? null : a.bias().clone();
            for (int j : gone) {
                if (j < 0 || j >= a.units()) {
                    throw new IllegalArgumentException(a.name() + ": filter " + j + " out of range 0.." + (a.units() - 1));
                }
                Arrays.fill(w, j * fan, (j + 1) * fan, 0f);
                if (b != null) {
                    b[j] = 0f;
                }
            }
            out = out.with(layers[h], a.withParameters(w, b));
        }
        return out;
    }

    /** Per layer of {@code layers}, how many of its filters are all zero (weights and bias): masked ones and any others. */
    public static int[] zeroFilters(Network net, int[] layers) {
        int[] z = new int[layers.length];
        for (int h = 0; h < layers.length; h++) {
            Affine a = (Affine) net.layer(layers[h]);
            int fan = a.fanIn();
            float[] w = a.weight();
            for (int j = 0; j < a.units(); j++) {
                boolean zero = a.bias() == null || a.bias()[j] == 0f;
                for (int i = 0; zero && i < fan; i++) {
                    zero = w[j * fan + i] == 0f;
                }
                z[h] += zero ? 1 : 0;
            }
        }
        return z;
    }
}
