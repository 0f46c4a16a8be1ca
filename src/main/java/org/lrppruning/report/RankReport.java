package org.lrppruning.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.lrppruning.analysis.LogParser;
import org.lrppruning.analysis.LogRecord;
import org.lrppruning.analysis.RankAnalysis;

/**
 * The reference's {@code --analyze --ranklog}: for every dataset with rankselection lines in the
 * log, the tables of cases 1–5 in {@code rank_and_set-{dataset}.txt} next to the log.
 */
public final class RankReport {
    private RankReport() {}

    /** The analyses (datasets by name) and the files written, in the same order. */
    public record Result(Path log, LogParser.Report report, List<RankAnalysis> analyses, List<Path> files) {}

    /**
     * Analyses the rank lines of {@code log}; warnings (malformed lines, duplicates, missing runs)
     * go to {@code err}, the files written to {@code out}.
     *
     * @throws IllegalArgumentException when the log is missing or has no rankselection lines
     */
    public static Result run(Path log, int threads, PrintWriter out, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(log)) {
            throw new IllegalArgumentException("no log file to analyse at " + log);
        }
        List<LogRecord> records = new ArrayList<>();
        TreeSet<String> datasets = new TreeSet<>();
        LogParser.Report report = LogParser.stream(log, r -> {
            if (r.kind() != LogRecord.Kind.ACCURACY) {
                records.add(r);
                if (r.kind() == LogRecord.Kind.ORDER) {
                    datasets.add(r.dataset());
                }
            }
        });
        for (String w : report.warnings()) {
            err.println("Warning: " + log + ": " + w);
        }
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("no rankselection lines in " + log
                    + " (rank-analysis runs write them: run with --ranklog)");
        }
        Path dir = log.toAbsolutePath().getParent();
        List<RankAnalysis> analyses = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String d : datasets) {
            RankAnalysis a = RankAnalysis.analyse(d, records, threads);
            for (String w : a.warnings()) {
                err.println("Warning: " + d + ": " + w);
            }
            err.flush();
            Path f = a.write(dir);
            out.println("Wrote the rank analysis of " + d + " (cases 1-5) to " + f);
            out.flush();
            analyses.add(a);
            files.add(f);
        }
        return new Result(log, report, List.copyOf(analyses), List.copyOf(files));
    }
}
