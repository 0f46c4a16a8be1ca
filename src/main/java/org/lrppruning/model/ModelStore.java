package org.lrppruning.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.lrppruning.data.Dataset;

/**
 * Where trained models are cached: {@code HOME/models} for the system property
 * {@value #HOME_PROPERTY} (e.g. in {@code LRP_PRUNING_JAVA_OPTS}, or a test's), else {@code $LRP_PRUNING_HOME/models}, else
 * {@code $XDG_CACHE_HOME/lrp-pruning/models}, else {@code ~/.cache/lrp-pruning/models}; one file
 * {@code {dataset}-{arch}-{recipe}.npz} per model, so a changed training recipe never reuses an old one.
 */
public final class ModelStore {
    /** Bumped whenever the training recipe changes. */
    public static final String RECIPE = "r1";
    /** System property naming the home folder; it takes precedence over {@code $LRP_PRUNING_HOME}. */
    public static final String HOME_PROPERTY = "lrp.pruning.home";

    private final Path dir;

    public ModelStore(Path dir) {
        this.dir = dir;
    }

    /** The store at the default location. */
    public static ModelStore defaultStore() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            home = System.getenv("LRP_PRUNING_HOME");
        }
        if (home != null && !home.isBlank()) {
            return new ModelStore(Paths.get(home, "models"));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return new ModelStore(base.resolve("lrp-pruning").resolve("models"));
    }

    public Path dir() {
        return dir;
    }

    /** The cache file of a model. */
    public Path file(Dataset d, Architecture arch) {
        return dir.resolve(d.id() + "-" + arch.id() + "-" + RECIPE.toLowerCase(Locale.ROOT) + ".npz");
    }

    /**
     * The cache file of a model trained on other data: {@code {name}-{digest}-{recipe}.npz}, the name saying
     * what it is, the digest what exactly it was trained on and with.
     */
    public Path file(String name, String digest) {
        return dir.resolve(name + "-" + digest + "-" + RECIPE.toLowerCase(Locale.ROOT) + ".npz");
    }

    /** The cached model, or null when there is none yet. */
    public Network find(Dataset d, Architecture arch) throws IOException {
        Path f = file(d, arch);
        return Files.isRegularFile(f) ? ModelIO.load(f, arch) : null;
    }

    /** Saves a model into the cache (atomically). */
    public Path save(Dataset d, Architecture arch, Network net) throws IOException {
        Path f = file(d, arch);
        ModelIO.save(f, net);
        return f;
    }
}
