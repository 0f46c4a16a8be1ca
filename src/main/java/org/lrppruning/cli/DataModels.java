package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Evaluation;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.model.Shapes;
import org.lrppruning.train.Trainer;

/**
 * Models trained on a user's data ({@code train --data}): the network the architecture and the data give,
 * training under a progress bar, the test accuracy, and the model cache, keyed by everything the weights
 * depend on (a fingerprint of the prepared samples and labels, the architecture, the settings).
 */
final class DataModels {
    private DataModels() {}

    /**
     * The freshly initialised network of {@code arch} for {@code data}: the data's sample shape, as many
     * classes as the labels need (where the architecture leaves the output size open). One-line errors when
     * the architecture does not take the data's samples or its outputs cannot hold every label.
     */
    static Network network(Architecture arch, LabeledData data, String spec, long seed) {
        Network net;
        try {
            net = arch.initialise(data.sampleShape(), classes(data), seed);
        } catch (org.lrppruning.io.Limits.TooLarge e) {
            throw e; // the heap, not the data, is what it does not fit
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--arch " + arch.id() + " does not fit --data " + spec + " (samples "
                    + Shapes.format(data.sampleShape()) + "): " + e.getMessage(), e);
        }
        DataSources.checkLabels(data, net.classes(), spec);
        return net;
    }

    /** Classes the labels need: the largest label + 1. */
    static int classes(LabeledData data) {
        int max = 0;
        for (int y : data.labels()) {
            max = Math.max(max, y);
        }
        return max + 1;
    }

    /** Trains {@code start} (a fresh network, trained in place of a copy) on {@code data}, with a bar on stderr. */
    static Trainer.Result train(Network start, LabeledData data, String task, Trainer.Settings s, int threads,
                                boolean progress) {
        if (!progress) {
            return Trainer.train(start, data, s, threads, null);
        }
        int batches = (data.size() + s.batchSize() - 1) / s.batchSize();
        try (TrainingBar bar = TrainingBar.ofBatches(task, s.maxEpochs(), batches,
                new ConsoleProgressBarConsumer(System.err))) {
            Trainer.Result r = Trainer.train(start, data, s, threads, bar);
            bar.finish(r);
            return r;
        }
    }

    /** Test accuracy in percent (evaluation mode, in chunks: {@link Network#predict}). */
    static double accuracy(Network net, LabeledData data, int threads) {
        return Evaluation.accuracy(net.predict(data.x(), data.size(), threads), data.labels());
    }

    /**
     * The cache file of a model of {@code arch} trained with {@code s} on {@code data}: its name shows the data
     * and the architecture, and carries a digest of the data's fingerprint, the architecture and the settings.
     */
    static Path cacheFile(ModelStore store, String spec, LabeledData data, Architecture arch, Trainer.Settings s) {
        String key = "data " + data.fingerprint() + "; arch " + arch.id() + "; " + s;
        String archLabel = Architecture.ids().contains(arch.id()) ? arch.id() : "arch";
        return store.file(label(spec) + "-" + archLabel, digest(key));
    }

    /** A model from {@link #obtain}: the network, its cache file, and whether it was trained just now. */
    record Obtained(Network network, Path file, boolean trained) {}

    /**
     * The cached model trained with {@code s} on {@code data}, or a freshly trained one (then cached, with a
     * progress bar on stderr when {@code progress}); for commands that need a trained model of the user's data.
     */
    static Obtained obtain(String spec, LabeledData data, Architecture arch, Trainer.Settings s, int threads,
                           boolean progress, PrintWriter err) throws IOException {
        ModelStore store = ModelStore.defaultStore();
        Path f = cacheFile(store, spec, data, arch, s);
        Network start = network(arch, data, spec, s.seed());
        if (java.nio.file.Files.isRegularFile(f)) {
            try {
                return new Obtained(ModelIO.load(f, arch, data.sampleShape()), f, false);
            } catch (IOException e) {
                throw new IOException("the cached model " + f.toAbsolutePath() + " is broken (" + e.getMessage()
                        + "): delete it to train again", e);
            }
        }
        OutputPaths.checkFile(f); // before minutes of training, not after
        err.println("No trained " + arch.id() + " model of " + spec + " in " + store.dir() + ": training it once.");
        Trainer.Result r = train(start, data, "train", s, threads, progress);
        ModelIO.save(f, r.network());
        err.println("Trained in " + r.epochs() + " epochs to " + PyFloat.format(r.trainAccuracy(), 2)
                + " % train accuracy; saved to " + f);
        err.flush();
        return new Obtained(r.network(), f, true);
    }

    /** A file-name-safe short form of a data spec: {@code fashion-mnist}, or the file's name. */
    static String label(String spec) {
        String s = spec.strip();
        if (DataSources.isFashionMnist(s)) {
            return s.endsWith(":test") ? "fashion-mnist-test" : "fashion-mnist";
        }
        String first = s.split(",", -1)[0];
        Path p = Path.of(first).getFileName();
        String name = p == null ? "data" : p.toString().replaceAll("(?i)(\\.gz|\\.npy|\\.csv)$", "");
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "data" : name.substring(0, Math.min(40, name.length()));
    }

    private static String digest(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
