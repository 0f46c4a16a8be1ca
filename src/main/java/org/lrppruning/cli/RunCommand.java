package org.lrppruning.cli;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.experiment.RunResult;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The reference's {@code main.py}: one pruning run with its flags, plus the subcommands. */
@Command(name = "lrp-pruning", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Neural network pruning toy experiment (Yeom et al., Pattern Recognition 2021): "
                + "one run scores the hidden neurons of a trained model, prunes the least important and "
                + "logs the accuracy before and after.")
// the subcommands are added by Main.commandLine: building all their models cost ~0.2 s at every start
public final class RunCommand implements Callable<Integer> {
    /** What the log's {@code n:} means, said wherever a per-class {@code -n} is set. */
    static final String N_IN_LOG = "The log's n: is the total over all classes: -n 5 logs n:10 on moon and circle "
            + "(2 classes), n:20 on mult (4); an analysis prints it per class again (n=5.0).";
    /** What the architectures are. */
    static final String ARCHS = "paper is the reference network as it runs (no ReLU after the third hidden layer), "
            + "paper-relu restores that ReLU.";

    @Spec
    CommandSpec spec;

    @Option(names = {"--dataset", "-d"}, defaultValue = "mult", paramLabel = "DATASET",
            completionCandidates = Choices.Datasets.class,
            description = "The toy dataset to use. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = {"--criterion", "-c"}, defaultValue = "lrp", paramLabel = "CRITERION",
            completionCandidates = Choices.CriterionNames.class,
            description = "The criterion to use for pruning. Choices: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}); the paper's are weight, taylor, grad and lrp.")
    String criterion;

    @Option(names = {"--numsamples", "-n"}, defaultValue = "5", paramLabel = "N",
            description = "Reference samples per class used to compute the criterion (default: ${DEFAULT-VALUE}). "
                    + RunCommand.N_IN_LOG)
    int numSamples;

    @Option(names = {"--seed", "-s"}, defaultValue = "1", paramLabel = "SEED",
            description = "Random seed of the reference samples (and of the noisy test set) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"--rendermode", "-r"}, defaultValue = "none", paramLabel = "MODE",
            completionCandidates = Choices.RunRenderModes.class,
            description = "Figures of the decision regions, one per evaluation (four per run, next to the log; "
                    + "each classifies a fine grid with the network, so a run takes much longer). "
                    + "Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); show opens windows, "
                    + "or writes SVG without a display.")
    String renderMode;

    @Option(names = {"--colormap", "-cm"}, defaultValue = "Dark2", paramLabel = "NAME",
            completionCandidates = Choices.ColormapNames.class,
            description = "Qualitative matplotlib colormap of the figures. Choices: ${COMPLETION-CANDIDATES} "
                    + "(default: ${DEFAULT-VALUE}).")
    String colormap;

    @Option(names = {"--logfile", "-l"}, defaultValue = "./log.txt", paramLabel = "FILE",
            description = "Log file; results are appended, its folder is created if missing (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Option(names = {"--ranklog", "-rl"},
            description = "Log the neuron ranking instead of pruning (rank analysis runs).")
    boolean rankLog;

    @Option(names = "--rankscores",
            description = "With -rl, also log every neuron's score (an addition to the reference's log).")
    boolean rankScores;

    @Option(names = {"--noisytest", "-nt"}, defaultValue = "0", paramLabel = "SIGMA",
            description = "Evaluate the test scenario on 500 fresh points with Gaussian noise of this sigma; "
                    + "0 tests on the reference samples (default: ${DEFAULT-VALUE}).")
    double noisyTest;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Weights (.npz, PyTorch state-dict names) instead of the cached trained model.")
    Path model;

    @Option(names = "--arch", defaultValue = "paper", paramLabel = "ARCH",
            completionCandidates = Choices.Architectures.class,
            description = "Network. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); " + RunCommand.ARCHS)
    String arch;

    @Option(names = "--prune-count", defaultValue = "1000", paramLabel = "P",
            description = "Number of hidden neurons to prune (default: ${DEFAULT-VALUE}).")
    int pruneCount;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads for the matrix products (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = {"--generate", "-g"},
            description = "Only write the shell scripts of the paper's grid (one per dataset x criterion, honouring "
                    + "-rl and -nt) and their output folder, as the reference does; other run flags are refused.")
    boolean generate;

    @Option(names = {"--analyze", "-a"},
            description = "Only analyse the log given with -l (with -rl: the neuron rankings; -r png for PNG figures); "
                    + "outputs go next to the log. See also the analyze subcommand.")
    boolean analyze;

