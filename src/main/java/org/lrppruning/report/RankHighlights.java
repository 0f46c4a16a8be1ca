package org.lrppruning.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lrppruning.analysis.RankAnalysis;
import org.lrppruning.io.PyFloat;

/** Picks single cells out of a {@link RankAnalysis} for the report's highlights. */
public final class RankHighlights {
    private static final Pattern CASE_1 = Pattern.compile("^# \\S+ N=([0-9.eE+-]+) CASE 1:.*");

    private RankHighlights() {}

    /** The npc values of the per-npc sections (cases 1–3), ascending as the analysis lists them. */
    public static List<Double> npcs(RankAnalysis a) {
        List<Double> out = new ArrayList<>();
        for (RankAnalysis.Section s : a.sections()) {
            Matcher m = CASE_1.matcher(s.title());
            if (m.matches() && !s.title().contains(RankAnalysis.ADDITION)) {
                out.add(Double.parseDouble(m.group(1)));
            }
        }
        return out;
    }

    /** The criteria of the tables (rows and columns), in the analysis' order. */
    public static List<String> criteria(RankAnalysis a) {
        for (RankAnalysis.Section s : a.sections()) {
            if (!s.tables().isEmpty()) {
                return s.tables().get(0).rows();
            }
        }
        return List.of();
    }

    /**
     * The cell of {@code measure} for the pair (row, column) in case {@code caseNo} (1, 2 or 3) at
     * {@code npc}; null when the analysis has no such cell.
     */
    public static RankAnalysis.Cell cell(RankAnalysis a, int caseNo, double npc, String measure, String row,
                                         String column) {
        String prefix = ("# " + a.dataset() + " n=" + PyFloat.repr(npc) + " case " + caseNo).toUpperCase(Locale.ROOT);
        for (RankAnalysis.Section s : a.sections()) {
            if (!s.title().startsWith(prefix) || s.title().contains(RankAnalysis.ADDITION)) {
                continue;
            }
            char next = s.title().length() > prefix.length() ? s.title().charAt(prefix.length()) : ' ';
            if (Character.isDigit(next)) {
                continue;
            }
            for (RankAnalysis.Table t : s.tables()) {
                if (!t.corner().equals(measure)) {
                    continue;
                }
                int r = t.rows().indexOf(row);
                int c = t.columns().indexOf(column);
                return r < 0 || c < 0 ? null : t.cells().get(r).get(c);
            }
        }
        return null;
    }

    /** Up to {@code max} of the npc values, preferring the box plots' 1, 5, 20, 100, then spread over the rest. */
    public static List<Double> pick(List<Double> npcs, int max) {
        List<Double> preferred = new ArrayList<>();
        for (double p : new double[] {1, 5, 20, 100}) {
            if (npcs.contains(p) && preferred.size() < max) {
                preferred.add(p);
            }
        }
        if (preferred.size() >= Math.min(max, npcs.size())) {
            return preferred;
        }
        List<Double> out = new ArrayList<>(preferred);
        for (double n : npcs) {
            if (out.size() >= max) {
                break;
            }
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        out.sort(Double::compare);
        return out;
    }
}
