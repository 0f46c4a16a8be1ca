package org.lrppruning.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.lrppruning.experiment.LogIndex;
import org.lrppruning.experiment.LogLines;

/**
 * Streams a log line by line into {@link LogRecord}s; malformed lines are skipped and reported by
 * line number. Rank lines hold thousands of integers, so arrays are parsed by hand, not by a JSON
 * library. Empty lines are ignored, as the reference ignores them.
 */
public final class LogParser {
    private LogParser() {}

    /** A skipped line: its 1-based number and why. */
    public record Malformed(long line, String reason) {}

    /**
     * What a parse found: how many records, the skipped lines in file order, and the lines that
     * repeated an earlier line exactly (counted once: not passed on).
     */
    public record Report(long records, List<Malformed> malformed, int duplicates, List<Long> duplicateLines) {
        /** Most line numbers a warning lists before it abbreviates. */
        static final int MAX_LISTED = LogIndex.MAX_LISTED;

        /** A report without duplicates. */
        public Report(long records, List<Malformed> malformed) {
            this(records, malformed, 0, List.of());
        }

        /**
         * "skipped 2 malformed lines: 17, 204" and "counted 3 repeated lines once: 5, 9, 12" (at most 20
         * numbers, then "and N more"); empty when there are none.
         */
        public List<String> warnings() {
            List<String> w = new ArrayList<>();
            if (!malformed.isEmpty()) {
                w.add(listed(malformed.size() == 1 ? "skipped 1 malformed line: " : "skipped " + malformed.size()
                        + " malformed lines: ", malformed.stream().map(Malformed::line).toList(), malformed.size()));
            }
            if (duplicates > 0) {
                w.add(listed(duplicates == 1 ? "counted 1 repeated line once: " : "counted " + duplicates
                        + " repeated lines once: ", duplicateLines, duplicates));
            }
            return List.copyOf(w);
        }

        private static String listed(String head, List<Long> lines, int total) {
            StringBuilder sb = new StringBuilder(head);
            for (int i = 0; i < Math.min(MAX_LISTED, lines.size()); i++) {
                sb.append(i == 0 ? "" : ", ").append(lines.get(i));
            }
            if (total > MAX_LISTED) {
                sb.append(" and ").append(total - MAX_LISTED).append(" more");
            }
            return sb.toString();
        }
    }

    /** All records of a file, with the report. */
    public record Result(List<LogRecord> records, Report report) {}

