package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.RunCache;
import org.lrppruning.experiment.RunConfig;
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
import org.lrppruning.study.CnnStudy;
import org.lrppruning.study.Studies;
import org.lrppruning.sweep.Grid;
import org.lrppruning.sweep.Shard;
import org.lrppruning.sweep.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole study in one command: the models, the paper's grid and rank grid (resumable sweeps),
 * their analyses, every figure of the paper, and one self-contained {@code report.html}.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce the paper's toy study (or with --cnn its CNN study on Fashion-MNIST): load (or train and cache) the three models, run the paper's "
                + "grid (3 datasets x 4 criteria x 8 sample counts x 50 seeds, noisy test sigma 0.3) and the rank grid "
                + "(--ranklog runs, their own log), analyse both, draw every figure and write one self-contained "
                + "DIR/report.html.",
            "--cnn: train (or load) vgg-small (--arch resnet8: a residual network, pruned by channel groups) on "
                + "fashion-mnist, run one-shot and fine-tuned pruning-rate curves of the four criteria, LRP heatmaps "
                + "before and after pruning, and write DIR/report.html (docs/cnn-study.md); --compare DIR puts another "
                + "CNN study next to it.",
            "Resumable: runs already in the logs are skipped. --quick runs a small grid for a first look."})
final class ReproduceCommand implements Callable<Integer> {
    /** The quick grid: few seeds and sample counts, all datasets and criteria. */
    static final String QUICK_SEEDS = "0-1";
    static final List<Integer> QUICK_NPC = List.of(1, 5, 20);
    static final String QUICK_RANK_SEEDS = "0-1";
    static final List<Integer> QUICK_RANK_NPC = List.of(1, 5);
    /** Decision-grid resolution of the qualitative figure in quick mode (published: 200). */
    static final int QUICK_GRID_STEPS = 80;
    /** Sub-folder and file names inside the study folder. */
    static final String LOG = "log.txt";
    static final String RANK_DIR = "rank";
    static final String SETUP = Studies.SETUP;
    /** Held while a reproduce writes the folder, so that a second one is refused; the empty file stays. */
    static final String LOCK = Studies.LOCK;
    static final String TOY_TRAIN = "toy-figure-train";
    static final String TOY_TEST = "toy-figure-test";

    @Spec
    CommandSpec spec;

    @Option(names = {"--out", "-o"}, paramLabel = "DIR",
            description = "Study folder (default: out/reproduce, with --quick out/reproduce-quick).")
    Path out;

    @Option(names = "--quick", description = "A small grid for a first look: seeds " + QUICK_SEEDS
            + ", samples per class 1, 5, 20 (rank grid: 1, 5), a coarser qualitative figure.")
    boolean quick;

    @Option(names = "--cnn", description = "The paper's CNN study instead of the toy's (default DIR: out/reproduce-cnn,"
            + " with --quick out/reproduce-cnn-quick).")
    boolean cnn;

    @Option(names = "--data", paramLabel = "DATA", hidden = true, description = "--cnn: training data (default: "
            + "fashion-mnist; any form train --data takes).")
    String cnnData;

    @Option(names = "--test", paramLabel = "DATA", hidden = true, description = "--cnn: test data (default: "
            + "fashion-mnist:test).")
    String cnnTest;

    @Option(names = "--epochs", paramLabel = "E", hidden = true, description = "--cnn: training epochs (default: train's).")
    Integer cnnEpochs;

    @Option(names = "--test-limit", paramLabel = "K", hidden = true,
            description = "--cnn: evaluate on the first K test samples (default: all; quick: " + CnnStudy.QUICK_TEST + ").")
    Integer testLimit;

    @Option(names = "--compare", paramLabel = "DIR", description = "--cnn: show this study next to the CNN study in DIR"
            + " (e.g. resnet8 next to vgg-small): both models, verdicts, accuracies and curves side by side.")
    Path compare;

    @Option(names = "--models", paramLabel = "DIR", description = "Use DIR/{dataset}.npz instead of the cached models.")
    Path models;

