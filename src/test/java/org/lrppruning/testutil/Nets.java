package org.lrppruning.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Relu;

/** Small random networks for tests. */
public final class Nets {
    private Nets() {}

    /**
     * 2 → h1 → h2 → h3 → k with ReLU (+ Dropout) after the first two hidden layers and, when
     * {@code thirdRelu}, after the third: the paper's shape at toy size.
     */
    public static Network paperShaped(long seed, int h1, int h2, int h3, int k, boolean thirdRelu) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(linear("network.linear1", 2, h1, r));
        layers.add(new Relu("network.relu1"));
        layers.add(new Dropout("network.dropout", 0.5f));
        layers.add(linear("network.linear2", h1, h2, r));
        layers.add(new Relu("network.relu2"));
        layers.add(linear("network.linear3", h2, h3, r));
        if (thirdRelu) {
            layers.add(new Relu("network.relu3"));
        }
        layers.add(linear("network.output", h3, k, r));
        return new Network(2, layers);
    }

    /**
     * Writes {@code dir/{dataset}.npz} for every data set: paper-shaped networks with three hidden
     * layers of {@code hidden} neurons, for commands that take {@code --models DIR}. Returns {@code dir}.
     */
    public static java.nio.file.Path modelDir(java.nio.file.Path dir, int hidden) throws java.io.IOException {
        for (org.lrppruning.data.Dataset d : org.lrppruning.data.Dataset.values()) {
            org.lrppruning.model.ModelIO.save(dir.resolve(d.id() + ".npz"),
                    paperShaped(d.ordinal(), hidden, hidden, hidden, d.classes(), false));
        }
        return dir;
    }

    public static Linear linear(String name, int in, int out, Random r) {
        float[] w = new float[in * out];
        float[] b = new float[out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() / Math.sqrt(Math.max(in, 1)));
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (0.1 * r.nextGaussian());
        }
        return new Linear(name, in, out, w, b);
    }

    /** n random points in [-1.5, 1.5]² and labels in 0..k-1. */
    public static org.lrppruning.data.Samples samples(long seed, int n, int k) {
        Random r = new Random(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) (3 * r.nextDouble() - 1.5);
            x[2 * i + 1] = (float) (3 * r.nextDouble() - 1.5);
            y[i] = r.nextInt(k);
        }
        return new org.lrppruning.data.Samples(x, y);
    }
}
