package org.lrppruning.curves;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lrppruning.experiment.LineGrammar;
import org.lrppruning.experiment.LogLines;

/**
 * The curves log's line, one per {@link CurvePoint}:
 * <pre>
 * criterion=lrp n=5 seed=0 mode=oneshot step=3 rate=0.3 removed=33/112 parameters=71542 macs=1155916 correct=8469/10000 (84.69%)
 * </pre>
 * The key (one value per key) is everything up to the rate; the value the rest. The closing {@code (..%)} (the
 * accuracy rounded half-even to two decimals, for readers; {@code correct/tested} is exact) makes every proper
 * beginning of a line a {@link LogLines.Shape#PREFIX}, so a torn write is never read as a complete line.
 */
public final class CurveLines {
    private CurveLines() {}

    /** A criterion label: printable ASCII without '=' (a registry name, or {@code lrp:COMPOSITE}). */
    private static final String LABEL = "[!-~&&[^=]]+";
    private static final String INT = "(0|[1-9][0-9]*)";
    private static final Pattern LINE = Pattern.compile("criterion=(" + LABEL + ") n=" + INT + " seed=" + INT
            + " mode=(oneshot|finetune) step=" + INT + " rate=(0|0\\.[0-9]+) removed=" + INT + "/" + INT
            + " parameters=" + INT + " macs=" + INT + " correct=" + INT + "/" + INT + " \\(([0-9]+\\.[0-9]{2})%\\)");
    private static final String VALUE_START = " removed=";

    /** The grammar of the curves log for {@link org.lrppruning.experiment.LogFile}. */
    public static final LineGrammar GRAMMAR = new LineGrammar() {
        @Override
        public LogLines.Shape shape(CharSequence line) {
            if (line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r')) {
                return LogLines.Shape.BLANK;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                return LogLines.Shape.LINE;
            }
            return m.hitEnd() ? LogLines.Shape.PREFIX : LogLines.Shape.FOREIGN;
        }

        @Override
        public String name(String line) {
            String s = line.strip();
            int v = s.indexOf(VALUE_START);
            return v < 0 ? s : s.substring(0, v);
        }

        @Override
        public String value(String line) {
            String s = line.strip();
            int v = s.indexOf(VALUE_START);
            return v < 0 ? "" : s.substring(v + 1);
        }
    };

    /** The key of a point: {@code criterion=C n=N seed=S mode=M step=K rate=R}. */
    public static String name(CurvePoint p) {
        return name(p.criterion(), p.samplesPerClass(), p.seed(), p.mode(), p.step(), p.rate());
    }

    /** The key of the point of a curve at a step and rate. */
    static String name(String criterion, int n, long seed, CurvePoint.Mode mode, int step, String rate) {
        return "criterion=" + criterion + " n=" + n + " seed=" + seed + " mode=" + mode.name().toLowerCase(Locale.ROOT)
                + " step=" + step + " rate=" + rate;
    }

    /** The whole line of a point. */
    public static String format(CurvePoint p) {
        BigDecimal pct = BigDecimal.valueOf(p.correct()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(p.tested()), 2, RoundingMode.HALF_EVEN);
        String line = name(p) + VALUE_START + p.removed() + "/" + p.units() + " parameters=" + p.parameters()
                + " macs=" + p.macs() + " correct=" + p.correct() + "/" + p.tested() + " (" + pct.toPlainString() + "%)";
        if (!LINE.matcher(line).matches()) {
            throw new IllegalArgumentException("a curve point that cannot be logged (criterion '" + p.criterion()
                    + "', rate '" + p.rate() + "')");
        }
        return line;
    }

    /**
     * The point of a complete line.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static CurvePoint parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a curves log line: " + abbreviate(line));
        }
        try {
            return new CurvePoint(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                    CurvePoint.Mode.valueOf(m.group(4).toUpperCase(Locale.ROOT)), Integer.parseInt(m.group(5)),
                    m.group(6), Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8)), Long.parseLong(m.group(9)),
                    Long.parseLong(m.group(10)), Integer.parseInt(m.group(11)), Integer.parseInt(m.group(12)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a number out of range in curves log line: " + abbreviate(line));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
