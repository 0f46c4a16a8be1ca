package org.lrppruning.study;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.RunCache;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.experiment.RunResult;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.io.FileLocks;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.plot.DecisionGrid;
import org.lrppruning.report.AccuracyAnalysis;
import org.lrppruning.report.FigureFormat;
import org.lrppruning.report.RankReport;
import org.lrppruning.report.StudyReport;
import org.lrppruning.report.ToyFigure;
import org.lrppruning.sweep.Grid;
import org.lrppruning.sweep.Sweep;
import org.lrppruning.train.TrainedModels;

/**
 * The paper's toy study ({@code reproduce}, Yeom et al. 2021, section 4.1): the three models, the accuracy grid
 * and the rank grid (resumable sweeps sharing one {@link RunCache}), their analyses, the qualitative figure and
 * one self-contained {@code report.html}, in one folder. A model missing from the cache is trained first, on all
 * threads: trained on one thread beside the other data sets' runs, mult's took 2.5 times as long (231 s against 92 s,
 * 2-core AMD EPYC, 2026-12-07), the two sharing the caches, and the whole study 60 s longer.
 */
public final class ToyStudy {
    /** Stages the study prints as "[i/6]". */
    public static final int STAGES = 6;
    /** File and folder names inside the study folder. */
    public static final String LOG = "log.txt";
    public static final String RANK_DIR = "rank";
    public static final String TOY_TRAIN = "toy-figure-train";
    public static final String TOY_TEST = "toy-figure-test";
    /** The quick grid (a first look): few seeds and sample counts, all data sets and criteria. */
    public static final String QUICK_SEEDS = "0-1";
    public static final List<Integer> QUICK_NPC = List.of(1, 5, 20);
    public static final String QUICK_RANK_SEEDS = "0-1";
    public static final List<Integer> QUICK_RANK_NPC = List.of(1, 5);
    /** Decision-grid resolution of the qualitative figure in quick mode (published: {@value DecisionGrid#STEPS}). */
    public static final int QUICK_GRID_STEPS = 80;
    /** The paper's seeds (0 to 49) as written. */
    public static final String PAPER_SEEDS = "0-49";

