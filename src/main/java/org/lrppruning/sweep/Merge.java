package org.lrppruning.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lrppruning.experiment.LineGrammar;
import org.lrppruning.experiment.LogFile;
import org.lrppruning.experiment.LogIndex;
import org.lrppruning.experiment.LogLines;

/**
 * Joins shard logs into one: identical lines from several logs are kept once; two lines for the
 * same evaluation with different values are a conflict and nothing is written ({@link LogIndex}).
 */
public final class Merge {
    private Merge() {}

    /** What a merge did: distinct lines in the merged log, and repeated lines dropped. */
    public record Summary(int lines, int duplicates) {
    }

    /**
     * Merges {@code inputs} into {@code out} (appending to it if it exists, after the same checks).
     *
     * @throws IllegalArgumentException when a file is not a log, or on conflicts; nothing is written then
     */
    public static Summary merge(List<Path> inputs, Path out) throws IOException {
        return merge(inputs, out, LogLines.GRAMMAR);
    }

    /** {@link #merge(List, Path)} for logs of lines of {@code grammar}. */
    public static Summary merge(List<Path> inputs, Path out, LineGrammar grammar) throws IOException {
        LogFile target = LogFile.open(out, grammar);
        LogIndex all = target.index();
        List<String> fresh = new ArrayList<>();
        for (Path in : inputs) {
            int source = all.source(in.toString());
            LogFile.read(in, grammar, (line, no) -> {
                if (all.add(grammar.name(line), grammar.value(line), source, no) == LogIndex.Seen.NEW) {
                    fresh.add(line);
                }
            });
        }
        if (all.conflicts() > 0) {
            throw new IllegalArgumentException(all.conflictSummary() + "; nothing written");
        }
        target.append(fresh);
        return new Summary(all.size(), all.duplicates());
    }
}
