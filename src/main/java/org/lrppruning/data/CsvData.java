package org.lrppruning.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.io.PyFloat;

/**
 * Comma-separated samples, one per line: the features, then the integer label last. The first
 * line is a header (and skipped) when any of its cells is not a number. Blank lines are skipped,
 * cells are trimmed and may be in double quotes. Every row has as many cells as the first.
 */
final class CsvData {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(?:nan|inf|infinity)");
    private static final Pattern INTEGRAL = Pattern.compile("[+-]?\\d+(?:\\.0*)?");

    private CsvData() {}

    /** Reads {@code file}; the sample shape is {F}, F = cells per row − 1. */
    static LabeledData read(Path file) {
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()), 1 << 16)) {
            return read(file, r);
        } catch (DataException e) {
            throw e;
        } catch (CharacterCodingException e) {
            throw new DataException(file, "not a text file (not UTF-8)");
        } catch (IOException e) {
            throw DataException.of(file, e);
        }
    }

    private static LabeledData read(Path file, BufferedReader r) throws IOException {
        int fields = -1;
        int firstLine = 0;
        float[] x = new float[1024];
        int[] y = new int[256];
        int n = 0;
        int lineNo = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark, as spreadsheet programs write
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (fields < 0) {
                fields = cells.length;
                firstLine = lineNo;
                if (fields < 2) {
                    throw new DataException(file, "line " + lineNo + " has " + fields
                            + " field; a row needs the features, then the label");
                }
                if (!allNumbers(cells)) {
                    continue; // the header
                }
            } else if (cells.length != fields) {
                throw new DataException(file, "line " + lineNo + " has " + cells.length + " fields, line "
                        + firstLine + " has " + fields);
            }
            int features = fields - 1;
            if (n == y.length) {
                y = Arrays.copyOf(y, 2 * y.length);
            }
            long need = (long) (n + 1) * features;
            if (need > Integer.MAX_VALUE - 8) {
                throw new DataException(file, "too many values (more than 2^31)");
            }
            if (need > x.length) {
                x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * x.length)));
            }
            for (int c = 0; c < features; c++) {
                x[n * features + c] = number(file, lineNo, c + 1, unquote(cells[c]));
            }
            y[n] = label(file, lineNo, unquote(cells[features]));
            n++;
        }
        if (fields < 0) {
            throw new DataException(file, "is empty");
        }
        return new LabeledData(Arrays.copyOf(x, n * (fields - 1)), new int[] {fields - 1}, Arrays.copyOf(y, n));
    }

    private static boolean allNumbers(String[] cells) {
        for (String c : cells) {
            String s = unquote(c);
            if (!DECIMAL.matcher(s).matches() && !NON_FINITE.matcher(s).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String unquote(String cell) {
        String s = cell.strip();
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    private static float number(Path file, int line, int column, String s) {
        if (NON_FINITE.matcher(s).matches()) {
            throw new DataException(file, "line " + line + ", column " + column + ": " + s
                    + " in the data (only finite numbers are allowed)");
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw new DataException(file, "line " + line + ", column " + column + ": '" + shorten(s) + "' is not a number");
        }
        float v = Float.parseFloat(s);
        if (Float.isInfinite(v)) {
            throw new DataException(file, "line " + line + ", column " + column + ": " + s + " overflows float32");
        }
        return v;
    }

    private static int label(Path file, int line, String s) {
        if (!INTEGRAL.matcher(s).matches()) {
            throw new DataException(file, "line " + line + ": label '" + shorten(s) + "' is not an integer");
        }
        int dot = s.indexOf('.');
        String digits = dot < 0 ? s : s.substring(0, dot);
        long v;
        try {
            v = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE;
        }
        if (v < 0) {
            throw new DataException(file, "line " + line + ": label " + s + " is negative");
        }
        if (v > Integer.MAX_VALUE) {
            throw new DataException(file, "line " + line + ": label " + shorten(s) + " is not a class index");
        }
        return (int) v;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /**
     * Writes {@code data} (any sample shape, flattened) with a header of {@code names} and
     * {@code label}; values as Python's repr of the float32 value widened to double, which is
     * exact and reads back as the same float32. Atomic: a reader sees the old file or the new one.
     */
    static void write(Path file, LabeledData data, String[] names) throws IOException {
        int per = data.sampleSize();
        if (names.length != per) {
            throw new IllegalArgumentException(names.length + " column names for " + per + " features");
        }
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            w.write(String.join(",", names) + ",label\n");
            float[] x = data.x();
            int[] y = data.labels();
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < data.size(); i++) {
                row.setLength(0);
                for (int c = 0; c < per; c++) {
                    row.append(PyFloat.repr(x[i * per + c])).append(',');
                }
                row.append(y[i]).append('\n');
                w.write(row.toString());
            }
            w.flush();
        });
    }

    /** Column names x0, x1, … for {@code count} features. */
    static String[] defaultNames(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "x" + i;
        }
        return names;
    }
}