    @Option(names = "--threads", paramLabel = "T", description = "Parallel runs (--cnn: curves) and threads (default: all"
            + " cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--arch", paramLabel = "ARCH", completionCandidates = Choices.Architectures.class,
            description = "Network. Choices: ${COMPLETION-CANDIDATES} (default: paper; --cnn: vgg-small).")
    String arch;

    @Option(names = {"--noisytest", "-nt"}, defaultValue = "0.3", paramLabel = "SIGMA",
            description = "Noisy-test sigma of the accuracy grid, 0 = test on the reference samples (default: ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--datasets", split = ",", paramLabel = "D", completionCandidates = Choices.Datasets.class,
            description = "Data sets. Choices: ${COMPLETION-CANDIDATES} (default: moon,circle,mult).")
    List<String> datasets;

    @Option(names = "--seeds", paramLabel = "SEEDS", description = "Seeds of the accuracy grid (default: 0-49; quick: " + QUICK_SEEDS + "); --cnn: of the one-shot "
            + "curves (default: 0,1; quick: 0).")
    String seeds;

    @Option(names = "--numsamples", split = ",", paramLabel = "N",
            description = "Samples per class of the accuracy grid (default: 1,2,5,10,20,50,100,200; quick: 1,5,20); --cnn:"
                    + " reference images per class of the one-shot curves (default: 5,20; quick: 5).")
    List<Integer> perClass;

    @Option(names = "--rank-seeds", paramLabel = "SEEDS", description = "Seeds of the rank grid (default: as the accuracy grid's default).")
    String rankSeeds;

    @Option(names = "--rank-numsamples", split = ",", paramLabel = "N",
            description = "Samples per class of the rank grid (default: 1,2,5,10,20,50,100,200; quick: 1,5).")
    List<Integer> rankPerClass;

    @Option(names = "--no-rank", description = "Skip the rank grid and its analysis.")
    boolean noRank;

    @Option(names = "--prune-count", defaultValue = "1000", paramLabel = "P", description = "Neurons to prune (default: ${DEFAULT-VALUE}).")
    int pruneCount;

    @Option(names = "--grid-steps", paramLabel = "S",
            description = "Decision-grid steps of the qualitative figure (default: 200 as published; quick: " + QUICK_GRID_STEPS + ").")
    Integer gridSteps;

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    /** The study folder's lock while this command runs. */
    private FileLocks.Held folderLock;

    @Override
    public Integer call() throws Exception {
        try {
            return study();
        } finally {
            if (folderLock != null) {
                folderLock.close();
            }
        }
    }

    private Integer study() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (cnn) {
            return cnnStudy(o, err);
        }
        Flags.refuse(spec, "without --cnn", "--data", "--test", "--epochs", "--test-limit", "--compare");
        String arch = this.arch != null ? this.arch : "paper";
        if (noRank) {
            Flags.refuse(spec, "with --no-rank", "--rank-seeds", "--rank-numsamples");
        }
        int t = RunCommand.threads(threads);
        Architecture a = Architecture.toy(arch);
        RunConfig.checkSigma(sigma);
        List<Dataset> ds = new ArrayList<>(Dataset.list(datasets == null ? List.of("moon", "circle", "mult") : datasets));
        ds.sort((x, y) -> x.id().compareTo(y.id()));
        Grid grid = new Grid(ds, Criteria.PAPER, npc(perClass, quick ? QUICK_NPC : Grid.PAPER_NPC),
                Grid.parseSeeds(seeds != null ? seeds : quick ? QUICK_SEEDS : "0-49"), sigma, false, pruneCount);
        Grid rankGrid = noRank ? null : new Grid(ds, Criteria.PAPER,
                npc(rankPerClass, quick ? QUICK_RANK_NPC : Grid.PAPER_NPC),
                Grid.parseSeeds(rankSeeds != null ? rankSeeds : quick ? QUICK_RANK_SEEDS : "0-49"), 0.0, true, pruneCount);
        int steps = gridSteps != null ? gridSteps : quick ? QUICK_GRID_STEPS : DecisionGrid.STEPS;
        if (steps < 10) {
            throw new IllegalArgumentException("--grid-steps must be >= 10, was " + steps);
        }
        ToyFigure.checkFits(ds, Criteria.PAPER.size(), steps);
        Path dir = (out != null ? out : Paths.get(quick ? "out/reproduce-quick" : "out/reproduce")).normalize();
        OutputPaths.checkFolder(dir);
        checkOwnFolder(dir);
        int maxPerClass = Math.max(ToyFigure.NPC, Math.max(SweepCommand.maxPerClass(grid),
                rankGrid == null ? 1 : SweepCommand.maxPerClass(rankGrid)));
        Map<Dataset, Network> found = SweepCommand.findModels(ds, a, models, maxPerClass, t);
        Files.createDirectories(dir);
        folderLock = FileLocks.tryLock(dir.resolve(LOCK));
        if (folderLock == null) {
            throw new IllegalStateException(dir + " is in use by another reproduce (it holds " + LOCK
                    + "); wait for it to finish or choose another --out");
        }
        checkSetup(dir, a);
        Path log = dir.resolve(LOG);
        Path rankLog = dir.resolve(RANK_DIR).resolve(LOG);
        LogFile logFile = LogFile.open(log);
        LogFile rankLogFile = rankGrid == null ? null : LogFile.open(rankLog);
        ZonedDateTime started = ZonedDateTime.now();
        long t0 = System.nanoTime();

