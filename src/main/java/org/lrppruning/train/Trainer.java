package org.lrppruning.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.Samples;
import org.lrppruning.experiment.Evaluation;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Backprop;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.model.Trace;
import org.lrppruning.prune.PrunedForward;
import org.lrppruning.prune.PruningPlan;

/**
 * Trains a network on labelled samples: mean cross-entropy, Adam, shuffled mini-batches, dropout on and
 * BatchNorm on batch statistics (running statistics updated with momentum 0.1), everything drawn from one
 * seed, so the same seed gives the same bits whatever the thread count. One recipe for the toy MLPs and
 * for CNNs: only the {@link Settings} differ. Stops at the accuracy goal or after the epoch limit.
 */
public final class Trainer {
    /** The default seed of every training run. */
    public static final long DEFAULT_SEED = 0;

    /** How the learning rate moves during training. */
    public enum Schedule {
        /** A cosine from the rate down to 1 % of it over the epochs, one rate per epoch (the toy's). */
        COSINE_EPOCHS,
        /** The same cosine over the steps (mini-batches) of all epochs. */
        COSINE_STEPS,
        /** The rate throughout (the PyTorch fixtures' recipe). */
        CONSTANT
    }

    /**
     * Training settings. Training stops early once the train accuracy, measured by an evaluation pass over
     * the training set after each epoch, reaches {@code goal} percent; {@code goal} NaN means no goal and no
     * such pass: the train accuracy reported is then that of the epoch's mini-batches as they were trained
     * (training mode, before each step).
     */
    public record Settings(int batchSize, float learningRate, int maxEpochs, double goal, long seed,
                           Schedule schedule) {
        public Settings {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, was " + batchSize);
            }
            if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate must be > 0, was " + learningRate);
            }
            if (maxEpochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, was " + maxEpochs);
            }
        }

        /** The toy's settings: cosine over epochs. */
        public Settings(int batchSize, float learningRate, int maxEpochs, double goal, long seed) {
            this(batchSize, learningRate, maxEpochs, goal, seed, Schedule.COSINE_EPOCHS);
        }

        /** Defaults per toy data set: batches of 200, lr 1e-3, 30 epochs to 100 % (mult: 60 to 97 %). */
        public static Settings defaults(Dataset d) {
            return new Settings(200, 1e-3f, d == Dataset.MULT ? 60 : 30, d == Dataset.MULT ? 97.0 : 100.0,
                    DEFAULT_SEED);
        }

        /** Image classifiers: batches of 128 and lr 1e-3 (the CNN fixtures'), cosine over the steps, no goal. */
        public static Settings images(int epochs, long seed) {
            return new Settings(128, 1e-3f, epochs, Double.NaN, seed, Schedule.COSINE_STEPS);
        }

        /** The same settings with another batch size, learning rate and schedule. */
        public Settings with(int batch, float lr, Schedule sched) {
            return new Settings(batch, lr, maxEpochs, goal, seed, sched);
        }

        /** The learning rate of an epoch (1-based) at step {@code step} of {@code steps} (0-based) in all epochs. */
        float rate(int epoch, long step, long steps) {
            return switch (schedule) {
                case COSINE_EPOCHS -> cosine(learningRate, epoch - 1, maxEpochs);
                case COSINE_STEPS -> cosine(learningRate, step, steps);
                case CONSTANT -> learningRate;
            };
        }

        /** lr·(0.01 + 0.99·(1 + cos(π·i/(count − 1)))/2): lr at i = 0, 1 % of it at the last i. */
        private static float cosine(float lr, long i, long count) {
            double t = i / (double) Math.max(1, count - 1);
            return (float) (lr * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * t))));
        }
    }

    /** Progress of training: after each mini-batch (running means over the epoch) and after each epoch. */
    public interface Progress {
        void epoch(int epoch, int maxEpochs, double loss, double trainAccuracy);

        /** After mini-batch {@code batch} (1-based) of {@code batches}: the epoch's mean loss and accuracy so far. */
        default void batch(int epoch, int batch, int batches, double loss, double trainAccuracy) {
        }
    }

    /** A trained network with the epochs it took and its final train accuracy (percent). */
    public record Result(Network network, int epochs, double trainAccuracy) {
    }

    private Trainer() {}

    /** Trains a freshly initialised {@code arch} network on the toy's 2-D points {@code train}. */
    public static Result train(Architecture arch, Dataset dataset, Samples train, Settings s, int threads,
                               Progress progress) {
        int[] in = arch.inputShape();
        if (in == null || in.length != 1 || in[0] != 2) {
            throw new IllegalArgumentException("architecture " + arch + " does not take the toy data's 2 features"
                    + " (the toy trainer trains paper and paper-relu)");
        }
        Network net = arch.initialise(dataset.classes(), s.seed());
        return fit(net, LabeledData.of(train), s, threads, progress);
    }

    /** Trains a copy of {@code start} (e.g. to fine-tune a pruned network); {@code start} itself is left alone. */
    public static Result train(Network start, LabeledData data, Settings s, int threads, Progress progress) {
        return fit(copy(start), data, s, threads, progress);
    }

    /**
     * A network with the same layers and fresh copies of every parameter array (caches keyed by array identity,
     * such as {@code AccurateOps.widened}, then never see an array that training changed in place).
     */
    public static Network copy(Network net) {
        List<Layer> layers = new ArrayList<>();
        for (Layer l : net.layers()) {
            if (l instanceof Affine a) {
                layers.add(a.withParameters(a.weight().clone(), a.bias() == null ? null : a.bias().clone()));
            } else if (l instanceof BatchNorm b) {
                layers.add(new BatchNorm(b.name(), b.gamma().clone(), b.beta().clone(), b.mean().clone(),
                        b.var().clone(), b.eps()));
            } else {
                layers.add(l);
            }
        }
        return net.withLayers(layers);
    }

    /** A parameter tensor Adam updates: the array of layer {@code layer}, its weight (γ) or its bias (β). */
    private record Tensor(int layer, boolean bias, float[] values) {
    }

    /** The trainable tensors in layer order, weight before bias: Affine W and b, BatchNorm γ and β. */
    private static List<Tensor> tensors(Network net) {
        List<Tensor> t = new ArrayList<>();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            if (l instanceof Affine a) {
                t.add(new Tensor(i, false, a.weight()));
                if (a.bias() != null) {
                    t.add(new Tensor(i, true, a.bias()));
                }
            } else if (l instanceof BatchNorm b) {
                t.add(new Tensor(i, false, b.gamma()));
                t.add(new Tensor(i, true, b.beta()));
            }
        }
        return t;
    }

    /** Trains {@code net} in place: it is private to the caller, Adam updates its arrays. */
    private static Result fit(Network net, LabeledData data, Settings s, int threads, Progress progress) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training samples");
        }
        if (data.sampleSize() != net.inputs()) {
            throw new IllegalArgumentException("the network takes inputs of " + net.inputs() + " values, the data's"
                    + " samples have " + data.sampleSize());
        }
        SplittableRandom rng = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
        List<Tensor> params = tensors(net);
        int[] sizes = new int[params.size()];
        for (int p = 0; p < sizes.length; p++) {
            sizes[p] = params.get(p).values().length;
        }
        Adam adam = new Adam(s.learningRate(), sizes);

        float[] xs = data.x();
        int[] labels = data.labels();
        int per = data.sampleSize();
        int n = data.size();
        int k = net.classes();
        int batches = (n + s.batchSize() - 1) / s.batchSize();
        long steps = (long) batches * s.maxEpochs();
        boolean goal = !Double.isNaN(s.goal());
        // the goal's accuracy over the whole set each epoch: an MLP labels it faster with the points grouped by place
        PrunedForward.Groups grouped = goal && PrunedForward.supports(net) ? PrunedForward.group(xs, n, per) : null;
        double accuracy = 0;
        int epoch = 0;
        long step = 0;
        while (epoch < s.maxEpochs()) {
            epoch++;
            int[] perm = permutation(n, rng);
            double lossSum = 0;
            int correct = 0;
            for (int start = 0, batch = 0; start < n; start += s.batchSize(), batch++, step++) {
                adam.learningRate(s.rate(epoch, step, steps));
                int b = Math.min(s.batchSize(), n - start);
                float[] x = new float[per * b];
                int[] y = new int[b];
                for (int r = 0; r < b; r++) {
                    int src = perm[start + r];
                    System.arraycopy(xs, src * per, x, r * per, per);
                    y[r] = labels[src];
                }
                Trace t = Trace.training(net, x, b, rng, threads);
                lossSum += Backprop.crossEntropy(t.logits(), y, b, k) * b;
                Backprop bp = Backprop.run(t, Backprop.crossEntropyGrad(t.logits(), y, b, k), true, threads);
                adam.next();
                for (int p = 0; p < params.size(); p++) {
                    Tensor tp = params.get(p);
                    adam.update(p, tp.values(), tp.bias() ? bp.biasGrad(tp.layer()) : bp.weightGrad(tp.layer()), threads);
                }
                for (int i = 0; i < net.layers().size(); i++) {
                    if (t.batchStats(i) != null) {
                        ((BatchNorm) net.layer(i)).updateRunning(t.batchStats(i), BatchNorm.DEFAULT_MOMENTUM);
                    }
                }
                if (progress != null || !goal) {
                    int[] pred = Network.argmax(t.logits(), b, k);
                    for (int r = 0; r < b; r++) {
                        correct += pred[r] == y[r] ? 1 : 0;
                    }
                }
                if (progress != null) {
                    int seen = start + b;
                    progress.batch(epoch, batch + 1, batches, lossSum / seen, (double) correct / seen * 100);
                }
            }
            if (goal) {
                int[] pred = grouped != null
                        ? PrunedForward.of(net).predict(PruningPlan.none(net.prunableCount()), grouped, threads)
                        : net.predict(xs, n, threads);
                accuracy = Evaluation.accuracy(pred, labels);
            } else {
                accuracy = (double) correct / n * 100;
            }
            if (progress != null) {
                progress.epoch(epoch, s.maxEpochs(), lossSum / n, accuracy);
            }
            if (goal && accuracy >= s.goal()) {
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
