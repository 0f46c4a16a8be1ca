package org.lrppruning.study;

import static org.lrppruning.study.Studies.home;
import static org.lrppruning.study.Studies.step;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.lrppruning.analysis.PaperClaim;
import org.lrppruning.curves.CurveLog;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.CurveSpec;
import org.lrppruning.curves.Curves;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.io.FileLocks;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.plot.Figure;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.report.CnnFigures;
import org.lrppruning.report.CnnHeatmaps;
import org.lrppruning.report.CnnReport;
import org.lrppruning.report.FigureFormat;
import org.lrppruning.report.StudyReport;
import org.lrppruning.train.TrainedModels;
import org.lrppruning.train.Trainer;

/**
 * {@code reproduce --cnn}: the paper's CNN study (Yeom et al. 2021, Sect. 4.3) in one folder — a vgg-small trained
 * on Fashion-MNIST with {@code train --data}'s defaults (or taken from the model cache), one-shot and fine-tuned
 * pruning-rate curves per criterion ({@link Curves}, one resumable curves folder {@code curves/}), LRP heatmaps
 * before and after pruning, the charts and {@code report.html}.
 *
 * <p>Every layer keeps a filter at every rate ({@link PruningPlan#lowestKeeping}, as {@link Curves} prunes). What it
 * has to say goes to a {@link Listener}: the command line prints it, a program may ignore it.
 */
public final class CnnStudy {
    /** The criteria, in the paper's order. */
    public static final List<String> CRITERIA = List.of("weight", "taylor", "grad", "lrp");
    /** The full grid: every tenth rate, one shot over n × seeds, fine-tuned over fewer. */
    static final List<String> RATES = List.of("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9");
    static final List<Integer> NPC = List.of(5, 20);
    static final List<Long> SEEDS = List.of(0L, 1L);
    static final List<Integer> FT_NPC = List.of(5);
    static final List<Long> FT_SEEDS = List.of(0L, 1L);
    /** The quick grid (tests, CI): five rates, one n and seed, a short fine-tuning budget, a test subset. */
    static final List<String> QUICK_RATES = List.of("0", "0.2", "0.4", "0.6", "0.8");
    static final List<Integer> QUICK_NPC = List.of(5);
    static final List<Long> QUICK_SEEDS = List.of(0L);
    static final int QUICK_FT_STEPS = 5;
    public static final int QUICK_TEST = 2000;
    /**
     * The residual networks' grid (resnet8, ...): a forward pass costs about four times vgg-small's, so to stay within
     * 15 minutes on two cores the model trains 1 epoch, the one-shot curves take n 5 × seeds 0, 1 and the fine-tuned
     * ones n 5, seed 0; rates and test set as the full grid. n 20 is left out because its float64 scoring pass (200
     * images through resnet8's 28×28 stages, two curves at a time) needs more than the launcher's 1 GB heap.
     */
    static final int RESIDUAL_EPOCHS = 1;
    static final List<Integer> RESIDUAL_NPC = List.of(5);
    static final List<Long> RESIDUAL_SEEDS = List.of(0L, 1L);
    static final List<Long> RESIDUAL_FT_SEEDS = List.of(0L);
    /** A study's model in its folder (key=value lines), for a study that compares itself with this one. */
    public static final String MODEL_TEXT = "model.txt";
    /** Heatmaps: this many test images (the first of classes 0, 1, ...), pruned at this rate (or lrp's last). */
    static final int HEATMAP_IMAGES = 4;
    static final String HEATMAP_RATE = "0.7";
    /** The composite of the heatmaps and of the lrp criterion (the CNN default). */
    static final String COMPOSITE = "lrp-pruning";
    /** In the study folder: the curves' folder ({@link Curves}), the CSV of every point, the setup.txt it writes. */
    public static final String CURVES_DIR = "curves";
    public static final String CSV = "curves.csv";
    static final String SETUP_TEXT = "study=cnn\n";

    /** The stages {@link Listener#stage} counts. */
    public static final int STAGES = 5;

