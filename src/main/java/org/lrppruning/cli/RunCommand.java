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
@Command(name = "lrp-pruning", mixinStandardHelpOptions = true, version = "lrp-pruning 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Neural network pruning toy experiment (Yeom et al., Pattern Recognition 2021): "
                + "one run scores the hidden neurons of a trained model, prunes the least important and "
                + "logs the accuracy before and after.",
        subcommands = {DatasetCommand.class, TrainCommand.class, SweepCommand.class, MergeCommand.class,
                AnalyzeCommand.class, ReproduceCommand.class})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--dataset", "-d"}, defaultValue = "mult", paramLabel = "DATASET",
            description = "The toy dataset to use. Choices: moon, circle, mult (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = {"--criterion", "-c"}, defaultValue = "lrp", paramLabel = "CRITERION",
            description = "The criterion to use for pruning. Choices: lrp, taylor, grad, weight "
                    + "(also lrp-epsilon, lrp-alpha2beta1, lrp-gamma) (default: ${DEFAULT-VALUE}).")
    String criterion;

    @Option(names = {"--numsamples", "-n"}, defaultValue = "5", paramLabel = "N",
            description = "Reference samples per class used to compute the criterion (default: ${DEFAULT-VALUE}).")
    int numSamples;

    @Option(names = {"--seed", "-s"}, defaultValue = "1", paramLabel = "SEED",
            description = "Random seed of the reference samples (and of the noisy test set) (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"--rendermode", "-r"}, defaultValue = "none", paramLabel = "MODE",
            description = "Figures of the decision boundaries: none, svg, png, show (default: ${DEFAULT-VALUE}).")
    String renderMode;

    @Option(names = {"--colormap", "-cm"}, defaultValue = "Dark2", paramLabel = "NAME",
            description = "Qualitative matplotlib colormap of the figures: Accent, Dark2, Paired, Pastel1, Pastel2, "
                    + "Set1, Set2, Set3, tab10, tab20 (default: ${DEFAULT-VALUE}).")
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
            description = "Network: paper (the reference as it runs, no ReLU after the third hidden layer) "
                    + "or paper-relu (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--prune-count", defaultValue = "1000", paramLabel = "P",
            description = "Number of hidden neurons to prune (default: ${DEFAULT-VALUE}).")
    int pruneCount;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads for the matrix products (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = {"--generate", "-g"},
            description = "Only write the shell scripts of the paper's grid (one per dataset x criterion, honouring "
                    + "-rl and -nt) and their output folder, as the reference does; overrides everything else.")
    boolean generate;

    @Option(names = {"--analyze", "-a"},
            description = "Only analyse the log given with -l (with -rl: the neuron rankings; -r png for PNG figures); "
                    + "outputs go next to the log. See also the analyze subcommand.")
    boolean analyze;

    /** Where -g writes: the working directory (tests point it elsewhere). */
    Path workDir = Paths.get("");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (generate) {
            GenerateScripts.write(workDir, rankLog, noisyTest, out);
            return 0;
        }
        if (analyze) {
            AnalyzeCommand.analyze(logFile, rankLog, renderMode, threads(threads), out, err);
            return 0;
        }
        Dataset d = Dataset.of(dataset);
        Criteria.of(criterion);
        Architecture a = Architecture.of(arch);
        RenderMode render = RenderMode.of(renderMode);
        Figures.checkColormap(colormap);
        RunConfig cfg = new RunConfig(d, criterion, numSamples, seed, noisyTest, pruneCount, rankLog, rankLog && rankScores);
        int t = threads(threads);
        OutputPaths.checkFile(logFile); // its folder also takes the figures

        Network net = Models.obtain(d, a, model, t, err, numSamples, 1);
        if (pruneCount > net.hiddenTotal()) {
            throw new IllegalArgumentException("--prune-count " + pruneCount + " exceeds the " + net.hiddenTotal()
                    + " hidden neurons of the model");
        }
        Samples train = ToyData.training(d);
        if (render == RenderMode.SHOW && GraphicsEnvironment.isHeadless()) {
            err.println("No display: writing SVG figures instead of showing them.");
            render = RenderMode.SVG;
        }
        Path logDir = logFile.toAbsolutePath().getParent();
        Figures figures = new Figures(render, colormap, logDir, train, out, t);
        String torn = LogFile.repairTornTail(logFile);
        if (torn != null) {
            err.println("Repaired " + logFile + ": removed a torn last line '" + torn + "'");
        }
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
        try {
            LogFile.append(logFile, result.logLines());
        } catch (IOException e) {
            throw new IOException(logFile.toAbsolutePath() + ": cannot append the run's lines: " + OutputPaths.reason(e), e);
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
            throw new IllegalArgumentException("invalid render mode '" + s + "' (valid: none, svg, png, show)");
        }
    }
}