    /** Reads a whole log into memory (a full rank log needs some 120 MB of int arrays). */
    public static Result readAll(Path log) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        Report report = stream(log, records::add);
        return new Result(records, report);
    }

    /**
     * Streams the records of a log file (UTF-8) to {@code sink} in file order, each evaluation once:
     * a line repeating an earlier one is counted in the report, not passed on.
     *
     * @throws IllegalArgumentException (one line) when the file is not text, or holds two lines for
     *                                  one evaluation with different values ({@link LogIndex}, as merge)
     */
    public static Report stream(Path log, Consumer<LogRecord> sink) throws IOException {
        LogIndex index = new LogIndex();
        Report r;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            r = stream(in, sink, index, index.source(log.toString()));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(log + " is not a text log (it holds bytes that are not UTF-8); nothing analysed");
        }
        if (index.conflicts() > 0) {
            throw new IllegalArgumentException(log + ": " + index.conflictSummary() + "; nothing analysed");
        }
        return r;
    }

    /** Streams the records read from {@code in} to {@code sink} in order, repeats included; does not close {@code in}. */
    public static Report stream(Reader in, Consumer<LogRecord> sink) throws IOException {
        return stream(in, sink, null, 0);
    }

    /** As above; with an index, lines already in it are counted as duplicates (or conflicts) and not passed on. */
    private static Report stream(Reader in, Consumer<LogRecord> sink, LogIndex index, int source) throws IOException {
        BufferedReader br = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in, 1 << 16);
        List<Malformed> bad = new ArrayList<>();
        long count = 0;
        long lineNo = 0;
        String line;
        while ((line = br.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            LogRecord r;
            try {
                r = parseLine(line, lineNo);
            } catch (IllegalArgumentException e) {
                bad.add(new Malformed(lineNo, e.getMessage()));
                continue;
            }
            if (index == null || index.add(LogLines.name(line), LogLines.value(line), source, lineNo) == LogIndex.Seen.NEW) {
                sink.accept(r);
                count++;
            }
        }
        return index == null ? new Report(count, List.copyOf(bad))
                : new Report(count, List.copyOf(bad), index.duplicates(), index.duplicateLines());
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException with the reason when the line is malformed
     */
    public static LogRecord parseLine(String line, long lineNo) {
        String s = line.strip();
        int sp = indexOfWhitespace(s);
        if (sp < 0) {
            throw new IllegalArgumentException("no value after the run name");
        }
        String head = s.substring(0, sp);
        String value = s.substring(sp).strip();
        String[] v = LogLines.fields(head).toArray(new String[0]); // criteria: any name of the registry
        int n = parseNonNegativeInt(v[2], "n");
        long seed = parseSeed(v[3]);
        switch (LogRecord.kindOf(v[4])) {
            case ORDER:
                return new LogRecord(v[0], v[1], n, seed, v[4], v[5], Double.NaN, parsePermutation(value), null, lineNo);
            case SCORES:
                return new LogRecord(v[0], v[1], n, seed, v[4], v[5], Double.NaN, null, parseDoubleArray(value), lineNo);
            default:
                double acc = parsePyFloat(value);
                if (!Double.isFinite(acc)) {
                    throw new IllegalArgumentException("accuracy is not finite: " + value);
                }
                return new LogRecord(v[0], v[1], n, seed, v[4], v[5], acc, null, null, lineNo);
        }
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int parseNonNegativeInt(String s, String what) {
        try {
            int x = Integer.parseInt(s);
            if (x >= 0 && s.charAt(0) != '+') {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + what + "' is not a non-negative integer: " + s);
    }

    private static long parseSeed(String s) {
        try {
            long x = Long.parseLong(s);
            if (x >= 0 && s.charAt(0) != '+') {
                return x;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'s' is not a non-negative integer: " + s);
    }

    /**
     * Parses {@code [i0,i1,...]} (spaces after commas tolerated) and checks that it is a permutation
     * of 0..m−1, which every rank statistic relies on.
     */
    static int[] parsePermutation(String s) {
        int len = s.length();
        if (len < 2 || s.charAt(0) != '[' || s.charAt(len - 1) != ']') {
            throw new IllegalArgumentException("order is not a [..] array");
        }
        int commas = 0;
        for (int i = 1; i < len - 1; i++) {
            if (s.charAt(i) == ',') {
                commas++;
            }
        }
        boolean empty = s.substring(1, len - 1).isBlank();
        int[] out = new int[empty ? 0 : commas + 1];
        int k = 0;
        int i = 1;
        while (!empty) {
            while (s.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            long x = 0;
            while (i < len - 1) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                x = x * 10 + (c - '0');
                if (x > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("order entry " + k + " is too large");
                }
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("order entry " + k + " is not a non-negative integer");
            }
            while (s.charAt(i) == ' ') {
                i++;
            }
            out[k++] = (int) x;
            if (i == len - 1) {
                break;
            }
            if (s.charAt(i) != ',') {
                throw new IllegalArgumentException("unexpected '" + s.charAt(i) + "' in order entry " + (k - 1));
            }
            i++;
        }
        boolean[] seen = new boolean[out.length];
        for (int x : out) {
            if (x >= out.length || seen[x]) {
                throw new IllegalArgumentException("order is not a permutation of 0.." + (out.length - 1));
            }
            seen[x] = true;
        }
        return out;
    }

    /** Parses {@code [x0,x1,...]} of Python/JSON floats (also nan, inf, NaN, Infinity). */
    static double[] parseDoubleArray(String s) {
        int len = s.length();
        if (len < 2 || s.charAt(0) != '[' || s.charAt(len - 1) != ']') {
            throw new IllegalArgumentException("scores are not a [..] array");
        }
        String body = s.substring(1, len - 1);
        if (body.isBlank()) {
            return new double[0];
        }
        String[] tokens = body.split(",", -1);
        double[] out = new double[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = parsePyFloat(tokens[i].strip());
        }
        return out;
    }

    /** A float as Python's repr or JSON writes it; rejects Java-only forms such as "1d" or hex. */
    static double parsePyFloat(String t) {
        switch (t) {
            case "nan": case "NaN": case "-nan": case "-NaN":
                return Double.NaN;
            case "inf": case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf": case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                throw new IllegalArgumentException("not a number: " + t);
            }
        }
        if (!digit) {
            throw new IllegalArgumentException("not a number: " + t);
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + t);
        }
    }
}
