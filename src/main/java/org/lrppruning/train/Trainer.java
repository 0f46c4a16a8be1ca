package org.lrppruning.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.experiment.Evaluation;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Backprop;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;

/**
 * Trains a network on a training set: mean cross-entropy, Adam (lr 1e-3), shuffled mini-batches of
 * 200, dropout on, everything drawn from one seed, so the same seed gives the same bits whatever
 * the thread count. Stops at the accuracy goal or after the epoch limit.
 */
public final class Trainer {
    /** The default seed of every training run. */
    public static final long DEFAULT_SEED = 0;

    /**
     * Training settings: the learning rate follows a cosine from {@code learningRate} down to 1 % of it
     * over {@code maxEpochs}; training stops early once the train accuracy reaches {@code goal} percent.
     */
    public record Settings(int batchSize, float learningRate, int maxEpochs, double goal, long seed) {
        /** Defaults per data set. */
        public static Settings defaults(Dataset d) {
            return new Settings(200, 1e-3f, d == Dataset.MULT ? 60 : 30, d == Dataset.MULT ? 97.0 : 100.0,
                    DEFAULT_SEED);
        }

        /** The learning rate of an epoch (1-based). */
        float rate(int epoch) {
            double t = (epoch - 1) / (double) Math.max(1, maxEpochs - 1);
            return (float) (learningRate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * t))));
        }
    }

    /** Progress of training, reported once per epoch. */
    public interface Progress {
        void epoch(int epoch, int maxEpochs, double loss, double trainAccuracy);
    }

    /** A trained network with the epochs it took and its final train accuracy. */
    public record Result(Network network, int epochs, double trainAccuracy) {
    }

    private Trainer() {}

    /** Trains a freshly initialised {@code arch} network on {@code train}. */
    public static Result train(Architecture arch, Dataset dataset, Samples train, Settings s, int threads,
                               Progress progress) {
        int[] in = arch.inputShape();
        if (in == null || in.length != 1 || in[0] != 2) {
            throw new IllegalArgumentException("architecture " + arch + " does not take the toy data's 2 features"
                    + " (the toy trainer trains paper and paper-relu)");
        }
        Network net = arch.initialise(dataset.classes(), s.seed());
        SplittableRandom rng = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
        List<Integer> linearPositions = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            if (net.layers().get(i) instanceof Affine l) {
                linearPositions.add(i);
                sizes.add(l.weight().length);
                sizes.add(l.bias() == null ? 0 : l.bias().length);
            }
        }
        Adam adam = new Adam(s.learningRate(), sizes.stream().mapToInt(Integer::intValue).toArray());
        // The freshly initialised network is private to this call: Adam updates its arrays in place.
        List<Affine> params = new ArrayList<>();
        for (int pos : linearPositions) {
            params.add((Affine) net.layers().get(pos));
        }

        int n = train.size();
        int k = dataset.classes();
        double accuracy = 0;
        int epoch = 0;
        while (epoch < s.maxEpochs()) {
            epoch++;
            adam.learningRate(s.rate(epoch));
            int[] perm = permutation(n, rng);
            double lossSum = 0;
            for (int start = 0; start < n; start += s.batchSize()) {
                int b = Math.min(s.batchSize(), n - start);
                float[] x = new float[2 * b];
                int[] y = new int[b];
                for (int r = 0; r < b; r++) {
                    int src = perm[start + r];
                    x[2 * r] = train.x()[2 * src];
                    x[2 * r + 1] = train.x()[2 * src + 1];
                    y[r] = train.labels()[src];
                }
                Trace t = Trace.training(net, x, b, rng, threads);
                lossSum += Backprop.crossEntropy(t.logits(), y, b, k) * b;
                Backprop bp = Backprop.run(t, Backprop.crossEntropyGrad(t.logits(), y, b, k), true, threads);
                adam.next();
                for (int p = 0; p < params.size(); p++) {
                    int pos = linearPositions.get(p);
                    adam.update(2 * p, params.get(p).weight(), bp.weightGrad(pos));
                    if (params.get(p).bias() != null) {
                        adam.update(2 * p + 1, params.get(p).bias(), bp.biasGrad(pos));
                    }
                }
            }
            int[] pred = net.predict(train.x(), n, threads);
            accuracy = Evaluation.accuracy(pred, train.labels());
            if (progress != null) {
                progress.epoch(epoch, s.maxEpochs(), lossSum / n, accuracy);
            }
            if (accuracy >= s.goal()) {
                break;
            }
        }
        return new Result(net, epoch, accuracy);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