    /** Where -g writes: the working directory (tests point it elsewhere). */
    Path workDir = Paths.get("");
    /** The launcher -g scripts call; null: {@link Launcher#locate()} (tests point it elsewhere). */
    Path launcher;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (generate) {
            Flags.refuse(spec, "with -g (it writes the scripts of the paper's whole grid; only -rl and -nt apply)",
                    "-a", "-d", "-c", "-n", "-s", "-r", "-cm", "-l", "--rankscores", "--model", "--arch",
                    "--prune-count", "--threads");
            if (rankLog) {
                Flags.refuse(spec, "with -g -rl (rank-analysis scripts test on the reference samples)", "-nt");
            }
            GenerateScripts.write(workDir, rankLog, noisyTest, launcher != null ? launcher : Launcher.locate(), out);
            return 0;
        }
        if (analyze) {
            Flags.refuse(spec, "with -a (it analyses the log given with -l; only -rl, -r and --threads apply)",
                    "-d", "-c", "-n", "-s", "-nt", "-cm", "--rankscores", "--model", "--arch", "--prune-count");
            if (rankLog) {
                Flags.refuse(spec, "with -a -rl (the rank analysis writes text tables, no figures)", "-r");
            }
            AnalyzeCommand.analyze(logFile, rankLog, renderMode, threads(threads), out, err);
            return 0;
        }
        if (!rankLog) {
            Flags.refuse(spec, "without -rl (only rank-analysis runs log scores)", "--rankscores");
        } else {
            Flags.refuse(spec, "with -rl (rank-analysis runs log the ranking and prune nothing)", "--prune-count");
        }
        Dataset d = Dataset.of(dataset);
        Criteria.of(criterion);
        Architecture a = Architecture.toy(arch);
        RenderMode render = RenderMode.of(renderMode);
        Figures.checkColormap(colormap);
        RunConfig cfg = new RunConfig(d, criterion, numSamples, seed, noisyTest, pruneCount, rankLog, rankScores);
        int t = threads(threads);
        OutputPaths.checkFile(logFile); // its folder also takes the figures
        Network found = Models.find(d, a, model, numSamples, 1);
        LogFile log = LogFile.open(logFile); // a file that is not a log is refused before any work
        if (log.repairedTail() != null) {
            err.println("Repaired " + logFile + ": removed a torn last line '" + log.repairedTail() + "'");
        }

        Network net = Models.obtain(d, a, found, t, err);
        Experiment.checkModel(net, d);
        if (!rankLog && pruneCount > net.unitTotal()) { // rank runs prune nothing
            throw new IllegalArgumentException("--prune-count " + pruneCount + " exceeds the " + net.unitTotal()
                    + " hidden neurons of the model");
        }
        Samples train = ToyData.training(d);
        if (render == RenderMode.SHOW && GraphicsEnvironment.isHeadless()) {
            err.println("No display: writing SVG figures instead of showing them.");
            render = RenderMode.SVG;
        }
        Path logDir = logFile.toAbsolutePath().getParent();
        Figures figures = new Figures(render, colormap, logDir, train, out, t);
        out.println("Running " + cfg.experimentName());
        RunResult result = Experiment.run(net, train, cfg, t, new Experiment.Listener() {
            @Override
            public void message(String line) {
                out.println(line);
                out.flush();
            }

            @Override
            public void evaluated(RunConfig c, org.lrppruning.experiment.Evaluation e, Network n, Samples data) {
                figures.draw(c, e, n, data);
            }
        });
        int appended;
        try {
            appended = log.append(result.logLines());
        } catch (IOException e) {
            throw new IOException(logFile.toAbsolutePath() + ": cannot append the run's lines: " + OutputPaths.reason(e), e);
        }
        if (appended == 0) {
            err.println(logFile + " already holds " + cfg.experimentName() + "; not logged again");
        }
        return 0;
    }

    static int threads(Integer requested) {
        int t = requested == null ? Runtime.getRuntime().availableProcessors() : requested;
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, was " + t);
        }
        return t;
    }

    /** Where figures go. */
    enum RenderMode {
        NONE, SVG, PNG, SHOW;

        static RenderMode of(String s) {
            for (RenderMode m : values()) {
                if (m.name().equalsIgnoreCase(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("invalid render mode '" + s + "' (valid: " + String.join(", ", ids()) + ")");
        }

        /** The names on the command line, in order. */
        static java.util.List<String> ids() {
            return java.util.Arrays.stream(values()).map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList();
        }
    }
}
