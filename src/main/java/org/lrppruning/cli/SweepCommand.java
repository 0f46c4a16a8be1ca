package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.RunCache;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.experiment.RunResult;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.sweep.Grid;
import org.lrppruning.sweep.Shard;
import org.lrppruning.sweep.Sweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a whole grid of experiments in one process, resumable, on all cores. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a grid of experiments (default: the paper's 3 x 4 x 8 x 50 = 4800 runs at sigma 0.3) "
                + "in one process. Runs already complete in the log are skipped, so an interrupted sweep resumes.")
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--datasets", split = ",", defaultValue = "moon,circle,mult", paramLabel = "D",
            completionCandidates = Choices.Datasets.class,
            description = "Data sets. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<String> datasets;

    @Option(names = "--criteria", split = ",", defaultValue = "weight,taylor,grad,lrp", paramLabel = "C",
            completionCandidates = Choices.CriterionNames.class,
            description = "Criteria. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<String> criteria;

    @Option(names = "--numsamples", split = ",", defaultValue = "1,2,5,10,20,50,100,200", paramLabel = "N",
            description = "Reference samples per class (default: ${DEFAULT-VALUE}). " + RunCommand.N_IN_LOG)
    List<Integer> perClass;

    @Option(names = "--seeds", defaultValue = "0-49", paramLabel = "SEEDS",
            description = "Seeds: a list or ranges, e.g. 0-49 or 1,3,5 (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = {"--noisytest", "-nt"}, defaultValue = "0.3", paramLabel = "SIGMA",
            description = "Noisy-test sigma, 0 = test on the reference samples (default: ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = {"--ranklog", "-rl"}, description = "Rank-analysis runs: log the neuron rankings instead of pruning.")
    boolean rankLog;

    @Option(names = "--rankscores",
            description = "With --ranklog, also log every neuron's score (an addition to the reference's log; "
                    + "the analysis then also correlates the scores).")
    boolean rankScores;

    @Option(names = {"--logfile", "-l"}, defaultValue = "out/sweep/log.txt", paramLabel = "LOG",
            description = "Log to append to (default: ${DEFAULT-VALUE}).")
    Path log;

    @Option(names = "--threads", paramLabel = "T", description = "Parallel runs (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--models", paramLabel = "DIR", description = "Use DIR/{dataset}.npz instead of the cached models.")
    Path models;

    @Option(names = "--arch", defaultValue = "paper", paramLabel = "ARCH", completionCandidates = Choices.Architectures.class,
            description = "Network. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "i/N",
            description = "Run only shard i of N (0-based) of the grid, e.g. for a job array (default: ${DEFAULT-VALUE}).")
    String shard;

    @Option(names = "--prune-count", defaultValue = "1000", paramLabel = "P", description = "Neurons to prune (default: ${DEFAULT-VALUE}).")
    int pruneCount;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        if (!rankLog) {
            Flags.refuse(spec, "without --ranklog (only rank-analysis runs log scores)", "--rankscores");
        } else {
            Flags.refuse(spec, "with --ranklog (rank-analysis runs log the ranking and prune nothing)", "--prune-count");
        }
        Grid grid = grid();
        Shard sh = Shard.parse(shard);
        int t = RunCommand.threads(threads);
        Architecture a = Architecture.toy(arch);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputPaths.checkFile(log);
        Map<Dataset, Network> found = findModels(grid.datasets(), a, models, maxPerClass(grid),
                (int) Math.min(t, grid.size()));
        LogFile logFile = LogFile.open(log); // refuses a file that is not a log before any work
        Map<Dataset, Network> nets = obtainModels(found, a, t, err);
        runGrid(grid, sh, nets, logFile, t, !noProgress, out, err);
        return 0;
    }

    Grid grid() {
        return new Grid(Dataset.list(datasets), criteria.stream().map(String::trim).toList(), perClass, Grid.parseSeeds(seeds), sigma,
                rankLog, pruneCount, rankScores);
    }

    /**
     * The model of each data set as far as it exists without training (DIR/{dataset}.npz, else the
     * cached one, else null), once runs of up to {@code maxPerClass} samples per class,
     * {@code parallel} at once, are known to fit ({@link Models#find}).
     */
    static Map<Dataset, Network> findModels(List<Dataset> datasets, Architecture a, Path dir, int maxPerClass,
                                            int parallel) throws java.io.IOException {
        Map<Dataset, Network> found = new EnumMap<>(Dataset.class);
        for (Dataset d : datasets) {
            found.put(d, Models.find(d, a, dir == null ? null : dir.resolve(d.id() + ".npz"), maxPerClass, parallel));
        }
        return found;
    }

    /** The models {@link #findModels} found, those it did not find trained now and cached. */
    static Map<Dataset, Network> obtainModels(Map<Dataset, Network> found, Architecture a, int threads, PrintWriter err)
            throws java.io.IOException {
        Map<Dataset, Network> nets = new EnumMap<>(Dataset.class);
        for (Map.Entry<Dataset, Network> e : found.entrySet()) {
            nets.put(e.getKey(), Models.obtain(e.getKey(), a, e.getValue(), threads, err));
        }
        return nets;
    }

    /** The largest sample count per class of a grid. */
    static int maxPerClass(Grid grid) {
        return grid.perClass().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    record Summary(int ran, int skipped, List<String> nanRuns) {
    }

    /** Runs the grid (or a shard of it) with a progress bar, prints what it did. */
    static Summary runGrid(Grid grid, Shard shard, Map<Dataset, Network> nets, LogFile logFile, int threads, boolean bar,
                           PrintWriter out, PrintWriter err) throws Exception {
        return runGrid(grid, shard, nets, logFile, threads, bar, out, err, null);
    }

    /** As {@link #runGrid(Grid, Shard, Map, LogFile, int, boolean, PrintWriter, PrintWriter)} with a cache shared with another grid (null: its own). */
    static Summary runGrid(Grid grid, Shard shard, Map<Dataset, Network> nets, LogFile logFile, int threads, boolean bar,
                           PrintWriter out, PrintWriter err, RunCache cache) throws Exception {
        Path log = logFile.path();
        List<RunConfig> runs = shard.select(grid.runs());
        Map<Dataset, Samples> train = new EnumMap<>(Dataset.class);
        for (Dataset d : grid.datasets()) {
            train.put(d, ToyData.training(d));
            Experiment.checkModel(nets.get(d), d);
            if (!grid.rankLog() && grid.pruneCount() > nets.get(d).unitTotal()) { // rank runs prune nothing
                throw new IllegalArgumentException("--prune-count " + grid.pruneCount() + " exceeds the "
                        + nets.get(d).unitTotal() + " hidden neurons of the " + d + " model");
            }
        }
        long start = System.nanoTime();
        Sweep.Summary s;
        try (LazyBar pb = new LazyBar()) {
            Sweep.Progress progress = new Sweep.Progress() {
                @Override
                public void start(int toRun, int skipped) {
                    if (skipped > 0) {
                        err.println("Resuming " + log + ": " + skipped + " of " + runs.size() + " runs already done.");
                        err.flush();
                    }
                    pb.start(bar, grid.rankLog() ? "rank runs" : "runs", toRun);
                }

                @Override
                public void done(RunResult result) {
                    pb.step();
                }

                @Override
                public void loggedByOther(RunConfig run) {
                    pb.step();
                }
            };
            s = cache == null ? Sweep.run(runs, nets, train, logFile, threads, progress)
                    : Sweep.run(runs, nets, train, logFile, threads, progress, cache);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (s.repairedTail() != null) {
            err.println("Repaired " + log + ": removed a torn last line '" + s.repairedTail() + "'");
        }
        out.printf("%d runs in %.1f s (%.1f runs/s), %d already in %s%s%n", s.ran(), secs,
                s.ran() / Math.max(secs, 1e-9), s.skipped(), log,
                s.loggedByOthers() > 0 ? ", " + s.loggedByOthers() + " logged meanwhile by another writer" : "");
        for (String n : s.nanRuns()) {
            err.println("Warning: NaN scores (ranked lowest) in " + n);
        }
        return new Summary(s.ran(), s.skipped(), s.nanRuns());
    }
}
