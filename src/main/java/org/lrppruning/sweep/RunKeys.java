package org.lrppruning.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lrppruning.experiment.RunConfig;

/** Which runs a log already holds completely: every line a run appends, by its experiment name. */
public final class RunKeys {
    private RunKeys() {}

    /** The scenario-stage suffixes a complete run has logged. */
    static Set<String> expected(boolean rankLog) {
        return rankLog ? Set.of("train-stage:pre", "test-stage:pre", "rankselection-stage:pre")
                : Set.of("train-stage:pre", "test-stage:pre", "train-stage:post", "test-stage:post");
    }

    /** Experiment names ({@code dataset:..-criterion:..-n:..-s:..}) whose lines are all in the log. */
    public static Set<String> complete(Path log, boolean rankLog) throws IOException {
        Set<String> done = new HashSet<>();
        if (!Files.isRegularFile(log)) {
            return done;
        }
        Set<String> want = expected(rankLog);
        Map<String, Set<String>> seen = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                int sc = line.indexOf("-scenario:");
                int sp = line.indexOf(' ', Math.max(sc, 0));
                if (sc <= 0 || sp < 0) {
                    continue;
                }
                String name = line.substring(0, sc);
                String part = line.substring(sc + "-scenario:".length(), sp);
                if (want.contains(part)) {
                    Set<String> parts = seen.computeIfAbsent(name, k -> new HashSet<>());
                    parts.add(part);
                    if (parts.size() == want.size()) {
                        done.add(name);
                    }
                }
            }
        }
        return done;
    }

    /** Whether the run is among the complete names. */
    public static boolean isDone(Set<String> complete, RunConfig cfg) {
        return complete.contains(cfg.experimentName());
    }
}
