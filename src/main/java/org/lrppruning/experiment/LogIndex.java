package org.lrppruning.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluations one or more logs hold, by run name ({@code dataset:..-stage:..}): a line seen again
 * with the same value is a duplicate, the same name with another value a conflict. The one place
 * that decides this for merges, analyses and appends. Values are kept as 64-bit fingerprints, not
 * text, so that a rank log's 15 kB arrays are not held twice in memory (two different values share
 * a fingerprint with a chance of about 2^-64).
 */
public final class LogIndex {
    /** What {@link #add} found. */
    public enum Seen { NEW, DUPLICATE, CONFLICT }

    private record Entry(long fingerprint, int source, long line) {}

    /** Most line numbers kept for a warning. */
    public static final int MAX_LISTED = 20;

    private final Map<String, Entry> entries = new HashMap<>();
    private final List<String> sources = new ArrayList<>();
    private int duplicates;
    private final List<Long> duplicateLines = new ArrayList<>();
    private int conflicts;
    private String firstConflict;

    /** An empty index. */
    public LogIndex() {}

    /** A copy of {@code other}, to add to without changing it. */
    public LogIndex(LogIndex other) {
        entries.putAll(other.entries);
        sources.addAll(other.sources);
        duplicates = other.duplicates;
        duplicateLines.addAll(other.duplicateLines);
        conflicts = other.conflicts;
        firstConflict = other.firstConflict;
    }

    /** Registers a source (a file name for messages) and returns its number for {@link #add}. */
    public int source(String name) {
        sources.add(name);
        return sources.size() - 1;
    }

    /** What adding the line would find, without adding it. */
    public Seen check(String name, String value) {
        Entry e = entries.get(name);
        return e == null ? Seen.NEW : e.fingerprint == fingerprint(value) ? Seen.DUPLICATE : Seen.CONFLICT;
    }

    /** Adds line {@code line} of {@code source}: new, a duplicate (counted) or a conflict (counted, first kept). */
    public Seen add(String name, String value, int source, long line) {
        Seen s = check(name, value);
        switch (s) {
            case NEW -> entries.put(name, new Entry(fingerprint(value), source, line));
            case DUPLICATE -> {
                duplicates++;
                if (duplicateLines.size() < MAX_LISTED) {
                    duplicateLines.add(line);
                }
            }
            case CONFLICT -> {
                if (conflicts++ == 0) {
                    firstConflict = name + " (" + where(name) + " vs " + sources.get(source) + ":" + line + ")";
                }
            }
        }
        return s;
    }

    /** Whether a line of that name is held. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** Whether every name is held. */
    public boolean containsAll(List<String> names) {
        return entries.keySet().containsAll(names);
    }

    /** {@code file:line} of the first line of that name, or null. */
    public String where(String name) {
        Entry e = entries.get(name);
        return e == null ? null : sources.get(e.source) + ":" + e.line;
    }

    /** Number of distinct run names. */
    public int size() {
        return entries.size();
    }

    /** Lines that repeated an earlier line exactly. */
    public int duplicates() {
        return duplicates;
    }

    /** Line numbers of the first {@value #MAX_LISTED} duplicates. */
    public List<Long> duplicateLines() {
        return List.copyOf(duplicateLines);
    }

    /** Lines that gave another value for a name already held. */
    public int conflicts() {
        return conflicts;
    }

    /** "2 conflicting duplicate(s) (same run, another value); first: NAME (a:3 vs b:9)", or null when none. */
    public String conflictSummary() {
        return conflicts == 0 ? null
                : conflicts + " conflicting duplicate(s) (same run, another value); first: " + firstConflict;
    }

    /** FNV-1a over the characters, then a final mix (MurmurHash3's) so that similar arrays spread. */
    static long fingerprint(String value) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < value.length(); i++) {
            h = (h ^ value.charAt(i)) * 0x100000001b3L;
        }
        h ^= value.length();
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
