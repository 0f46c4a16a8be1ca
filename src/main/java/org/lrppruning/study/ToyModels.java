package org.lrppruning.study;

import java.io.IOException;
import java.nio.file.Path;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.train.TrainedModels;
import org.lrppruning.train.Trainer;

/**
 * The toy models the study and the toy commands run on: a given file, the one in the model cache
 * ({@link ModelStore}), or one trained now with the spec's recipe ({@link Trainer.Settings#defaults}) and cached.
 * Training does not depend on the thread count, so a model trained on one thread is the one trained on all.
 */
public final class ToyModels {
    /** The command line's launcher, named in the remedy of a broken cache. */
    public static final String LAUNCHER = "bin/lrp-pruning";

    private ToyModels() {}

    /**
     * The model of a data set as far as it exists without training: {@code model} when given, else the cached one,
     * else null (then {@link #obtain} trains it). Checks, before any work, that runs of up to {@code maxPerClass}
     * samples per class, {@code parallel} at once, fit the heap on the model's shape (the architecture's when it is
     * yet to be trained), and that the cache can take a model yet to be trained.
     */
    public static Network find(Dataset d, Architecture arch, Path model, int maxPerClass, int parallel)
            throws IOException {
        ModelStore store = ModelStore.defaultStore();
        Network net;
        if (model != null) {
            net = ModelIO.load(model, arch);
        } else {
            try {
                net = store.find(d, arch);
            } catch (IOException e) {
                throw new IOException(brokenCache(d, arch, store.file(d, arch), e.getMessage()), e);
            }
        }
        RunConfig.checkFits(d, maxPerClass, net != null ? net.valuesPerRow() : arch.valuesPerRow(d.classes()), parallel);
        if (net == null) {
            OutputPaths.checkFolder(store.dir()); // before the training, not after it
        }
        return net;
    }

    /**
     * The model {@link #find} found, or (when it found none) one trained now on {@code threads} threads and cached,
     * telling {@code listener}: the cache's two lines ("No trained ...", "Trained ...") as notes, the training's
     * epochs ({@code trainingStarts(maxEpochs, 0)}: the toy's batches are not counted) and its end.
     */
    public static Network obtain(Dataset d, Architecture arch, Network found, int threads,
                                 TrainedModels.Listener listener) throws IOException {
        if (found != null) {
            return found;
        }
        ModelStore store = ModelStore.defaultStore();
        listener.note("No trained " + d + " model (" + arch + ") in " + store.dir() + ": training it once.");
        Trainer.Result r = null;
        try {
            r = train(d, arch, threads, listener.trainingStarts(Trainer.Settings.defaults(d).maxEpochs(), 0));
        } finally {
            listener.trainingEnded(r);
        }
        Path f = store.save(d, arch, r.network());
        listener.note("Trained " + d + " in " + r.epochs() + " epochs to " + PyFloat.format(r.trainAccuracy(), 2)
                + " % train accuracy; saved to " + f);
        return r.network();
    }

    /** Trains the model of {@code d} with the spec's recipe on its training set; {@code progress} may be null. */
    public static Trainer.Result train(Dataset d, Architecture arch, int threads, Trainer.Progress progress) {
        return Trainer.train(arch, d, ToyData.training(d), Trainer.Settings.defaults(d), threads, progress);
    }

    /** The one-line error of an unreadable cached model: its full path, the reason and the two remedies. */
    public static String brokenCache(Dataset d, Architecture arch, Path file, String reason) {
        String firstLine = reason == null ? "unreadable" : reason.lines().findFirst().orElse(reason);
        return "the cached " + d + " model " + file.toAbsolutePath() + " is broken (" + firstLine
                + "): train it again with '" + LAUNCHER + " train -d " + d
                + (arch == Architecture.PAPER ? "" : " --arch " + arch) + "' or delete the file";
    }
}
