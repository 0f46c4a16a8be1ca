package org.lrppruning.experiment;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.io.PyFloat;

/** The log line formats of spec section 6, character for character, and their grammar for readers. */
public final class LogLines {
    private LogLines() {}

    /** A field value: printable ASCII without '-' (the field separator), ':' or spaces. */
    private static final String FIELD = "[!-~&&[^:\\-]]+";

    /**
     * The run name {@code dataset:D-criterion:C-n:N-s:S-scenario:SC-stage:ST}; C is any name of the
     * criteria registry (names may hold '-'), longest first so that {@code lrp-gamma} is not read as {@code lrp}.
     */
    private static final Pattern NAME = Pattern.compile("dataset:(" + FIELD + ")-criterion:("
            + Criteria.all().stream().sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote)
                    .collect(Collectors.joining("|"))
            + ")-n:([0-9]+)-s:([0-9]+)-scenario:(" + FIELD + ")-stage:(" + FIELD + ")");

    /**
     * A whole line: the name, then a number as Python's repr writes it (always with a '.' or an
     * exponent, so that a number cut after its first digits does not read as complete) or a [..]
     * array of numbers.
     */
    private static final Pattern LINE = Pattern.compile(NAME.pattern()
            + "[ \\t]+(?:-?[0-9]+(?:\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)|-?nan|-?inf"
            + "|\\[[-+0-9.eE, naifNIty]*\\])[ \\t]*\\r?");

    /** The toy's line grammar: {@link #shape}, {@link #name} and {@link #value}. */
    public static final LineGrammar GRAMMAR = new LineGrammar() {
        @Override
        public Shape shape(CharSequence line) {
            return LogLines.shape(line);
        }

        @Override
        public String name(String line) {
            return LogLines.name(line);
        }

        @Override
        public String value(String line) {
            return LogLines.value(line);
        }
    };

    /** What a text line is to a reader of our logs. */
    public enum Shape {
        /** Empty or white space only (the reference skips such lines). */
        BLANK,
        /** A complete log line. */
        LINE,
        /** The beginning of a log line and nothing else: what a write torn by a crash leaves. */
        PREFIX,
        /** Anything else: not written by this tool or the reference. */
        FOREIGN
    }

    /** Classifies one line (without its newline). */
    public static Shape shape(CharSequence line) {
        if (line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r')) {
            return Shape.BLANK;
        }
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
            return Shape.LINE;
        }
        // hitEnd: the matcher ran out of input while the text still fitted, so more text could complete it
        return m.hitEnd() ? Shape.PREFIX : Shape.FOREIGN;
    }

    /**
     * The six field values of a run name (dataset, criterion, n, s, scenario, stage), or an
     * IllegalArgumentException saying what is wrong.
     */
    public static List<String> fields(String name) {
        Matcher m = NAME.matcher(name);
        if (m.matches()) {
            return List.of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6));
        }
        int c = name.indexOf("-criterion:");
        int n = name.indexOf("-n:", Math.max(c, 0));
        if (c >= 0 && n > c) {
            String crit = name.substring(c + "-criterion:".length(), n);
            if (!Criteria.all().contains(crit)) {
                throw new IllegalArgumentException("unknown criterion (valid: " + Criteria.names() + ")");
            }
        }
        throw new IllegalArgumentException("run name is not dataset:D-criterion:C-n:N-s:S-scenario:SC-stage:ST");
    }

    /** The run name of a line: the text before its first space or tab (the key of merges and duplicates). */
    public static String name(String line) {
        String s = line.strip();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** The value of a line: the text after its run name, stripped. */
    public static String value(String line) {
        String s = line.strip();
        return s.substring(name(s).length()).strip();
    }

    /** The evaluation names a complete run has logged (the rankscores line is optional). */
    public static List<String> requiredNames(RunConfig cfg) {
        return cfg.rankLog()
                ? List.of(evalName(cfg, "train", "pre"), evalName(cfg, "test", "pre"), evalName(cfg, "rankselection", "pre"))
                : List.of(evalName(cfg, "train", "pre"), evalName(cfg, "test", "pre"), evalName(cfg, "train", "post"),
                        evalName(cfg, "test", "post"));
    }

    /** {@code {experiment}-scenario:{scenario}-stage:{stage}}: also the figure's file name. */
    public static String evalName(RunConfig cfg, String scenario, String stage) {
        return cfg.experimentName() + "-scenario:" + scenario + "-stage:" + stage;
    }

    /** {@code dataset:moon-criterion:lrp-n:10-s:3-scenario:train-stage:pre 99.95} (Python's repr of the accuracy). */
    public static String accuracy(RunConfig cfg, Evaluation e) {
        return evalName(cfg, e.scenario(), e.stage()) + " " + PyFloat.repr(e.accuracy());
    }

    /** The rank-analysis line: all hidden neurons by ascending score, as a JSON array without spaces. */
    public static String ranking(RunConfig cfg, int[] order) {
        StringBuilder sb = new StringBuilder(evalName(cfg, "rankselection", "pre")).append(" [");
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(order[i]);
        }
        return sb.append(']').toString();
    }

    /**
     * An addition to the reference's format, written on request next to the ranking: the normalised
     * scores of all hidden neurons (layer-major) as a JSON array of shortest float32 decimals, so that
     * the analysis can correlate scores and not only orders.
     */
    public static String rankScores(RunConfig cfg, float[][] scores) {
        StringBuilder sb = new StringBuilder(evalName(cfg, "rankscores", "pre")).append(" [");
        boolean first = true;
        for (float[] layer : scores) {
            for (float v : layer) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(PyFloat.reprFloat32(v));
            }
        }
        return sb.append(']').toString();
    }
}
