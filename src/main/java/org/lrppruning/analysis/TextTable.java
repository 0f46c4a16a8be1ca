package org.lrppruning.analysis;

import java.util.List;

/**
 * An ASCII table in PrettyTable's default style: every column as wide as its widest cell plus one
 * space each side, cells centred (the odd spare space goes left for even-length text, right for
 * odd-length text, as Python's str.center does), {@code +---+} rules above, below the header and
 * at the bottom. Rendered without a trailing newline, like {@code str(PrettyTable)}.
 *
 * @param header the field names, first one the corner label
 * @param rows   each row as many cells as the header; "" for a blank cell
 */
public record TextTable(List<String> header, List<List<String>> rows) {

    public TextTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("row has " + r.size() + " cells, header " + header.size());
            }
        }
    }

    /** The table's lines joined by '\n'. */
    public String render() {
        int cols = header.size();
        int[] width = new int[cols];
        for (int c = 0; c < cols; c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        StringBuilder sb = new StringBuilder();
        sb.append(rule).append('\n');
        appendRow(sb, header, width);
        sb.append(rule).append('\n');
        for (List<String> r : rows) {
            appendRow(sb, r, width);
        }
        sb.append(rule);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
        sb.append('|');
        for (int c = 0; c < width.length; c++) {
            sb.append(' ').append(center(cells.get(c), width[c])).append(" |");
        }
        sb.append('\n');
    }

    /** Python's {@code text.center(width)}. */
    static String center(String text, int width) {
        int excess = width - text.length();
        if (excess <= 0) {
            return text;
        }
        int left = excess / 2;
        if (excess % 2 == 1 && text.length() % 2 == 0) {
            left++;
        }
        return " ".repeat(left) + text + " ".repeat(excess - left);
    }
}
