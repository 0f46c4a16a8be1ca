package org.lrppruning.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.experiment.LogFile;

/**
 * Joins shard logs into one: identical lines from several logs are kept once; two lines for the
 * same evaluation with different values are a conflict and nothing is written.
 */
public final class Merge {
    private Merge() {}

    /** What a merge did. */
    public record Summary(int lines, int duplicates) {
    }

    /** Merges {@code inputs} into {@code out} (appending to it if it exists, after the same checks). */
    public static Summary merge(List<Path> inputs, Path out) throws IOException {
        Map<String, String> byKey = new LinkedHashMap<>();
        Map<String, String> origin = new LinkedHashMap<>();
        List<String> conflicts = new ArrayList<>();
        int duplicates = 0;
        LogFile.repairTornTail(out); // a torn last line would read as a conflicting value
        List<Path> all = new ArrayList<>();
        boolean outExists = Files.isRegularFile(out);
        if (outExists) {
            all.add(out);
        }
        all.addAll(inputs);
        java.util.Set<String> inOut = new java.util.HashSet<>();
        for (Path in : all) {
            if (!Files.isRegularFile(in)) {
                throw new IOException("log not found: " + in);
            }
            try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
                String line;
                int no = 0;
                while ((line = r.readLine()) != null) {
                    no++;
                    if (line.isBlank()) {
                        continue;
                    }
                    int sp = line.indexOf(' ');
                    if (sp <= 0) {
                        throw new IOException(in + ":" + no + ": not a log line: " + abbreviate(line));
                    }
                    String key = line.substring(0, sp);
                    String prev = byKey.putIfAbsent(key, line);
                    if (prev == null) {
                        origin.put(key, in + ":" + no);
                        if (outExists && in.equals(out)) {
                            inOut.add(key);
                        }
                    } else if (prev.equals(line)) {
                        duplicates++;
                    } else {
                        conflicts.add(key + " (" + origin.get(key) + " vs " + in + ":" + no + ")");
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IOException(conflicts.size() + " conflicting duplicate(s), nothing written; first: " + conflicts.get(0));
        }
        List<String> fresh = new ArrayList<>();
        for (Map.Entry<String, String> e : byKey.entrySet()) {
            if (!inOut.contains(e.getKey())) {
                fresh.add(e.getValue());
            }
        }
        LogFile.append(out, fresh);
        return new Summary(byKey.size(), duplicates);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