        o.printf("Reproducing the toy study in %s: %d accuracy runs (sigma %s)%s, %d threads%s%n", dir, grid.size(),
                PyFloat.repr(sigma), rankGrid == null ? "" : " and " + rankGrid.size() + " rank runs", t,
                quick ? " (quick grid)" : "");
        List<StudyReport.Step> stepsDone = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        o.println("[1/6] Models");
        o.flush();
        long s = System.nanoTime();
        Map<Dataset, Network> nets = SweepCommand.obtainModels(found, a, t, err);
        List<StudyReport.Model> modelInfo = describeModels(ds, nets, a, t, o);
        stepsDone.add(step("models", s, ds.size() + " models loaded, train accuracy measured"));

        // the rank grid's reference samples are the accuracy grid's (they do not depend on sigma): scored once
        List<RunConfig> accuracyRuns = Sweep.pending(grid.runs(), logFile);
        List<RunConfig> rankRuns = rankGrid == null ? List.of() : Sweep.pending(rankGrid.runs(), rankLogFile);
        RunCache cache = Sweep.cacheFor(Stream.concat(accuracyRuns.stream(), rankRuns.stream()).toList());
        cache.expect(accuracyRuns);
        cache.expect(rankRuns);

        o.println("[2/6] Accuracy grid -> " + log);
        o.flush();
        s = System.nanoTime();
        SweepCommand.Summary sum = SweepCommand.runGrid(grid, Shard.ALL, nets, logFile, t, !noProgress, o, err, cache);
        stepsDone.add(step("accuracy sweep", s, runsDetail(sum, s)));
        for (String n : sum.nanRuns()) {
            warnings.add("NaN scores (ranked lowest) in " + n);
        }

        if (rankGrid != null) {
            o.println("[3/6] Rank grid -> " + rankLog);
            o.flush();
            s = System.nanoTime();
            Files.createDirectories(rankLog.getParent());
            SweepCommand.Summary rankSum = SweepCommand.runGrid(rankGrid, Shard.ALL, nets, rankLogFile, t, !noProgress, o,
                    err, cache);
            stepsDone.add(step("rank sweep", s, runsDetail(rankSum, s)));
            for (String n : rankSum.nanRuns()) {
                warnings.add("NaN scores (ranked lowest) in rank run " + n);
            }
        } else {
            o.println("[3/6] Rank grid: skipped (--no-rank)");
        }

