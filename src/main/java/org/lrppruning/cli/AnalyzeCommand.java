package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.report.AccuracyAnalysis;
import org.lrppruning.report.FigureFormat;
import org.lrppruning.report.RankReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Analyses a log, as the reference's {@code -a [-rl] -l LOG}; outputs go next to the log. */
@Command(name = "analyze", aliases = "analyse", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyse a log (ours or the Python reference's); outputs go next to the log.",
            "Accuracy logs: {dataset}-{scenario} charts (mean +- std over seeds against samples per class), the "
                    + "combined 2 x 3 panel, box plots, summary.csv, and the statistics lines on the console.",
            "With --ranklog: the rank-correlation and set-intersection tables (cases 1-5) as rank_and_set-{dataset}.txt."})
final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--logfile", "-l"}, required = true, paramLabel = "LOG", description = "The log to analyse.")
    Path log;

    @Option(names = {"--ranklog", "-rl"}, description = "Analyse the neuron rankings (rankselection lines) instead of accuracies.")
    boolean rankLog;

    @Option(names = {"--rendermode", "-r"}, defaultValue = "svg", paramLabel = "MODE",
            completionCandidates = Choices.AnalysisRenderModes.class,
            description = "Figure format. Choices: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); "
                    + "none and show write SVG, as the reference's -a does.")
    String renderMode;

    @Option(names = "--threads", paramLabel = "T", description = "Threads of the rank analysis (default: all cores). Results do not depend on it.")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        if (rankLog) {
            Flags.refuse(spec, "with --ranklog (the rank analysis writes text tables, no figures)", "-r");
        }
        analyze(log, rankLog, renderMode, RunCommand.threads(threads), spec.commandLine().getOut(),
                spec.commandLine().getErr());
        return 0;
    }

    /** The analysis behind both {@code analyze} and {@code -a}. */
    static void analyze(Path log, boolean rankLog, String renderMode, int threads, PrintWriter out, PrintWriter err)
            throws java.io.IOException {
        OutputPaths.checkFolder(log.toAbsolutePath().getParent()); // the outputs go next to the log
        if (rankLog) {
            RankReport.run(log, threads, out, err);
        } else {
            AccuracyAnalysis.run(log, FigureFormat.forRenderMode(renderMode), out, err);
        }
    }
}
