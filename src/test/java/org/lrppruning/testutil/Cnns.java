package org.lrppruning.testutil;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Flatten;
import org.lrppruning.model.GlobalAvgPool;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Window;

/** Small random CNNs and tensors for tests. */
public final class Cnns {
    private Cnns() {}

    /** Values uniform in [lo, hi). */
    public static float[] uniform(Random r, int size, double lo, double hi) {
        float[] v = new float[size];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return v;
    }

    /** A conv layer with Gaussian weights scaled by 1/√fanIn and a small bias (or none). */
    public static Conv2d conv(String name, int in, int out, Window w, boolean bias, Random r) {
        int fan = in * w.kh() * w.kw();
        float[] weight = new float[out * fan];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) (r.nextGaussian() / Math.sqrt(fan));
        }
        float[] b = bias ? uniform(r, out, -0.2, 0.2) : null;
        return new Conv2d(name, in, out, w, weight, b);
    }

    /** A BatchNorm with random statistics (variance in [0.5, 2)). */
    public static BatchNorm bn(String name, int c, Random r) {
        return new BatchNorm(name, uniform(r, c, 0.5, 1.5), uniform(r, c, -0.3, 0.3), uniform(r, c, -0.2, 0.2),
                uniform(r, c, 0.5, 2.0), 1e-5);
    }

    /**
     * in 2×9×8: conv3:5 (p1), [bn], relu, maxpool2 → 5×4×4; conv2:4 (p0, stride 1), [bn], relu → 4×3×3; flatten,
     * linear:6, relu, dropout, linear:3.
     */
    public static Network small(long seed, boolean batchNorm, PrunableUnits units) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(conv("features.0", 2, 5, Window.square(3, 1, 1), true, r));
        if (batchNorm) {
            layers.add(bn("features.bn0", 5, r));
        }
        layers.add(new Relu("features.r0"));
        layers.add(new MaxPool2d("features.p0", Window.square(2, 2, 0)));
        layers.add(conv("features.1", 5, 4, Window.square(2, 1, 0), true, r));
        if (batchNorm) {
            layers.add(bn("features.bn1", 4, r));
        }
        layers.add(new Relu("features.r1"));
        layers.add(new Flatten("classifier.0"));
        layers.add(Nets.linear("classifier.1", 36, 6, r));
        layers.add(new Relu("classifier.2"));
        layers.add(new Dropout("classifier.3", 0.5f));
        layers.add(Nets.linear("classifier.4", 6, 3, r));
        return new Network(new int[] {2, 9, 8}, layers, units);
    }

    /** in 3×6×6: conv3:4 (p1), relu, gap → 4, linear:3. */
    public static Network gap(long seed) {
        Random r = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(conv("features.0", 3, 4, Window.square(3, 1, 1), true, r));
        layers.add(new Relu("features.1"));
        layers.add(new GlobalAvgPool("features.2"));
        layers.add(Nets.linear("classifier.0", 4, 3, r));
        return new Network(new int[] {3, 6, 6}, layers);
    }
}
