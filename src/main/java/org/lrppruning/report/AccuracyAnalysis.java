package org.lrppruning.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lrppruning.analysis.AccuracyStats;
import org.lrppruning.analysis.LogParser;
import org.lrppruning.analysis.LogRecord;

/**
 * The reference's {@code --analyze} of an accuracy log (spec section 8), written next to the log:
 * {@code {dataset}-{scenario}} charts (mean ± std over seeds against npc), the combined panel
 * {@code combined}, the box plots {@code boxplot-{dataset}} and {@code boxplots}, and
 * {@code summary.csv}; the statistics lines are printed.
 */
public final class AccuracyAnalysis {
    /** Name of the 2 × 3 panel (without extension). */
    public static final String COMBINED = "combined";
    /** Name of the box-plot panel (without extension). */
    public static final String BOXPLOTS = "boxplots";
    /** Name of the summary table. */
    public static final String SUMMARY_CSV = "summary.csv";
    /**
     * The line printed above the statistics lines: their {@code n=} is per class, while the log's
     * {@code n:} counts all classes (the reference's wording of the lines themselves is kept).
     */
    public static final String STATISTICS_HEADER = "n = reference samples per class (the log's n: divided by the "
            + "number of classes: n:10 on moon is n=5.0); acc = mean accuracy in % over the seeds";

    private AccuracyAnalysis() {}

    /**
     * What an analysis found and wrote.
     *
     * @param charts  every figure file, single charts first, then the panels
     * @param combined the combined panel's files (one per format)
     * @param boxPanel the box-plot panel's files, empty when the log has no npc of the box plots
     */
    public record Result(Path log, AccuracyStats stats, LogParser.Report report, List<Path> charts,
                         List<Path> combined, List<Path> boxPanel, Path summaryCsv) {}

    /** The name of a single chart (without extension): {@code moon-train}. */
    public static String chartName(String dataset, String scenario) {
        return dataset + "-" + scenario;
    }

    /** The name of a dataset's box plot (without extension): {@code boxplot-moon}. */
    public static String boxPlotName(String dataset) {
        return "boxplot-" + dataset;
    }

    /**
     * Analyses {@code log}: malformed lines are skipped with one warning on {@code err} listing
     * their numbers; the statistics lines (under {@link #STATISTICS_HEADER}) go to {@code out}, then where the
     * files went.
     *
     * @throws IllegalArgumentException when the log is missing or has no train/test accuracy lines
     */
    public static Result run(Path log, List<FigureFormat> formats, PrintWriter out, PrintWriter err)
            throws IOException {
        return run(log, formats, out, out, err);
    }

    /** Like {@link #run(Path, List, PrintWriter, PrintWriter)}, with the statistics lines going to {@code stats}. */
    public static Result run(Path log, List<FigureFormat> formats, PrintWriter stats, PrintWriter out, PrintWriter err)
            throws IOException {
        if (!Files.isRegularFile(log)) {
            throw new IllegalArgumentException("no log file to analyse at " + log);
        }
        List<LogRecord> records = new ArrayList<>();
        LogParser.Report report = LogParser.stream(log, r -> {
            if (r.kind() == LogRecord.Kind.ACCURACY) {
                records.add(r);
            }
        });
        for (String w : report.warnings()) {
            err.println("Warning: " + log + ": " + w);
        }
        err.flush();
        AccuracyStats acc = AccuracyStats.of(records);
        if (acc.groups().isEmpty()) {
            throw new IllegalArgumentException("no train or test accuracy lines in " + log);
        }
        stats.println(STATISTICS_HEADER);
        for (String line : acc.statisticsLines()) {
            stats.println(line);
        }
        stats.flush();
        return write(log, acc, report, formats, out);
    }

    private static Result write(Path log, AccuracyStats stats, LogParser.Report report, List<FigureFormat> formats,
                                PrintWriter out) throws IOException {
        Path dir = log.toAbsolutePath().getParent();
        List<Path> charts = new ArrayList<>();
        for (String d : stats.datasets()) {
            for (String sc : AccuracyStats.SCENARIOS) {
                if (StudyFigures.hasSeries(stats, d, sc)) {
                    charts.addAll(FigureFormat.save(StudyFigures.accuracyChart(stats, d, sc), dir, chartName(d, sc),
                            formats));
                }
            }
        }
        List<Path> combined = FigureFormat.save(StudyFigures.accuracyPanel(stats), dir, COMBINED, formats);
        charts.addAll(combined);
        List<Path> boxPanel = List.of();
        for (String d : stats.datasets()) {
            if (StudyFigures.hasBoxes(stats, d)) {
                charts.addAll(FigureFormat.save(StudyFigures.boxPlot(stats, d), dir, boxPlotName(d), formats));
            }
        }
        if (stats.datasets().stream().anyMatch(d -> StudyFigures.hasBoxes(stats, d))) {
            boxPanel = FigureFormat.save(StudyFigures.boxPanel(stats), dir, BOXPLOTS, formats);
            charts.addAll(boxPanel);
        }
        Path csv = dir.resolve(SUMMARY_CSV);
        stats.writeSummaryCsv(csv);
        out.println("Wrote " + charts.size() + " figures and " + csv.getFileName() + " to " + dir);
        out.flush();
        return new Result(log, stats, report, List.copyOf(charts), combined, boxPanel, csv);
    }
}
