package org.lrppruning.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.ToyData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.train.Trainer;
import org.lrppruning.web.ApiError;

/**
 * The models the playground offers for each data set: the cached toy models of a {@link ModelStore}
 * (one per architecture; one that is missing is trained on request, in the background, one at a
 * time, with its progress reported) and, optionally, {@code DIR/{dataset}.npz} of a models folder
 * (as {@code sweep --models DIR}). Loaded models stay in memory. Thread-safe.
 */
public final class ModelCatalog implements AutoCloseable {
    /** The id of a models-folder model. */
    public static final String FOLDER = "folder";

    /** A model on offer: where it lives, how it is built, and the CLI flags that select it. */
    public record Entry(Dataset dataset, String id, String label, Architecture arch, Path file, boolean trainable,
                        List<String> cliArgs) {
    }

    /**
     * What state a model is in: {@code missing}, {@code queued}, {@code training} (epoch of maxEpochs,
     * train accuracy so far), {@code ready} (with its hidden layer sizes) or {@code failed} (message).
     */
    public record Status(Entry entry, String state, int epoch, int maxEpochs, double accuracy, String message,
                         int[] hidden) {
    }

    private record Key(Dataset dataset, String id) {
    }

    private final ModelStore store;
    private final boolean defaultStore;
    private final Path folder;
    private final Architecture folderArch;
    private final Function<Dataset, Trainer.Settings> settings;
    private final int threads;
    private final Map<Key, Network> loaded = new ConcurrentHashMap<>();
    private final Map<Key, Status> training = new ConcurrentHashMap<>();
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "playground-trainer");
        t.setDaemon(true); // an interrupted training loses nothing: models are saved atomically
        return t;
    });

    /**
     * @param store         the cache of toy models
     * @param defaultStore  whether it is the CLI's default cache (then the CLI selects a model by {@code --arch})
     * @param folder        a folder of {@code {dataset}.npz} models, or null
     * @param folderArch    the architecture the folder's models are assembled as
     * @param settings      training settings per data set ({@link Trainer.Settings#defaults} for the CLI's models)
     * @param threads       threads of the training runs
     */
    public ModelCatalog(ModelStore store, boolean defaultStore, Path folder, Architecture folderArch,
                        Function<Dataset, Trainer.Settings> settings, int threads) {
        this.store = store;
        this.defaultStore = defaultStore;
        this.folder = folder;
        this.folderArch = folderArch;
        this.settings = settings;
        this.threads = threads;
    }

    /** The catalog of the CLI's default cache (and an optional models folder), trained with the default recipe. */
    public static ModelCatalog standard(Path folder, Architecture folderArch, int threads) {
        return new ModelCatalog(ModelStore.defaultStore(), true, folder, folderArch, Trainer.Settings::defaults, threads);
    }

    /** The models offered for a data set, in a fixed order. */
    public List<Entry> entries(Dataset d) {
        List<Entry> out = new ArrayList<>();
        for (String id : Architecture.toyIds()) {
            Architecture a = Architecture.toy(id);
            Path f = store.file(d, a);
            List<String> cli = defaultStore ? List.of("--arch", a.id()) : List.of("--model", f.toString(), "--arch", a.id());
            out.add(new Entry(d, a.id(), a.id() + " (cached toy model)", a, f, true, cli));
        }
        if (folder != null) {
            Path f = folder.resolve(d.id() + ".npz");
            out.add(new Entry(d, FOLDER, f + " (" + folderArch.id() + ")", folderArch, f, false,
                    List.of("--model", f.toString(), "--arch", folderArch.id())));
        }
        return out;
    }

    /** The entry of that id, or a 400 listing the valid ids. */
    public Entry entry(Dataset d, String id) {
        for (Entry e : entries(d)) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        throw ApiError.bad("unknown model '" + id + "' for " + d + " (valid: "
                + String.join(", ", entries(d).stream().map(Entry::id).toList()) + ")");
    }

    /** The status of every model of a data set (models on disk are loaded to report their sizes). */
    public List<Status> statuses(Dataset d) {
        return entries(d).stream().map(this::status).toList();
    }

    /** The status of one model. */
    public Status status(Entry e) {
        Key k = new Key(e.dataset(), e.id());
        Status t = training.get(k);
        if (t != null) {
            return t;
        }
        if (loaded.containsKey(k) || Files.isRegularFile(e.file())) {
            try {
                return ready(e, load(e));
            } catch (ApiError ex) {
                return new Status(e, "failed", 0, 0, Double.NaN, ex.getMessage(), null);
            }
        }
        String why = e.trainable() ? "not trained yet" : "no such file: " + e.file();
        return new Status(e, "missing", 0, 0, Double.NaN, why, null);
    }

    /**
     * The model, loaded once; a 409 when it is missing, being trained or broken, naming what to do.
     */
    public Network get(Dataset d, String id) {
        Entry e = entry(d, id);
        Status s = status(e);
        if (!s.state().equals("ready")) {
            String hint = e.trainable() && s.state().equals("missing") ? ": train it first (POST /api/train)" : "";
            throw new ApiError(ApiError.NOT_READY, "model " + id + " for " + d + " is " + s.state()
                    + (s.message() == null ? "" : " (" + s.message() + ")") + hint);
        }
        return load(e);
    }

    /** Starts training a missing trainable model (no-op when it is ready or under way); returns its status. */
    public Status train(Dataset d, String id) {
        Entry e = entry(d, id);
        if (!e.trainable()) {
            throw ApiError.bad("model " + id + " for " + d + " is a file (" + e.file() + "), it cannot be trained here");
        }
        Key k = new Key(d, id);
        synchronized (training) {
            Status now = status(e);
            if (!now.state().equals("missing") && !now.state().equals("failed")) {
                return now;
            }
            Trainer.Settings s = settings.apply(d);
            Status queued = new Status(e, "queued", 0, s.maxEpochs(), Double.NaN, null, null);
            training.put(k, queued);
            trainer.submit(() -> trainNow(e, k, s));
            return queued;
        }
    }

    private void trainNow(Entry e, Key k, Trainer.Settings s) {
        try {
            training.put(k, new Status(e, "training", 0, s.maxEpochs(), Double.NaN, null, null));
            Trainer.Result r = Trainer.train(e.arch(), e.dataset(), ToyData.training(e.dataset()), s, threads,
                    (epoch, max, loss, acc) -> training.put(k, new Status(e, "training", epoch, max, acc, null, null)));
            store.save(e.dataset(), e.arch(), r.network());
            loaded.put(k, r.network());
            training.remove(k);
        } catch (IOException | RuntimeException ex) {
            training.put(k, new Status(e, "failed", 0, s.maxEpochs(), Double.NaN,
                    ApiError.firstLine("training failed: " + ex.getMessage()), null));
        }
    }

    private Network load(Entry e) {
        Key k = new Key(e.dataset(), e.id());
        Network n = loaded.get(k);
        if (n != null) {
            return n;
        }
        synchronized (loaded) {
            n = loaded.get(k);
            if (n == null) {
                try {
                    n = ModelIO.load(e.file(), e.arch());
                } catch (IOException | RuntimeException ex) {
                    throw new ApiError(ApiError.NOT_READY, "cannot load model " + e.id() + " for " + e.dataset()
                            + ": " + ex.getMessage());
                }
                if (n.classes() != e.dataset().classes()) {
                    throw new ApiError(ApiError.NOT_READY, "model " + e.file() + " has " + n.classes()
                            + " outputs but " + e.dataset() + " has " + e.dataset().classes() + " classes");
                }
                loaded.put(k, n);
            }
        }
        return n;
    }

    private static Status ready(Entry e, Network n) {
        return new Status(e, "ready", 0, 0, Double.NaN, null, n.unitCounts());
    }

    /** Stops the trainer thread (a training under way is abandoned; the cache keeps its old state). */
    @Override
    public void close() {
        trainer.shutdownNow();
    }
}