    /**
     * What to run.
     *
     * @param dir the study folder: new, empty, or one of a toy study to resume
     * @param quick whether this is the quick grid (the report says so)
     * @param threads parallel runs and threads; the results do not depend on them
     * @param arch the toy architecture
     * @param sigma the accuracy grid's noisy-test sigma (0: test on the reference samples)
     * @param grid the accuracy grid (its data sets in log order, its prune count)
     * @param rankGrid the rank grid (rank-log runs), or null for none
     * @param seeds the accuracy grid's seeds as the user wrote them (for the report)
     * @param rankSeeds the rank grid's seeds as written, or null
     * @param gridSteps decision-grid steps of the qualitative figure (at least 10)
     * @param models a folder of {@code {dataset}.npz} models to use instead of the cache, or null
     * @param command what the report's setup shows as the command that ran the study
     */
    public record Settings(Path dir, boolean quick, int threads, Architecture arch, double sigma, Grid grid,
                           Grid rankGrid, String seeds, String rankSeeds, int gridSteps, Path models, String command) {
        /**
         * {@code reproduce}'s defaults: moon, circle and mult, the paper's accuracy grid at sigma 0.3 and rank grid
         * (or the quick ones), 1000 neurons pruned, the published 200-step figure (quick: 80), the cached models.
         */
        public static Settings defaults(Path dir, boolean quick, int threads, Architecture arch, String command) {
            return of(dir, quick, threads, arch, Grid.PAPER_SIGMA, null, null, null, null, null, false,
                    RunConfig.DEFAULT_PRUNE_COUNT, null, null, command);
        }

        /**
         * {@code reproduce}'s settings from its options: a null data set list, sample counts, seeds or grid steps
         * takes the default (the paper's, or with {@code quick} the quick grid's); data sets are sorted by name (the
         * log's order), sample counts checked, deduplicated and sorted; {@code noRank} leaves out the rank grid.
         */
        public static Settings of(Path dir, boolean quick, int threads, Architecture arch, double sigma,
                                  List<Dataset> datasets, List<Integer> perClass, String seeds, List<Integer> rankPerClass,
                                  String rankSeeds, boolean noRank, int pruneCount, Integer gridSteps, Path models,
                                  String command) {
            RunConfig.checkSigma(sigma);
            List<Dataset> ds = new ArrayList<>(datasets != null ? datasets : List.of(Dataset.values()));
            ds.sort(Comparator.comparing(Dataset::id));
            String seedText = seeds != null ? seeds : quick ? QUICK_SEEDS : PAPER_SEEDS;
            Grid grid = new Grid(ds, Criteria.PAPER, perClass(perClass, quick ? QUICK_NPC : Grid.PAPER_NPC),
                    Grid.parseSeeds(seedText), sigma, false, pruneCount);
            String rankSeedText = noRank ? null : rankSeeds != null ? rankSeeds : quick ? QUICK_RANK_SEEDS : PAPER_SEEDS;
            Grid rankGrid = noRank ? null : new Grid(ds, Criteria.PAPER,
                    perClass(rankPerClass, quick ? QUICK_RANK_NPC : Grid.PAPER_NPC), Grid.parseSeeds(rankSeedText), 0.0,
                    true, pruneCount);
            int steps = gridSteps != null ? gridSteps : quick ? QUICK_GRID_STEPS : DecisionGrid.STEPS;
            return new Settings(dir, quick, threads, arch, sigma, grid, rankGrid, seedText, rankSeedText, steps, models,
                    command);
        }

        /** Sample counts per class as given (checked, deduplicated, sorted), or the default. */
        public static List<Integer> perClass(List<Integer> given, List<Integer> dflt) {
            List<Integer> n = given != null ? given : dflt;
            n.forEach(RunConfig::checkPerClass);
            return n.stream().distinct().sorted().toList();
        }

        /** Refuses missing values, fewer than one thread and a decision grid under 10 steps. */
        public Settings {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(arch, "arch");
            Objects.requireNonNull(grid, "grid");
            Objects.requireNonNull(seeds, "seeds");
            Objects.requireNonNull(command, "command");
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            }
            if (gridSteps < 10) {
                throw new IllegalArgumentException("--grid-steps must be >= 10, was " + gridSteps);
            }
        }
    }

    /**
     * The study's progress, for bars (its lines go to the writers {@link #run} takes). Every method does nothing unless
     * overridden.
     */
    public interface Listener {
        /**
         * What training {@code d}'s missing model reports ({@link ToyModels#obtain}); by default its two cache lines
         * go to {@code err}, the study's writer for notes.
         */
        default TrainedModels.Listener training(Dataset d, PrintWriter err) {
            return new TrainedModels.Listener() {
                @Override
                public void note(String line) {
                    err.println(line);
                    err.flush();
                }
            };
        }

        /** A grid starts: {@code runs} runs to do ("runs" or "rank runs"). */
        default void gridStarts(String what, int runs) {
        }

        /** One run of the grid is logged (here or by another writer of the log). */
        default void runDone() {
        }

        /** The grid ended (or failed). */
        default void gridEnded() {
        }
    }

    /** Where a missing model comes from: {@link ToyModels#obtain} (trained and cached); tests give their own. */
    interface ModelSource {
        Network obtain(Dataset d, int threads, TrainedModels.Listener listener) throws IOException, InterruptedException;
    }

    private final Settings s;
    private final Map<Dataset, Network> found;
    private final ModelSource source;

    ToyStudy(Settings s, Map<Dataset, Network> found, ModelSource source) {
        this.s = s;
        this.found = new EnumMap<>(Dataset.class);
        this.found.putAll(found);
        this.source = source;
    }

    /**
     * The study of {@code settings}, checked before anything is written: the folder (new, empty or a study of ours),
     * the qualitative figure's size, and the models (a given or cached model is loaded; runs of the largest sample
     * count must fit the heap; the cache must take a model yet to be trained).
     */
    public static ToyStudy open(Settings settings) throws IOException {
        List<Dataset> ds = settings.grid().datasets();
        ToyFigure.checkFits(ds, Criteria.PAPER.size(), settings.gridSteps());
        OutputPaths.checkFolder(settings.dir());
        Studies.checkOwnFolder(settings.dir());
        int maxPerClass = Math.max(ToyFigure.NPC, Math.max(maxPerClass(settings.grid()),
                settings.rankGrid() == null ? 1 : maxPerClass(settings.rankGrid())));
        Map<Dataset, Network> found = new EnumMap<>(Dataset.class);
        for (Dataset d : ds) {
            found.put(d, ToyModels.find(d, settings.arch(), settings.models() == null ? null
                    : settings.models().resolve(d.id() + ".npz"), maxPerClass, settings.threads()));
        }
        return new ToyStudy(settings, found, (d, threads, l) -> ToyModels.obtain(d, settings.arch(), null, threads, l));
    }

    /** The largest sample count per class of a grid. */
    public static int maxPerClass(Grid grid) {
        return grid.perClass().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /**
     * Runs the study into its folder, locked meanwhile (a folder another study holds is refused): its lines on
     * {@code out} ("Reproducing the toy study in ...", "[1/6] Models", ..., "Done in ... Report: ..."), notes and
     * warnings on {@code err}, progress to {@code listener}. Returns the report.
     */
    public Path run(PrintWriter out, PrintWriter err, Listener listener) throws IOException, InterruptedException {
        try (FileLocks.Held held = Studies.lock(s.dir())) {
            return runLocked(out, err, listener);
        }
    }

    private Path runLocked(PrintWriter o, PrintWriter err, Listener l) throws IOException, InterruptedException {
        Path dir = s.dir();
        Grid grid = s.grid();
        Grid rankGrid = s.rankGrid();
        List<Dataset> ds = grid.datasets();
        int t = s.threads();
        checkSetup(dir);
        Path log = dir.resolve(LOG);
        Path rankLog = dir.resolve(RANK_DIR).resolve(LOG);
        LogFile logFile = LogFile.open(log);
        LogFile rankLogFile = rankGrid == null ? null : LogFile.open(rankLog);
        ZonedDateTime started = ZonedDateTime.now();
        long t0 = System.nanoTime();

        o.printf("Reproducing the toy study in %s: %d accuracy runs (sigma %s)%s, %d threads%s%n", dir, grid.size(),
                PyFloat.repr(s.sigma()), rankGrid == null ? "" : " and " + rankGrid.size() + " rank runs", t,
                s.quick() ? " (quick grid)" : "");
        List<StudyReport.Step> stepsDone = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<RunConfig> accuracyRuns = Sweep.pending(grid.runs(), logFile);
        List<RunConfig> rankRuns = rankGrid == null ? List.of() : Sweep.pending(rankGrid.runs(), rankLogFile);

        o.println("[1/" + STAGES + "] Models");
        o.flush();
        long st = System.nanoTime();
        Map<Dataset, Network> nets = new EnumMap<>(Dataset.class);
        List<StudyReport.Model> models = new ArrayList<>();
        for (Dataset d : ds) {
            nets.put(d, found.get(d) != null ? found.get(d) : source.obtain(d, t, l.training(d, err)));
            models.add(describe(d, nets.get(d), t, o));
        }
        stepsDone.add(Studies.step("models", st, ds.size() + " models loaded, train accuracy measured"));

        // the rank grid's reference samples are the accuracy grid's (they do not depend on sigma): scored once
        RunCache cache = Sweep.cacheFor(Stream.concat(accuracyRuns.stream(), rankRuns.stream()).toList());
        cache.expect(accuracyRuns);
        cache.expect(rankRuns);
        Map<Dataset, Samples> train = new EnumMap<>(Dataset.class);
        for (Dataset d : ds) {
            train.put(d, ToyData.training(d));
        }

        o.println("[2/" + STAGES + "] Accuracy grid -> " + log);
        o.flush();
        st = System.nanoTime();
        GridDone acc = runGrid(grid, log, accuracyRuns, nets, train, logFile, t, cache, o, err, l);
        stepsDone.add(Studies.step("accuracy sweep", st, acc.detail()));
        acc.nanRuns().forEach(n -> warnings.add("NaN scores (ranked lowest) in " + n));

        if (rankGrid != null) {
            o.println("[3/" + STAGES + "] Rank grid -> " + rankLog);
            o.flush();
            st = System.nanoTime();
            Files.createDirectories(rankLog.getParent());
            GridDone rank = runGrid(rankGrid, rankLog, rankRuns, nets, train, rankLogFile, t, cache, o, err, l);
            stepsDone.add(Studies.step("rank sweep", st, rank.detail()));
            rank.nanRuns().forEach(n -> warnings.add("NaN scores (ranked lowest) in rank run " + n));
        } else {
            o.println("[3/" + STAGES + "] Rank grid: skipped (--no-rank)");
        }

        o.println("[4/" + STAGES + "] Analyses");
        o.flush();
        st = System.nanoTime();
        AccuracyAnalysis.Result accuracy = AccuracyAnalysis.run(log, List.of(FigureFormat.SVG, FigureFormat.PNG),
                new PrintWriter(Writer.nullWriter()), o, err);
        warnings.addAll(accuracy.report().warnings().stream().map(w -> LOG + ": " + w).toList());
        stepsDone.add(Studies.step("accuracy analysis", st, accuracy.charts().size() + " figures, summary.csv"));
        RankReport.Result rank = null;
        if (rankGrid != null) {
            st = System.nanoTime();
            rank = RankReport.run(rankLog, t, o, err);
            warnings.addAll(rank.report().warnings().stream().map(w -> RANK_DIR + "/" + LOG + ": " + w).toList());
            for (var an : rank.analyses()) {
                warnings.addAll(an.warnings().stream().map(w -> "rank analysis of " + an.dataset() + ": " + w).toList());
            }
            stepsDone.add(Studies.step("rank analysis", st, rank.files().size() + " table files (cases 1-5)"));
        }

        o.println("[5/" + STAGES + "] Qualitative figure (seed " + ToyFigure.SEED + ", " + ToyFigure.NPC
                + " samples per class, grid " + s.gridSteps() + " steps)");
        o.flush();
        st = System.nanoTime();
        ToyFigure.Result toy = ToyFigure.build(nets, Criteria.PAPER, grid.pruneCount(), s.gridSteps(), t);
        List<FigureFormat> both = List.of(FigureFormat.SVG, FigureFormat.PNG);
        List<Path> toyTrain = FigureFormat.save(toy.train(), dir, TOY_TRAIN, both);
        List<Path> toyTest = FigureFormat.save(toy.test(), dir, TOY_TEST, both);
        o.println("Wrote " + dir.resolve(TOY_TRAIN) + ".{svg,png} and " + dir.resolve(TOY_TEST) + ".{svg,png}");
        stepsDone.add(Studies.step("qualitative figure", st, Criteria.PAPER.size() * ds.size() + " runs, "
                + (2 + Criteria.PAPER.size()) * ds.size() + " decision-region tiles"));

        o.println("[6/" + STAGES + "] Report");
        o.flush();
        st = System.nanoTime();
        List<StudyReport.FigureEntry> figures = figureEntries(accuracy, toyTrain, toyTest);
        List<StudyReport.GridInfo> grids = new ArrayList<>();
        grids.add(gridInfo("accuracy", grid, s.seeds(), LOG));
        if (rankGrid != null) {
            grids.add(gridInfo("rank (--ranklog)", rankGrid, s.rankSeeds(), RANK_DIR + "/" + LOG));
        }
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(Studies.SETUP));
        files.add(log);
        files.add(accuracy.summaryCsv());
        files.addAll(accuracy.charts());
        if (rank != null) {
            files.add(rankLog);
            files.addAll(rank.files());
        }
        files.addAll(toyTrain);
        files.addAll(toyTest);
        stepsDone.add(Studies.step("report", st, "figures embedded"));
        StudyReport.Data data = new StudyReport.Data("Pruning by Explaining: toy study"
                + (s.quick() ? " (quick look)" : ""), dir.toAbsolutePath(), setupTable(started), models, grids,
                stepsDone, accuracy.stats(), rank == null ? List.of() : rank.analyses(), figures, toy.trainAccuracy(),
                files, warnings);
        Path report = StudyReport.write(data);
        double total = (System.nanoTime() - t0) / 1e9;
        o.printf("Done in %.1f s. Report: %s%n", total, report);
        o.println("Figures, summary.csv and logs are in " + dir
                + (rank != null ? ", rank tables in " + rankLog.getParent() : ""));
        o.flush();
        return report;
    }

    /** The model answers the data set's classes and has the neurons to prune. */
    private static void check(Dataset d, Network net, Grid grid) {
        Experiment.checkModel(net, d);
        if (!grid.rankLog() && grid.pruneCount() > net.unitTotal()) { // rank runs prune nothing
            throw new IllegalArgumentException("--prune-count " + grid.pruneCount() + " exceeds the "
                    + net.unitTotal() + " hidden neurons of the " + d + " model");
        }
    }

    /** What a grid did: runs run and logged here, runs logged before, the NaN runs, and how long it took. */
    private record GridDone(int ran, int skipped, List<String> nanRuns, double seconds) {
        /** The report's step detail. */
        String detail() {
            return String.format(Locale.ROOT, "%d runs (%.2f runs/s), %d already in the log", ran,
                    ran / Math.max(seconds, 1e-9), skipped);
        }
    }

    /**
     * Runs the pending runs of a grid with a bar ("Resuming ..." first when some are logged), then prints what it did
     * ("N runs in S s (R runs/s), K already in LOG") and its warnings.
     */
    private static GridDone runGrid(Grid grid, Path log, List<RunConfig> pending, Map<Dataset, Network> nets,
                                    Map<Dataset, Samples> train, LogFile logFile, int threads, RunCache cache,
                                    PrintWriter o, PrintWriter err, Listener l) throws IOException, InterruptedException {
        for (Dataset d : grid.datasets()) {
            check(d, nets.get(d), grid);
        }
        long start = System.nanoTime();
        int skipped = grid.size() - pending.size();
        if (skipped > 0) {
            err.println("Resuming " + log + ": " + skipped + " of " + grid.size() + " runs already done.");
            err.flush();
        }
        l.gridStarts(grid.rankLog() ? "rank runs" : "runs", pending.size());
        Sweep.Summary sum;
        try {
            sum = Sweep.run(pending, nets, train, logFile, threads, new Sweep.Progress() {
                @Override
                public void done(RunResult result) {
                    l.runDone();
                }

                @Override
                public void loggedByOther(RunConfig run) {
                    l.runDone();
                }
            }, cache);
        } finally {
            l.gridEnded();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (sum.repairedTail() != null) {
            err.println("Repaired " + log + ": removed a torn last line '" + sum.repairedTail() + "'");
        }
        o.printf(Locale.ROOT, "%d runs in %.1f s (%.1f runs/s), %d already in %s%s%n", sum.ran(), secs,
                sum.ran() / Math.max(secs, 1e-9), skipped, log, sum.loggedByOthers() > 0
                        ? ", " + sum.loggedByOthers() + " logged meanwhile by another writer" : "");
        for (String n : sum.nanRuns()) {
            err.println("Warning: NaN scores (ranked lowest) in " + n);
        }
        err.flush();
        return new GridDone(sum.ran(), skipped, sum.nanRuns(), secs);
    }

    /** Measures a model's train accuracy and prints its line. */
    private StudyReport.Model describe(Dataset d, Network n, int t, PrintWriter o) {
        double acc = Experiment.accuracy(n, ToyData.training(d), t);
        String source = s.models() != null ? s.models().resolve(d.id() + ".npz").toString()
                : "cache " + Studies.home(ModelStore.defaultStore().file(d, s.arch()).toString());
        o.printf("  %s: %s hidden neurons, train accuracy %s %% (%s)%n", d, n.unitTotal(), PyFloat.format(acc, 2),
                source);
        o.flush();
        return new StudyReport.Model(d.id(), source, s.arch().id(), n.unitCounts(), n.classes(), acc);
    }

    /** The report's figures with their captions. */
    private List<StudyReport.FigureEntry> figureEntries(AccuracyAnalysis.Result acc, List<Path> toyTrain,
                                                        List<Path> toyTest) {
        List<StudyReport.FigureEntry> figures = new ArrayList<>();
        String test = s.sigma() > 0 ? "a noisy test set (500 points, Gaussian noise sigma " + PyFloat.repr(s.sigma())
                + ")" : "the reference samples themselves (sigma 0)";
        figures.add(new StudyReport.FigureEntry("accuracy", "Accuracy after pruning against reference samples",
                "Mean ± std over seeds of the accuracy after pruning " + s.grid().pruneCount() + " hidden neurons, "
                        + "against the reference samples per class used to compute the criteria (log axis): weight "
                        + "black, taylor blue, grad green, lrp red; dashed: the unpruned network. Top row: on the "
                        + "training set; bottom row: on " + test + ".",
                png(acc.combined()), acc.charts().stream().filter(p -> !p.toString().endsWith(".png")).toList()));
        figures.add(new StudyReport.FigureEntry(StudyReport.TOY_TABLE_UNDER,
                "Decision regions before and after pruning (training set)",
                "Per dataset: the training set over the unpruned model's decision regions, the reference samples (seed "
                        + ToyFigure.SEED + ", " + ToyFigure.NPC + " per class) the criteria are computed on, and the "
                        + "regions after pruning w.r.t. each criterion, with the training set on top. Colormap "
                        + ToyFigure.COLORMAP + (s.gridSteps() != DecisionGrid.STEPS
                        ? "; preview grid of " + s.gridSteps() + " steps (published: " + DecisionGrid.STEPS + ")."
                        : "."),
                png(toyTrain), toyTrain));
        figures.add(new StudyReport.FigureEntry("toy-test", "Decision regions before and after pruning (reference "
                + "samples)", "As above, with the reference samples on the pruned models' regions.", png(toyTest),
                toyTest));
        if (!acc.boxPanel().isEmpty()) {
            figures.add(new StudyReport.FigureEntry("boxplots", "Post-pruning train accuracy per run",
                    "Box plots over seeds of the train accuracy after pruning, per reference samples per class "
                            + "(1, 5, 20, 100 where run): grad green, taylor blue, lrp red (weight does not depend on "
                            + "the samples).",
                    png(acc.boxPanel()), acc.boxPanel()));
        }
        return figures;
    }

    /** The setup table of the report. */
    private Map<String, String> setupTable(ZonedDateTime started) {
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("date", started.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        setup.put("command", s.command());
        setup.put("machine", Studies.machine());
        setup.put("threads", Integer.toString(s.threads()));
        Grid paper = Grid.paper(s.sigma(), false);
        Grid grid = s.grid();
        Grid rankGrid = s.rankGrid();
        boolean paperGrid = rankGrid != null && List.of(grid, rankGrid).stream().allMatch(g -> g.datasets().size() == 3
                && g.perClass().equals(paper.perClass()) && g.seeds().equals(paper.seeds()));
        setup.put("grid", s.quick() ? "quick (a first look, not the paper's grid)"
                : paperGrid ? "the paper's (4800 runs, and 4800 rank runs)" : "reduced (the paper's has 4800 runs)");
        setup.put("noisy test sigma", PyFloat.repr(s.sigma()) + (s.sigma() > 0 ? " (500 fresh points per run)"
                : " (test = reference samples)"));
        setup.put("pruned neurons", grid.pruneCount() + " per run, one shot, no fine-tuning");
        setup.put("architecture", s.arch().id());
        return setup;
    }

    private static StudyReport.GridInfo gridInfo(String label, Grid g, String seeds, String log) {
        return new StudyReport.GridInfo(label, g.datasets().stream().map(Dataset::id).toList(), g.criteria(),
                g.perClass(), seeds, g.size(), log);
    }

    private static Path png(List<Path> files) {
        return files.stream().filter(p -> p.toString().endsWith(".png")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no PNG among " + files));
    }

    /**
     * The settings that decide what a logged run means (the log lines do not record them): a study folder keeps
     * them in setup.txt and refuses to resume with different ones.
     */
    private void checkSetup(Path dir) throws IOException {
        String want = "noisytest=" + PyFloat.repr(s.sigma()) + "\narch=" + s.arch().id() + "\nprune-count="
                + s.grid().pruneCount() + "\n";
        Path f = dir.resolve(Studies.SETUP);
        if (Files.exists(f)) {
            String have = Files.readString(f);
            if (!have.equals(want)) {
                throw new IllegalArgumentException(dir + " holds a study with other settings ("
                        + have.strip().replace('\n', ' ') + "); choose another --out or delete it");
            }
        } else {
            AtomicFiles.writeString(f, want);
        }
    }
}
