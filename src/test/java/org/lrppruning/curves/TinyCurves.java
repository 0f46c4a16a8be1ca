package org.lrppruning.curves;

import java.util.List;
import java.util.Random;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.train.Trainer;

/**
 * A tiny CNN trained here on learnable 8×8 images (the label is the brightest of three horizontal bands), and
 * curve specs over it: quick enough for unit tests, with accuracies that move when filters go.
 */
public final class TinyCurves {
    /** 6 + 8 = 14 prunable filters, BatchNorm after the first conv only, 3 classes. */
    public static final String ARCH = "in:1x8x8,conv3:6,bn,relu,maxpool2,conv3:8,relu,flatten,linear:10,relu,dropout,linear:3";

    public final Network net;
    public final LabeledData train;
    public final LabeledData test;

    private TinyCurves(Network net, LabeledData train, LabeledData test) {
        this.net = net;
        this.train = train;
        this.test = test;
    }

    private static TinyCurves cached;

    /** The fixture (trained once per JVM). */
    public static synchronized TinyCurves get() {
        if (cached == null) {
            LabeledData train = images(400, 1);
            LabeledData test = images(300, 2);
            Network fresh = Architecture.of(ARCH).initialise(3, 3);
            Network net = Trainer.train(fresh, train, Trainer.Settings.images(8, 4).with(32, 3e-3f,
                    Trainer.Schedule.CONSTANT), 1, null).network();
            cached = new TinyCurves(net, train, test);
        }
        return cached;
    }

    /** Images of noise in [0, 0.5) with one of the bands 0–2, 3–5, 6–7 brightened by 0.5: that band is the label. */
    public static LabeledData images(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int p = 0; p < 64; p++) {
                int row = p / 8;
                int band = row < 3 ? 0 : row < 6 ? 1 : 2;
                x[i * 64 + p] = (float) (0.5 * r.nextDouble() + (band == y[i] ? 0.35 : 0));
            }
        }
        return new LabeledData(x, new int[] {1, 8, 8}, y);
    }

    /** One-shot curves of the four criteria at rates 0, 0.25, 0.5, n 1 and 3, seeds 0 and 1. */
    public CurveSpec oneShot() {
        return CurveSpec.of(net, train, "tiny-train", test, "tiny-test", List.of("weight", "taylor", "grad", "lrp"),
                List.of("0", "0.25", "0.5"), List.of(1, 3), List.of(0L, 1L));
    }

    /** {@link #oneShot} with fine-tuned curves at n 2, seed 5: 4 mini-batches of 16 per step. */
    public CurveSpec withFineTune() {
        return oneShot().withFineTune(new CurveSpec.FineTune(4, 16, 1e-3f, List.of(2), List.of(5L)));
    }
}