        o.println("[4/6] Analyses");
        o.flush();
        s = System.nanoTime();
        AccuracyAnalysis.Result acc = AccuracyAnalysis.run(log, List.of(FigureFormat.SVG, FigureFormat.PNG),
                new PrintWriter(Writer.nullWriter()), o, err);
        warnings.addAll(acc.report().warnings().stream().map(w -> LOG + ": " + w).toList());
        stepsDone.add(step("accuracy analysis", s, acc.charts().size() + " figures, summary.csv"));
        RankReport.Result rank = null;
        if (rankGrid != null) {
            s = System.nanoTime();
            rank = RankReport.run(rankLog, t, o, err);
            warnings.addAll(rank.report().warnings().stream().map(w -> RANK_DIR + "/" + LOG + ": " + w).toList());
            for (var an : rank.analyses()) {
                warnings.addAll(an.warnings().stream().map(w -> "rank analysis of " + an.dataset() + ": " + w).toList());
            }
            stepsDone.add(step("rank analysis", s, rank.files().size() + " table files (cases 1-5)"));
        }

        o.println("[5/6] Qualitative figure (seed " + ToyFigure.SEED + ", " + ToyFigure.NPC + " samples per class, grid "
                + steps + " steps)");
        o.flush();
        s = System.nanoTime();
        ToyFigure.Result toy = ToyFigure.build(nets, Criteria.PAPER, pruneCount, steps, t);
        List<FigureFormat> both = List.of(FigureFormat.SVG, FigureFormat.PNG);
        List<Path> toyTrain = FigureFormat.save(toy.train(), dir, TOY_TRAIN, both);
        List<Path> toyTest = FigureFormat.save(toy.test(), dir, TOY_TEST, both);
        o.println("Wrote " + dir.resolve(TOY_TRAIN) + ".{svg,png} and " + dir.resolve(TOY_TEST) + ".{svg,png}");
        stepsDone.add(step("qualitative figure", s, Criteria.PAPER.size() * ds.size() + " runs, "
                + (2 + Criteria.PAPER.size()) * ds.size() + " decision-region tiles"));

