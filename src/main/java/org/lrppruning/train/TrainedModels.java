package org.lrppruning.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.Limits;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.model.Shapes;

/**
 * Models trained on a user's data ({@code train --data}): the network the architecture and the data give, and the
 * model cache, keyed by everything the weights depend on (a fingerprint of the prepared samples and labels, the
 * architecture, the settings). Messages name the command line's options, as its callers are its commands and studies.
 */
public final class TrainedModels {
    /** Epochs of {@code train --data} when none are given (and of the models the CNN study trains). */
    public static final int DEFAULT_EPOCHS = 3;

    private TrainedModels() {}

    /** What {@link #obtain} reports: its lines about the cache, and the training it starts when nothing is cached. */
    public interface Listener {
        /** A line about the cache: a model is trained once, or was trained and saved. */
        default void note(String line) {
        }

        /** Training of {@code epochs} epochs of {@code batches} mini-batches starts; the progress to feed, or null. */
        default Trainer.Progress trainingStarts(int epochs, int batches) {
            return null;
        }

        /** Training ended with {@code result}, or failed (null); called after every {@link #trainingStarts}. */
        default void trainingEnded(Trainer.Result result) {
        }
    }

    /**
     * The freshly initialised network of {@code arch} for {@code data}: the data's sample shape, as many classes as the
     * labels need (where the architecture leaves the output size open). One-line errors when the architecture does not
     * take the data's samples or its outputs cannot hold every label.
     */
    public static Network network(Architecture arch, LabeledData data, String spec, long seed) {
        Network net;
        try {
            net = arch.initialise(data.sampleShape(), classes(data), seed);
        } catch (Limits.TooLarge e) {
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

    /**
     * The cache file of a model of {@code arch} trained with {@code s} on {@code data}: its name shows the data and the
     * architecture, and carries a digest of the data's fingerprint, the architecture and the settings.
     */
    public static Path cacheFile(ModelStore store, String spec, LabeledData data, Architecture arch, Trainer.Settings s) {
        String key = "data " + data.fingerprint() + "; arch " + arch.id() + "; " + s;
        String archLabel = Architecture.ids().contains(arch.id()) ? arch.id() : "arch";
        return store.file(label(spec) + "-" + archLabel, digest(key));
    }

    /** A model from {@link #obtain}: the network, its cache file, and whether it was trained just now. */
    public record Obtained(Network network, Path file, boolean trained) {}

    /**
     * The cached model trained with {@code s} on {@code data}, or a freshly trained one (then cached); for commands
     * and studies that need a trained model of the user's data.
     */
    public static Obtained obtain(String spec, LabeledData data, Architecture arch, Trainer.Settings s, int threads,
                                  Listener listener) throws IOException {
        ModelStore store = ModelStore.defaultStore();
        Path f = cacheFile(store, spec, data, arch, s);
        Network start = network(arch, data, spec, s.seed());
        if (Files.isRegularFile(f)) {
            try {
                return new Obtained(ModelIO.load(f, arch, data.sampleShape()), f, false);
            } catch (IOException e) {
                throw new IOException("the cached model " + f.toAbsolutePath() + " is broken (" + e.getMessage()
                        + "): delete it to train again", e);
            }
        }
        OutputPaths.checkFile(f); // before minutes of training, not after
        listener.note("No trained " + arch.id() + " model of " + spec + " in " + store.dir() + ": training it once.");
        Trainer.Result r = null;
        Trainer.Progress progress = listener.trainingStarts(s.maxEpochs(),
                (data.size() + s.batchSize() - 1) / s.batchSize());
        try {
            r = Trainer.train(start, data, s, threads, progress);
        } finally {
            listener.trainingEnded(r);
        }
        ModelIO.save(f, r.network());
        listener.note("Trained in " + r.epochs() + " epochs to " + PyFloat.format(r.trainAccuracy(), 2)
                + " % train accuracy; saved to " + f);
        return new Obtained(r.network(), f, true);
    }

    /** A file-name-safe short form of a data spec: {@code fashion-mnist}, or the file's name. */
    public static String label(String spec) {
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
