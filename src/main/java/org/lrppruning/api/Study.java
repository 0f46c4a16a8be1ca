package org.lrppruning.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.lrppruning.model.Architecture;
import org.lrppruning.study.CnnStudy;

/**
 * The paper's CNN study ({@code reproduce --cnn}) as a call, immutable: a model trained on the data (or taken from
 * the model cache), one-shot and fine-tuned pruning-rate curves of the four criteria, LRP heatmaps, the figures and
 * {@code report.html} in one folder, as docs/cnn-study.md describes. A second run into the same folder resumes.
 *
 * <pre>{@code
 * Path report = Study.cnn(Path.of("out/cnn")).quick(true).run(System.out::println);
 * }</pre>
 */
public final class Study {
    private final Path dir;
    private final String data;
    private final String test;
    private final String arch;
    private final boolean quick;
    private final int threads;
    private final Path compare;

    private Study(Path dir, String data, String test, String arch, boolean quick, int threads, Path compare) {
        this.dir = dir;
        this.data = data;
        this.test = test;
        this.arch = arch;
        this.quick = quick;
        this.threads = threads;
        this.compare = compare;
    }

    /**
     * The CNN study in {@code dir} with {@code reproduce --cnn}'s defaults: vgg-small on {@code fashion-mnist}, tested
     * on {@code fashion-mnist:test}, the full grid, all cores.
     *
     * @param dir the study folder: new, empty, or one of a CNN study to resume
     * @return the study, not yet run
     */
    public static Study cnn(Path dir) {
        return new Study(Objects.requireNonNull(dir, "dir"), "fashion-mnist", "fashion-mnist:test",
                Architecture.VGG_SMALL.id(), false, Model.ALL_CORES, null);
    }

    /**
     * This study on other data.
     *
     * @param train training data, in the forms {@link Data#load(String)} takes (reference samples and fine-tuning
     *     batches come from it)
     * @param test the held-out data the curves are measured on
     * @return a new study
     */
    public Study data(String train, String test) {
        return new Study(dir, Objects.requireNonNull(train, "train"), Objects.requireNonNull(test, "test"), arch, quick,
                threads, compare);
    }

    /**
     * This study with another network.
     *
     * @param arch a registered architecture ({@code vgg-small}, {@code resnet8}, ...) or a layer string (docs/models.md)
     * @return a new study
     * @throws IllegalArgumentException for an unknown architecture
     */
    public Study arch(String arch) {
        Architecture.of(arch); // a bad name fails here, not after the folder was written
        return new Study(dir, data, test, arch, quick, threads, compare);
    }

    /**
     * This study on the quick grid (a first look: five rates, one sample count and seed, a test subset) or the full one.
     *
     * @param quick whether to run the quick grid
     * @return a new study
     */
    public Study quick(boolean quick) {
        return new Study(dir, data, test, arch, quick, threads, compare);
    }

    /**
     * This study computing on {@code threads} threads (default: all cores); the numbers stay the same.
     *
     * @param threads at least 1
     * @return a new study
     */
    public Study withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        return new Study(dir, data, test, arch, quick, threads, compare);
    }

    /**
     * This study shown next to the CNN study in {@code other} (e.g. resnet8 next to vgg-small), as
     * {@code --compare} does.
     *
     * @param other another CNN study's folder
     * @return a new study
     */
    public Study compareWith(Path other) {
        return new Study(dir, data, test, arch, quick, threads, Objects.requireNonNull(other, "other"));
    }

    /**
     * Runs the study quietly.
     *
     * @return the report, {@code report.html} in the folder
     * @throws IOException if a file cannot be read or written
     * @throws InterruptedException if the thread is interrupted while the curves run
     * @throws IllegalArgumentException for bad data, a folder of someone else's files, or a --compare folder that is
     *     not a CNN study's
     * @throws IllegalStateException if another study holds the folder
     */
    public Path run() throws IOException, InterruptedException {
        return run(line -> { });
    }

    /**
     * Runs the study, handing each line {@code reproduce --cnn} prints on stdout to {@code lines}.
     *
     * @param lines receives the lines, in order, from the calling thread
     * @return the report, {@code report.html} in the folder
     * @throws IOException if a file cannot be read or written
     * @throws InterruptedException if the thread is interrupted while the curves run
     * @throws IllegalArgumentException for bad data, a folder of someone else's files, or a --compare folder that is
     *     not a CNN study's
     * @throws IllegalStateException if another study holds the folder
     */
    public Path run(Consumer<String> lines) throws IOException, InterruptedException {
        int t = threads == Model.ALL_CORES ? Runtime.getRuntime().availableProcessors() : threads;
        CnnStudy.Settings s = new CnnStudy.Settings(dir, quick, t, data, test, arch, null, null, null, null,
                "Java API: Study.cnn(" + dir + ").data(" + data + ", " + test + ").arch(" + arch + ").quick(" + quick
                        + ")" + (compare != null ? ".compareWith(" + compare + ")" : ""), compare);
        return CnnStudy.open(s).run(CnnStudy.printing(lines));
    }
}