        o.println("[6/6] Report");
        o.flush();
        s = System.nanoTime();
        List<StudyReport.FigureEntry> figures = figureEntries(acc, toyTrain, toyTest, steps);
        Map<String, String> setup = setupTable(started, t, a, grid, rankGrid);
        List<StudyReport.GridInfo> grids = new ArrayList<>();
        grids.add(gridInfo("accuracy", grid, seeds != null ? seeds : quick ? QUICK_SEEDS : "0-49", LOG));
        if (rankGrid != null) {
            grids.add(gridInfo("rank (--ranklog)", rankGrid, rankSeeds != null ? rankSeeds : quick ? QUICK_RANK_SEEDS : "0-49",
                    RANK_DIR + "/" + LOG));
        }
        List<Path> files = new ArrayList<>();
        files.add(dir.resolve(SETUP));
        files.add(log);
        files.add(acc.summaryCsv());
        files.addAll(acc.charts());
        if (rank != null) {
            files.add(rankLog);
            files.addAll(rank.files());
        }
        files.addAll(toyTrain);
        files.addAll(toyTest);
        stepsDone.add(step("report", s, "figures embedded"));
        StudyReport.Data data = new StudyReport.Data("Pruning by Explaining: toy study" + (quick ? " (quick look)" : ""),
                dir.toAbsolutePath(), setup, modelInfo, grids, stepsDone, acc.stats(),
                rank == null ? List.of() : rank.analyses(), figures,
                toy.trainAccuracy(), files, warnings);
        Path report = StudyReport.write(data);
        double total = (System.nanoTime() - t0) / 1e9;
        o.printf("Done in %.1f s. Report: %s%n", total, report);
        o.println("Figures, summary.csv and logs are in " + dir
                + (rank != null ? ", rank tables in " + rankLog.getParent() : ""));
        o.flush();
        return 0;
    }

    /** reproduce --cnn: the CNN study (CnnStudy) in its own folder, locked like the toy's. */
    private Integer cnnStudy(PrintWriter o, PrintWriter err) throws Exception {
        Flags.refuse(spec, "with --cnn (the toy study's)", "--models", "--noisytest", "-nt", "--datasets", "--rank-seeds",
                "--rank-numsamples", "--no-rank", "--prune-count", "--grid-steps");
        int t = RunCommand.threads(threads);
        String data = cnnData != null ? cnnData : "fashion-mnist";
        String test = cnnTest != null ? cnnTest : cnnData == null ? "fashion-mnist:test" : null;
        if (test == null) {
            throw new IllegalArgumentException("--data " + cnnData + " needs --test DATA");
        }
        String a = arch != null ? arch : Architecture.VGG_SMALL.id();
        Architecture.of(a); // a bad name fails before any work
        if (cnnEpochs != null && cnnEpochs < 1) {
            throw new IllegalArgumentException("--epochs must be >= 1, was " + cnnEpochs);
        }
        if (testLimit != null && testLimit < 1) {
            throw new IllegalArgumentException("--test-limit must be >= 1, was " + testLimit);
        }
        List<Long> seedList = seeds == null ? null : Grid.parseSeeds(seeds);
        List<Integer> npcList = perClass == null ? null : npc(perClass, List.of());
        Path dir = (out != null ? out : Paths.get(quick ? "out/reproduce-cnn-quick" : "out/reproduce-cnn")).normalize();
        String command = "bin/lrp-pruning " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        CnnStudy.open(new CnnStudy.Settings(dir, quick, t, data, test, a, cnnEpochs, testLimit, seedList, npcList,
                command, compare)).run(new CnnStudyConsole(o, err, !noProgress));
        return 0;
    }

    /** Measures each model's train accuracy and prints one line per model. */
    private List<StudyReport.Model> describeModels(List<Dataset> ds, Map<Dataset, Network> nets, Architecture a, int t,
                                                   PrintWriter o) {
        List<StudyReport.Model> out = new ArrayList<>();
        for (Dataset d : ds) {
            Network n = nets.get(d);
            Samples train = ToyData.training(d);
            double acc = Experiment.accuracy(n, train, t);
            String source = models != null ? models.resolve(d.id() + ".npz").toString()
                    : "cache " + home(ModelStore.defaultStore().file(d, a).toString());
            out.add(new StudyReport.Model(d.id(), source, a.id(), n.unitCounts(), n.classes(), acc));
            o.printf("  %s: %s hidden neurons, train accuracy %s %% (%s)%n", d, n.unitTotal(), PyFloat.format(acc, 2),
                    source);
        }
        return out;
    }

    /** The report's figures with their captions. */
    private List<StudyReport.FigureEntry> figureEntries(AccuracyAnalysis.Result acc, List<Path> toyTrain,
                                                        List<Path> toyTest, int steps) {
        List<StudyReport.FigureEntry> figures = new ArrayList<>();
        String test = sigma > 0 ? "a noisy test set (500 points, Gaussian noise sigma " + PyFloat.repr(sigma) + ")"
                : "the reference samples themselves (sigma 0)";
        figures.add(new StudyReport.FigureEntry("accuracy", "Accuracy after pruning against reference samples",
                "Mean ± std over seeds of the accuracy after pruning " + pruneCount + " hidden neurons, against the "
                        + "reference samples per class used to compute the criteria (log axis): weight black, taylor blue, "
                        + "grad green, lrp red; dashed: the unpruned network. Top row: on the training set; bottom row: on "
                        + test + ".",
                png(acc.combined()), acc.charts().stream().filter(p -> !p.toString().endsWith(".png")).toList()));
        figures.add(new StudyReport.FigureEntry(StudyReport.TOY_TABLE_UNDER,
                "Decision regions before and after pruning (training set)",
                "Per dataset: the training set over the unpruned model's decision regions, the reference samples (seed "
                        + ToyFigure.SEED + ", " + ToyFigure.NPC + " per class) the criteria are computed on, and the regions "
                        + "after pruning w.r.t. each criterion, with the training set on top. Colormap "
                        + ToyFigure.COLORMAP + (steps != DecisionGrid.STEPS
                        ? "; preview grid of " + steps + " steps (published: " + DecisionGrid.STEPS + ")." : "."),
                png(toyTrain), toyTrain));
        figures.add(new StudyReport.FigureEntry("toy-test", "Decision regions before and after pruning (reference samples)",
                "As above, with the reference samples on the pruned models' regions.", png(toyTest), toyTest));
        if (!acc.boxPanel().isEmpty()) {
            figures.add(new StudyReport.FigureEntry("boxplots", "Post-pruning train accuracy per run",
                    "Box plots over seeds of the train accuracy after pruning, per reference samples per class "
                            + "(1, 5, 20, 100 where run): grad green, taylor blue, lrp red (weight does not depend on the "
                            + "samples).",
                    png(acc.boxPanel()), acc.boxPanel()));
        }
        return figures;
    }

    /** The setup table of the report. */
    private Map<String, String> setupTable(ZonedDateTime started, int t, Architecture a, Grid grid, Grid rankGrid) {
        Map<String, String> setup = new LinkedHashMap<>();
        setup.put("date", started.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        setup.put("command", "bin/lrp-pruning " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        setup.put("machine", machine());
        setup.put("threads", Integer.toString(t));
        Grid paper = Grid.paper(sigma, false);
        boolean paperGrid = rankGrid != null && List.of(grid, rankGrid).stream().allMatch(g -> g.datasets().size() == 3
                && g.perClass().equals(paper.perClass()) && g.seeds().equals(paper.seeds()));
        setup.put("grid", quick ? "quick (a first look, not the paper's grid)"
                : paperGrid ? "the paper's (4800 runs, and 4800 rank runs)" : "reduced (the paper's has 4800 runs)");
        setup.put("noisy test sigma", PyFloat.repr(sigma) + (sigma > 0 ? " (500 fresh points per run)"
                : " (test = reference samples)"));
        setup.put("pruned neurons", pruneCount + " per run, one shot, no fine-tuning");
        setup.put("architecture", a.id());
        return setup;
    }

    /** The machine line of a report's setup ({@link Studies#machine}). */
    static String machine() {
        return Studies.machine();
    }

    private static List<Integer> npc(List<Integer> given, List<Integer> dflt) {
        List<Integer> n = given != null ? given : dflt;
        n.forEach(RunConfig::checkPerClass);
        return n.stream().distinct().sorted().toList();
    }

    static StudyReport.Step step(String name, long start, String detail) {
        return Studies.step(name, start, detail);
    }

    private static String runsDetail(SweepCommand.Summary s, long start) {
        double secs = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%d runs (%.2f runs/s), %d already in the log", s.ran(),
                s.ran() / Math.max(secs, 1e-9), s.skipped());
    }

    private static StudyReport.GridInfo gridInfo(String label, Grid g, String seeds, String log) {
        return new StudyReport.GridInfo(label, g.datasets().stream().map(Dataset::id).toList(), g.criteria(), g.perClass(),
                seeds, g.size(), log);
    }

    private static Path png(List<Path> files) {
        return files.stream().filter(p -> p.toString().endsWith(".png")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no PNG among " + files));
    }

    static String home(String path) {
        return Studies.home(path);
    }

    /** {@link Studies#checkOwnFolder}: a folder of someone else's files is refused untouched. */
    static void checkOwnFolder(Path dir) throws IOException {
        Studies.checkOwnFolder(dir);
    }

    /**
     * The settings that decide what a logged run means (the log lines do not record them): a study
     * folder keeps them in setup.txt and refuses to resume with different ones.
     */
    private void checkSetup(Path dir, Architecture a) throws IOException {
        String want = "noisytest=" + PyFloat.repr(sigma) + "\narch=" + a.id() + "\nprune-count=" + pruneCount + "\n";
        Path f = dir.resolve(SETUP);
        if (Files.exists(f)) {
            String have = Files.readString(f);
            if (!have.equals(want)) {
                throw new IllegalArgumentException(dir + " holds a study with other settings (" + have.strip().replace('\n', ' ')
                        + "); choose another --out or delete it");
            }
        } else {
            AtomicFiles.writeString(f, want);
        }
    }
}
