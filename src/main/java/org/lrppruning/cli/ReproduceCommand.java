package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.study.CnnStudy;
import org.lrppruning.study.Studies;
import org.lrppruning.study.ToyStudy;
import org.lrppruning.sweep.Grid;
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
    /** Sub-folder and file names inside the study folder. */
    static final String LOG = ToyStudy.LOG;
    static final String RANK_DIR = ToyStudy.RANK_DIR;
    static final String SETUP = Studies.SETUP;
    /** Held while a reproduce writes the folder, so that a second one is refused; the empty file stays. */
    static final String LOCK = Studies.LOCK;
    static final String TOY_TRAIN = ToyStudy.TOY_TRAIN;
    static final String TOY_TEST = ToyStudy.TOY_TEST;

    @Spec
    CommandSpec spec;

    @Option(names = {"--out", "-o"}, paramLabel = "DIR",
            description = "Study folder (default: out/reproduce, with --quick out/reproduce-quick).")
    Path out;

    @Option(names = "--quick", description = "A small grid for a first look: seeds " + ToyStudy.QUICK_SEEDS
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

    @Option(names = "--seeds", paramLabel = "SEEDS", description = "Seeds of the accuracy grid (default: 0-49; quick: " + ToyStudy.QUICK_SEEDS + "); --cnn: of the one-shot "
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
            description = "Decision-grid steps of the qualitative figure (default: 200 as published; quick: " + ToyStudy.QUICK_GRID_STEPS + ").")
    Integer gridSteps;

    @Option(names = "--no-progress", description = "No progress bars.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        return study();
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
        Path dir = (out != null ? out : Paths.get(quick ? "out/reproduce-quick" : "out/reproduce")).normalize();
        String command = "bin/lrp-pruning " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        ToyStudy study = ToyStudy.open(ToyStudy.Settings.of(dir, quick, t, a, sigma,
                datasets == null ? null : Dataset.list(datasets), perClass, seeds, rankPerClass, rankSeeds, noRank,
                pruneCount, gridSteps, models, command));
        try (ToyStudyConsole console = new ToyStudyConsole(!noProgress)) {
            study.run(o, err, console);
        }
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
        List<Integer> npcList = perClass == null ? null : ToyStudy.Settings.perClass(perClass, List.of());
        Path dir = (out != null ? out : Paths.get(quick ? "out/reproduce-cnn-quick" : "out/reproduce-cnn")).normalize();
        String command = "bin/lrp-pruning " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        CnnStudy.open(new CnnStudy.Settings(dir, quick, t, data, test, a, cnnEpochs, testLimit, seedList, npcList,
                command, compare)).run(new CnnStudyConsole(o, err, !noProgress));
        return 0;
    }
}