    /**
     * The study's inputs, as {@code reproduce --cnn}'s options give them; null for a default (the full grid's, or with
     * {@code quick} the quick grid's).
     *
     * @param dir the study folder, created if needed; a second run resumes its curves
     * @param quick the quick grid (a first look) instead of the study's
     * @param threads threads of the curves, training and evaluation; the results do not depend on them
     * @param data training data in any form {@code train --data} takes ({@code fashion-mnist}, a file)
     * @param test test data, in the same forms
     * @param arch the architecture ({@code vgg-small}, {@code resnet8}, a layer string)
     * @param epochs training epochs, or null
     * @param testLimit evaluate on the first this many test samples, or null
     * @param seeds seeds of the one-shot curves, or null
     * @param perClass reference images per class of the one-shot curves, or null
     * @param command what the report's setup shows as the command that ran the study
     * @param compare another CNN study's folder to show next to this one, or null
     */
    public record Settings(Path dir, boolean quick, int threads, String data, String test, String arch, Integer epochs,
                           Integer testLimit, List<Long> seeds, List<Integer> perClass, String command, Path compare) {
        /** Refuses a missing folder, data, test data or architecture and fewer than one thread. */
        public Settings {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(arch, "arch");
            Objects.requireNonNull(command, "command");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
        }
    }

    /**
     * What the study reports while it runs, in the order given: training when no model is cached
     * ({@link TrainedModels.Listener}), the curves' points ({@link Curves.Progress}, from worker threads, one call at a
     * time) and the lines the command line prints. Every method does nothing unless overridden.
     */
    public interface Listener extends TrainedModels.Listener, Curves.Progress {
        /** The folder is locked and the study starts. */
        default void started(Settings settings) {
        }

        /** Stage {@code number} (1 to {@link #STAGES}) begins: "Data and model", "Curves -> DIR", ... */
        default void stage(int number, String title) {
        }

        /** A line of results of the current stage. */
        default void detail(String line) {
        }

        /** The curves were computed (or failed): after the last {@link #point}. */
        default void curvesEnded() {
        }

        /** The study is done: the verdict on the paper's claim, the wall time and the report written. */
        default void finished(String verdict, double seconds, Path report) {
        }
    }

    /**
     * A listener that renders the study's events as the lines {@code reproduce --cnn} prints on stdout ("Reproducing
     * the CNN study in DIR ...", "[1/5] Data and model", its results indented, the verdict, "Done in ... Report: ..."),
     * each handed to {@code out}; training and curve progress are not lines and are left out.
     */
    public static Listener printing(Consumer<String> out) {
        return new Listener() {
            @Override
            public void started(Settings s) {
                out.accept(String.format("Reproducing the CNN study in %s on %s, %d threads%s", s.dir(), s.data(),
                        s.threads(), s.quick() ? " (quick grid)" : ""));
            }

            @Override
            public void stage(int number, String title) {
                out.accept("[" + number + "/" + STAGES + "] " + title);
            }

            @Override
            public void detail(String line) {
                out.accept("  " + line);
            }

            @Override
            public void finished(String verdict, double seconds, Path report) {
                out.accept(verdict);
                out.accept(String.format(Locale.ROOT, "Done in %.1f s. Report: %s", seconds, report));
            }
        };
    }

    private final Settings s;

    private CnnStudy(Settings s) {
        this.s = s;
    }

    /** Training and test data, loaded by {@link #open} before the folder is touched. */
    private LabeledData train;
    private LabeledData fullTest;
    private double loadSeconds;

    /**
     * The study of {@code settings}, checked before anything is written: the folder (a study of ours or new), the data
     * and the test data (a bad path or file fails here) and the study to compare with.
     */
    public static CnnStudy open(Settings settings) throws IOException {
        OutputPaths.checkFolder(settings.dir());
        Studies.checkOwnFolder(settings.dir());
        return new CnnStudy(settings).load();
    }

