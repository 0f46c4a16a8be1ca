package org.lrppruning.api;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.lrppruning.model.Architecture;
import org.lrppruning.study.CnnStudy;
import org.lrppruning.study.ToyStudy;

/**
 * The paper's studies as calls, immutable. {@link #cnn}: the CNN study ({@code reproduce --cnn}), a model trained on
 * the data (or taken from the model cache), one-shot and fine-tuned pruning-rate curves of the four criteria, LRP
 * heatmaps, the figures and {@code report.html} in one folder, as docs/cnn-study.md describes. {@link #toy}: the toy
 * study ({@code reproduce}), the three toy models, the accuracy and rank grids, their analyses and figures, as
 * docs/study.md describes. A second run into the same folder resumes.
 *
 * <pre>{@code
 * Path report = Study.cnn(Path.of("out/cnn")).quick(true).run(System.out::println);
 * Path toy = Study.toy(Path.of("out/toy")).quick(true).run();
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
     * The toy study in {@code dir} with {@code reproduce}'s defaults: moon, circle and mult with the cached models
     * (trained once when missing), the paper's grid of 4800 runs at noisy-test sigma 0.3 and its rank grid, the
     * published figures, all cores.
     *
     * @param dir the study folder: new, empty, or one of a toy study to resume
     * @return the study, not yet run
     */
    public static Study toy(Path dir) {
        return new Study(Objects.requireNonNull(dir, "dir"), null, null, Architecture.PAPER.id(), false,
                Model.ALL_CORES, null);
    }

    /**
     * This study on other data.
     *
     * @param train training data, in the forms {@link Data#load(String)} takes (reference samples and fine-tuning
     *     batches come from it)
     * @param test the held-out data the curves are measured on
     * @return a new study
     * @throws IllegalStateException on the toy study (it runs on the paper's data sets)
     */
    public Study data(String train, String test) {
        requireCnn("data(train, test)");
        return new Study(dir, Objects.requireNonNull(train, "train"), Objects.requireNonNull(test, "test"), arch, quick,
                threads, compare);
    }

    /**
     * This study with another network.
     *
     * @param arch a registered architecture ({@code vgg-small}, {@code resnet8}, ...) or a layer string (docs/models.md);
     *     for the toy study {@code paper} or {@code paper-relu}
     * @return a new study
     * @throws IllegalArgumentException for an unknown architecture
     */
    public Study arch(String arch) {
        if (data == null) {
            Architecture.toy(arch);
        } else {
            Architecture.of(arch); // a bad name fails here, not after the folder was written
        }
        return new Study(dir, data, test, arch, quick, threads, compare);
    }

    /**
     * This study on the quick grid (a first look; CNN: five rates, one sample count and seed, a test subset; toy: seeds
     * 0-1, 1, 5 and 20 samples per class, a coarser figure) or the full one.
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
     * @throws IllegalStateException on the toy study
     */
    public Study compareWith(Path other) {
        requireCnn("compareWith(other)");
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
     * Runs the study, handing each line {@code reproduce --cnn} (the toy study: {@code reproduce}) prints on stdout to
     * {@code lines}.
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
        if (data == null) {
            ToyStudy.Settings s = ToyStudy.Settings.defaults(dir, quick, t, Architecture.toy(arch),
                    "Java API: Study.toy(" + dir + ").arch(" + arch + ").quick(" + quick + ")");
            LineWriter out = new LineWriter(lines);
            try (PrintWriter o = new PrintWriter(out)) {
                return ToyStudy.open(s).run(o, new PrintWriter(Writer.nullWriter()), new ToyStudy.Listener() { });
            } finally {
                out.rest();
            }
        }
        CnnStudy.Settings s = new CnnStudy.Settings(dir, quick, t, data, test, arch, null, null, null, null,
                "Java API: Study.cnn(" + dir + ").data(" + data + ", " + test + ").arch(" + arch + ").quick(" + quick
                        + ")" + (compare != null ? ".compareWith(" + compare + ")" : ""), compare);
        return CnnStudy.open(s).run(CnnStudy.printing(lines));
    }

    private void requireCnn(String call) {
        if (data == null) {
            throw new IllegalStateException(call + " is for Study.cnn: the toy study runs on the paper's three data sets");
        }
    }

    /** Hands each line written to it (without its line break) to a consumer, on the writing thread. */
    private static final class LineWriter extends Writer {
        private final Consumer<String> lines;
        private final StringBuilder line = new StringBuilder();

        LineWriter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (c == '\n') {
                    int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                    lines.accept(line.substring(0, end));
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }

        /** A last line without a line break. */
        void rest() {
            if (line.length() > 0) {
                lines.accept(line.toString());
                line.setLength(0);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
