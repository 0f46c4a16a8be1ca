package org.lrppruning.curves;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.LogIndex;

/**
 * The curves log ({@code DIR/log.txt}): one {@link CurveLines} line per {@link CurvePoint}, each curve's points
 * appended whole in one write by {@link Curves#run}, under {@link LogFile}'s discipline (a lock file beside it,
 * re-read under the lock, nothing logged twice, a torn last line cut, a foreign file refused unchanged).
 */
public final class CurveLog {
    /** The log's file name in a curves folder. */
    public static final String LOG = "log.txt";

    /** The order of {@link #read}: criterion, samples per class, seed, mode, step. */
    public static final Comparator<CurvePoint> ORDER = Comparator.comparing(CurvePoint::criterion)
            .thenComparingInt(CurvePoint::samplesPerClass).thenComparingLong(CurvePoint::seed)
            .thenComparing(CurvePoint::mode).thenComparingInt(CurvePoint::step);

    private CurveLog() {}

    /**
     * Every point of a curves log, in {@link #ORDER}: {@code path} is the log, or a curves folder holding it. A
     * line repeated exactly counts once.
     *
     * @throws IllegalArgumentException (one line) when the file is not a curves log, its last line is torn, or it
     *                                  holds two values for one point
     * @throws java.nio.file.NoSuchFileException when there is no log
     */
    public static List<CurvePoint> read(Path path) throws IOException {
        Path log = Files.isDirectory(path) ? path.resolve(LOG) : path;
        LogIndex index = new LogIndex();
        int source = index.source(log.toString());
        List<CurvePoint> points = new ArrayList<>();
        LogFile.read(log, CurveLines.GRAMMAR, (line, no) -> {
            String name = CurveLines.GRAMMAR.name(line);
            if (index.add(name, CurveLines.GRAMMAR.value(line), source, no) == LogIndex.Seen.NEW) {
                points.add(CurveLines.parse(line));
            }
        });
        if (index.conflicts() > 0) {
            throw new IllegalArgumentException(log + ": " + index.conflictSummary());
        }
        points.sort(ORDER);
        return points;
    }

    /** The log of a curves folder, opened for appending ({@link LogFile#open(Path, org.lrppruning.experiment.LineGrammar)}). */
    static LogFile open(Path dir) throws IOException {
        return LogFile.open(dir.resolve(LOG), CurveLines.GRAMMAR);
    }
}