    private CnnStudy load() throws IOException {
        long st = System.nanoTime();
        DataOptions opts = DataOptions.forData(s.data(), null);
        train = DataSources.load(s.data(), opts);
        fullTest = DataSources.load(s.test(), opts);
        if (!java.util.Arrays.equals(train.sampleShape(), fullTest.sampleShape())) {
            throw new IllegalArgumentException("--test " + s.test() + " has samples of shape "
                    + LabeledData.shapeString(fullTest.sampleShape()) + ", --data " + s.data() + " of shape "
                    + LabeledData.shapeString(train.sampleShape()));
        }
        if (s.compare() != null) {
            compared = compared(s.compare(), s.dir());
        }
        loadSeconds = (System.nanoTime() - st) / 1e9;
        return this;
    }

    /** The study to compare with (--compare), read before anything is written. */
    private Compared compared;

    /** Another study's folder, its model (null when it does not record one) and its curve points. */
    record Compared(Path dir, CnnReport.Model model, List<CurvePoint> points) {}

    /** Reads the CNN study in {@code other}; a folder that is not one, or is this study's, is one line. */
    private static Compared compared(Path other, Path dir) throws IOException {
        Path setup = other.resolve(Studies.SETUP);
        if (!Files.isRegularFile(setup) || !Files.readString(setup).equals(SETUP_TEXT)
                || !Files.isRegularFile(other.resolve(CURVES_DIR).resolve(CurveLog.LOG))) {
            throw new IllegalArgumentException("--compare " + other + " is not the folder of a CNN study (reproduce"
                    + " --cnn --out DIR)");
        }
        if (other.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--compare " + other + " is this study's own folder");
        }
        List<CurvePoint> points = Curves.read(other.resolve(CURVES_DIR));
        if (points.isEmpty()) {
            throw new IllegalArgumentException("--compare " + other + " has no curve points yet");
        }
        CnnReport.Model model = null;
        Path m = other.resolve(MODEL_TEXT);
        if (Files.isRegularFile(m)) {
            Map<String, String> kv = new LinkedHashMap<>();
            for (String line : Files.readAllLines(m)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            try {
                model = new CnnReport.Model(kv.get("architecture"), kv.get("weights"), Long.parseLong(kv.get("parameters")),
                        Long.parseLong(kv.get("macs")), new String[0], new int[0], Integer.parseInt(kv.get("correct")),
                        Integer.parseInt(kv.get("tested")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--compare " + other + ": " + m.getFileName() + " is not one this"
                        + " tool wrote (" + e.getMessage() + ")");
            }
        }
        return new Compared(other, model, points);
    }

    /** Whether {@code a} is one of the residual families (a graph, pruned by channel groups). */
    public static boolean residual(Architecture a) {
        return a.id().startsWith("resnet");
    }

    /**
     * Runs the study into its folder, locked meanwhile (a folder another study holds is refused), telling
     * {@code listener} how it goes; returns the report.
     */
    public Path run(Listener listener) throws IOException, InterruptedException {
        try (FileLocks.Held held = Studies.lock(s.dir())) {
            listener.started(s);
            return runLocked(listener);
        }
    }

    private Path runLocked(Listener l) throws IOException, InterruptedException {
        ZonedDateTime started = ZonedDateTime.now();
        long t0 = System.nanoTime();
        Path dir = s.dir();
        checkSetup(dir);
        List<StudyReport.Step> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        steps.add(new StudyReport.Step("data", loadSeconds, String.format(Locale.ROOT, "%,d training and %,d test "
                + "samples of %s", train.size(), fullTest.size(), LabeledData.shapeString(train.sampleShape()))));
        Architecture a = Architecture.of(s.arch());
        boolean res = residual(a);
        Trainer.Settings ts = Trainer.Settings.images(s.epochs() != null ? s.epochs() : res ? RESIDUAL_EPOCHS
                : TrainedModels.DEFAULT_EPOCHS, Trainer.DEFAULT_SEED);

        l.stage(1, "Data and model");
        long st = System.nanoTime();
        int limit = s.testLimit() != null ? s.testLimit() : s.quick() ? QUICK_TEST : Integer.MAX_VALUE;
        LabeledData test = fullTest.size() > limit ? fullTest.range(0, limit) : fullTest;
        TrainedModels.Obtained got = TrainedModels.obtain(s.data(), train, a, ts, s.threads(), l);
        Network net = got.network();
        DataSources.checkLabels(test, net.classes(), s.test());
        int correct = Accuracy.correct(net, test, s.threads(), null);
        steps.add(step(got.trained() ? "training" : "model from the cache", st, String.format(Locale.ROOT,
                "%s, %s; test accuracy %.2f %% on %,d images", a.id(), got.trained() ? ts.maxEpochs() + " epochs, "
                        + "cached" : "trained earlier", 100.0 * correct / test.size(), test.size())));
        l.detail(String.format(Locale.ROOT, "%s: %d prunable %s, %,d parameters, test accuracy %.2f %% (%s)", a.id(),
                net.unitTotal(), net.prunesGroups() ? "channels in " + net.prunableCount() + " groups" : "filters",
                net.parameterCount(), 100.0 * correct / test.size(), got.trained() ? "trained now"
                        : "from the cache"));

        Composites.Box box = boxOf(s.data());
        List<String> rates = s.quick() ? QUICK_RATES : RATES;
        List<Integer> npc = s.perClass() != null ? s.perClass() : s.quick() ? QUICK_NPC : res ? RESIDUAL_NPC : NPC;
        List<Long> seeds = s.seeds() != null ? s.seeds() : s.quick() ? QUICK_SEEDS : res ? RESIDUAL_SEEDS : SEEDS;
        // fine-tuned over fewer: the first n and (quick: one, else two) seeds of the one-shot grid when those were given
        List<Integer> ftNpc = s.quick() || s.perClass() != null ? npc.subList(0, 1) : FT_NPC;
        List<Long> ftSeeds = s.quick() ? seeds.subList(0, 1) : s.seeds() != null
                ? seeds.subList(0, Math.min(2, seeds.size())) : res ? RESIDUAL_FT_SEEDS : FT_SEEDS;
        int ftSteps = s.quick() ? QUICK_FT_STEPS : CurveSpec.FineTune.DEFAULT_STEPS;

        l.stage(2, "Curves -> " + dir.resolve(CURVES_DIR));
        st = System.nanoTime();
        CurveSpec spec = new CurveSpec(net, train, s.data(), test, s.test(), CRITERIA, null, box, rates, npc, seeds,
                CurveSpec.FineTune.of(ftSteps, ftNpc, ftSeeds));
        Path cdir = dir.resolve(CURVES_DIR);
        Curves.Summary sum;
        try {
            sum = Curves.run(spec, cdir, s.threads(), l);
        } finally {
            l.curvesEnded();
        }
        if (sum.repairedTail() != null) {
            warnings.add("a torn last line was cut from " + sum.log() + ": " + sum.repairedTail());
        }
        List<CurvePoint> points = Curves.read(cdir);
        int oneShot = CRITERIA.size() * npc.size() * seeds.size();
        int fineTuned = CRITERIA.size() * ftNpc.size() * ftSeeds.size();
        int ran = sum.ran() + sum.loggedByOthers();
        int skipped = sum.skipped();
        String curvesDone = String.format(Locale.ROOT, "%d curves computed, %d already logged (%d one shot, %d "
                + "fine-tuned); %d points", ran, skipped, oneShot, fineTuned, points.size());
        steps.add(step("curves", st, curvesDone));
        l.detail(curvesDone);
        if (points.isEmpty()) {
            throw new IllegalStateException("no curve points in " + dir.resolve(CURVES_DIR));
        }
        AtomicFiles.writeString(dir.resolve(CSV), csv(points));

        l.stage(3, "Heatmaps");
        st = System.nanoTime();
        String hmRate = heatmapRate(rates);
        LabeledData refs = References.draw(train, net.classes(), npc.get(0), References.Pick.RANDOM, seeds.get(0),
                s.data());
        CnnHeatmaps.Result hm = CnnHeatmaps.compute(net, test, CnnHeatmaps.firstOfClasses(test, HEATMAP_IMAGES), refs,
                CRITERIA, hmRate, COMPOSITE, box, s.threads());
        Figure hmFigure = CnnHeatmaps.figure(hm, 1.1);
        steps.add(step("heatmaps", st, hm.images().size() + " images x " + hm.columns().size() + " models"));

        l.stage(4, "Figures");
        st = System.nanoTime();
        List<StudyReport.FigureEntry> figures = new ArrayList<>(CnnFigures.save(points, dir));
        List<Path> hmFiles = FigureFormat.save(hmFigure, dir, CnnFigures.HEATMAPS,
                List.of(FigureFormat.SVG, FigureFormat.PNG));
        figures.add(new StudyReport.FigureEntry(CnnFigures.HEATMAPS, "LRP heatmaps before and after pruning",
                "Input relevance (composite " + COMPOSITE + ", from the true class's logit; red positive, blue negative, "
                        + "each heatmap scaled to its largest |R|) of the first test image of classes 0–"
                        + (hm.images().size() - 1) + ": the unpruned model, then the models with "
                        + PaperClaim.percent(Double.parseDouble(hmRate)) + " of the filters removed one shot by each "
                        + "criterion (scored on " + npc.get(0) + " reference images per class, seed " + seeds.get(0)
                        + ")" + ", every layer keeping a filter.", hmFiles.get(1), hmFiles));
        steps.add(step("figures", st, figures.size() + " figures, SVG and PNG"));

        l.stage(5, "Report");
        st = System.nanoTime();
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("date", started.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        setup.put("command", s.command());
        setup.put("machine", Studies.machine());
        setup.put("threads", Integer.toString(s.threads()));
        setup.put("data", s.data() + " (" + String.format(Locale.ROOT, "%,d", train.size()) + " training images: "
                + "reference samples and fine-tuning batches), test " + s.test() + " ("
                + String.format(Locale.ROOT, "%,d", test.size()) + (test.size() < fullTest.size() ? " of "
                + String.format(Locale.ROOT, "%,d", fullTest.size()) : "") + " images)");
        setup.put("training", String.format(Locale.ROOT, "%s, train --data's defaults: %d epochs, mini-batches of %d, "
                + "Adam lr %s (%s), seed %d", a.id(), ts.maxEpochs(), ts.batchSize(), Float.toString(ts.learningRate()),
                ts.schedule() == Trainer.Schedule.COSINE_STEPS ? "cosine down to 1 % over the steps"
                        : ts.schedule().name().toLowerCase(Locale.ROOT), ts.seed()));
        setup.put("grid", (s.quick() ? "quick (a first look, not the study's grid): " : "") + "criteria "
                + String.join(", ", CRITERIA) + " (lrp: composite " + COMPOSITE + "); rates " + String.join(", ", rates)
                + " of the " + net.unitTotal() + (net.prunesGroups() ? " channels in " + net.prunableCount()
                + " channel groups (a group's channels leave every layer of the group together; its score is the "
                + "mean of its layers' normalised scores)" : " filters") + ", global ranking of the per-layer "
                + "normalised scores");
        setup.put("one shot", "n = " + join(npc) + " reference images per class x seeds " + join(seeds)
                + ", scored once on the unpruned model");
        setup.put("fine-tuned", "n = " + join(ftNpc) + " x seeds " + join(ftSeeds) + "; after each step "
                + ftSteps + " mini-batches of " + CurveSpec.FineTune.DEFAULT_BATCH + " training images, Adam lr "
                + CurveSpec.FineTune.DEFAULT_LR + " constant, then re-scored");
        setup.put("bands", "min–max over the runs; tables: mean ± population sd");
        CnnReport.Model model = new CnnReport.Model(a.id(), home(got.file().toString()), net.parameterCount(),
                net.macs(), net.prunableNames(), net.unitCounts(), correct, test.size());
        AtomicFiles.writeString(dir.resolve(MODEL_TEXT), "architecture=" + model.architecture() + "\nweights="
                + model.source() + "\nparameters=" + model.parameters() + "\nmacs=" + model.macs() + "\ncorrect="
                + model.correct() + "\ntested=" + model.tested() + "\n");
        CnnReport.Comparison comparison = null;
        if (compared != null) {
            String other = compared.model() != null ? compared.model().architecture()
                    : String.valueOf(compared.dir().toAbsolutePath().normalize().getFileName());
            figures.add(CnnFigures.compare(points, a.id(), compared.points(), other, dir));
            comparison = new CnnReport.Comparison(link(dir, compared.dir().resolve(StudyReport.FILE)),
                    compared.model(), compared.points());
            setup.put("compared with", compared.dir().toString());
        }
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(CSV));
        files.add(dir.resolve(MODEL_TEXT));
        files.add(cdir.resolve(CurveLog.LOG));
        for (StudyReport.FigureEntry f : figures) {
            files.addAll(f.files());
        }
        steps.add(step("report", st, "figures embedded"));
        String title = "Pruning by Explaining: CNN study on " + TrainedModels.label(s.data()) + (s.quick() ? " (quick look)"
                : "");
        Path report = CnnReport.write(new CnnReport.Data(title, dir.toAbsolutePath(), setup, model, steps, points,
                figures, files, warnings, comparison));
        l.finished(PaperClaim.of(points).sentence(), (System.nanoTime() - t0) / 1e9, report);
        return report;
    }

    /** {@code target} relative to {@code dir} (the report's links), or absolute when on another root. */
    private static String link(Path dir, Path target) {
        Path a = dir.toAbsolutePath().normalize();
        Path b = target.toAbsolutePath().normalize();
        try {
            return a.relativize(b).toString();
        } catch (IllegalArgumentException e) {
            return b.toString();
        }
    }

    /** The heatmaps' rate: {@link #HEATMAP_RATE}, or the grid's highest rate below it. */
    static String heatmapRate(List<String> rates) {
        BigDecimal want = new BigDecimal(HEATMAP_RATE);
        String out = rates.get(0);
        for (String r : rates) {
            if (new BigDecimal(r).compareTo(want) <= 0) {
                out = r;
            }
        }
        return out;
    }

    /** The z-box: the inputs' [0, 1] under the data's normalisation (Fashion-MNIST's), else [0, 1]. */
    static Composites.Box boxOf(String data) {
        if (!DataSources.isFashionMnist(data)) {
            return Composites.Box.UNIT;
        }
        String[] meanStd = DataOptions.FASHION_MNIST_NORMALIZE.split(","); // one channel: mean, std
        return Composites.Box.normalized(new double[] {Double.parseDouble(meanStd[0])},
                new double[] {Double.parseDouble(meanStd[1])});
    }

    /** Every curve point as CSV: criterion,mode,n,seed,step,rate,removed,units,parameters,macs,correct,tested,accuracy. */
    static String csv(List<CurvePoint> points) {
        StringBuilder b = new StringBuilder("criterion,mode,n,seed,step,rate,removed,units,parameters,macs,correct,tested,"
                + "accuracy\n");
        for (CurvePoint p : points) {
            b.append(p.criterion()).append(',').append(p.mode().name().toLowerCase(Locale.ROOT)).append(',')
                    .append(p.samplesPerClass()).append(',').append(p.seed()).append(',').append(p.step()).append(',')
                    .append(p.rate()).append(',').append(p.removed()).append(',').append(p.units()).append(',')
                    .append(p.parameters()).append(',').append(p.macs()).append(',').append(p.correct()).append(',')
                    .append(p.tested()).append(',').append(p.accuracy()).append('\n');
        }
        return b.toString();
    }

    /** A study folder of ours is marked by setup.txt; a toy study's is refused, and this one by the toy's. */
    private static void checkSetup(Path dir) throws IOException {
        Path f = dir.resolve(Studies.SETUP);
        if (Files.exists(f)) {
            String have = Files.readString(f);
            if (!have.equals(SETUP_TEXT)) {
                throw new IllegalArgumentException(dir + " holds a study of another kind (" + have.strip()
                        .replace('\n', ' ') + "); choose another --out or delete it");
            }
        } else {
            AtomicFiles.writeString(f, SETUP_TEXT);
        }
    }

    private static String join(List<? extends Number> xs) {
        StringBuilder b = new StringBuilder();
        for (Number x : xs) {
            b.append(b.length() == 0 ? "" : ", ").append(x);
        }
        return b.toString();
    }
}
