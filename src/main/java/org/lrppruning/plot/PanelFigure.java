package org.lrppruning.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.TextAnchor;

/** Figures in a rows × columns grid with optional row, column and spanning group labels, as in the paper. */
public final class PanelFigure implements Figure {

    /** Space between a label and what it labels, in points. */
    private static final double PAD = 6;

    private final int rows;
    private final int cols;
    private final Figure[] cells;
    private final double cellWidth;
    private final double cellHeight;
    private final double gap;
    private final double[] extraGapAfterColumn;
    private final double[] extraGapAfterRow;
    private final String[] columnLabels;
    private final String[] rowLabels;
    private final List<Group> columnGroups;
    private final List<Group> rowGroups;
    private final Font labelFont;
    private final Font groupFont;
    // derived layout, in points
    private final double left;
    private final double top;
    private final double width;
    private final double height;

    /** A label spanning cells from..to (inclusive). */
    private record Group(String label, int from, int to) {}

    private PanelFigure(Builder b) {
        rows = b.rows;
        cols = b.cols;
        cells = b.cells.clone();
        Figure first = Arrays.stream(cells).filter(f -> f != null).findFirst()
            .orElseThrow(() -> new IllegalStateException("a panel figure needs at least one cell"));
        cellWidth = (b.cellWidthInches > 0 ? b.cellWidthInches : first.widthInches()) * POINTS_PER_INCH;
        cellHeight = (b.cellHeightInches > 0 ? b.cellHeightInches : first.heightInches()) * POINTS_PER_INCH;
        gap = b.gapInches * POINTS_PER_INCH;
        extraGapAfterColumn = b.extraGapAfterColumn.clone();
        extraGapAfterRow = b.extraGapAfterRow.clone();
        columnLabels = b.columnLabels;
        rowLabels = b.rowLabels;
        columnGroups = List.copyOf(b.columnGroups);
        rowGroups = List.copyOf(b.rowGroups);
        labelFont = FigureStyle.font(b.labelPoints);
        groupFont = FigureStyle.font(b.groupPoints);

        double labelLine = lineHeight(labelFont) + PAD;
        double groupLine = lineHeight(groupFont) + 2 * PAD;
        top = PAD + (columnGroups.isEmpty() ? 0 : groupLine) + (columnLabels == null ? 0 : labelLine);
        left = PAD + (rowGroups.isEmpty() ? 0 : groupLine) + (rowLabels == null ? 0 : labelLine);
        width = left + columnOffset(cols) - gap + PAD;
        height = top + rowOffset(rows) - gap + PAD;
    }

    /** Starts a grid of the given shape. */
    public static Builder builder(int rows, int cols) {
        return new Builder(rows, cols);
    }

    @Override
    public double widthInches() {
        return width / POINTS_PER_INCH;
    }

    @Override
    public double heightInches() {
        return height / POINTS_PER_INCH;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        Graphics2D g = (Graphics2D) g2.create();
        try {
            g.translate(area.getX(), area.getY());
            double sx = area.getWidth() / width;
            double sy = area.getHeight() / height;
            if (Math.abs(sx - 1) > 1e-9 || Math.abs(sy - 1) > 1e-9) {
                g.scale(sx, sy);
            }
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(0, 0, width, height));
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    Figure f = cells[r * cols + c];
                    if (f != null) {
                        f.draw(g, cellArea(r, c));
                    }
                }
            }
            drawLabels(g);
        } finally {
            g.dispose();
        }
    }

    private void drawLabels(Graphics2D g) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(FigureStyle.THIN * 1.5f));
        double labelLine = lineHeight(labelFont) + PAD;
        if (columnLabels != null) {
            g.setFont(labelFont);
            double y = top - PAD;
            for (int c = 0; c < cols; c++) {
                Rectangle2D cell = cellArea(0, c);
                TextUtils.drawAlignedString(columnLabels[c], g, (float) cell.getCenterX(), (float) y,
                    TextAnchor.BOTTOM_CENTER);
            }
        }
        if (!columnGroups.isEmpty()) {
            g.setFont(groupFont);
            double rule = top - (columnLabels == null ? 0 : labelLine) - PAD / 2;
            for (Group grp : columnGroups) {
                double x0 = cellArea(0, grp.from).getMinX();
                double x1 = cellArea(0, grp.to).getMaxX();
                g.draw(new Line2D.Double(x0, rule, x1, rule));
                TextUtils.drawAlignedString(grp.label, g, (float) ((x0 + x1) / 2), (float) (rule - PAD / 2),
                    TextAnchor.BOTTOM_CENTER);
            }
        }
        if (rowLabels != null) {
            g.setFont(labelFont);
            double x = left - PAD;
            for (int r = 0; r < rows; r++) {
                Rectangle2D cell = cellArea(r, 0);
                drawVertical(g, rowLabels[r], x, cell.getCenterY());
            }
        }
        if (!rowGroups.isEmpty()) {
            g.setFont(groupFont);
            double rule = left - (rowLabels == null ? 0 : labelLine) - PAD / 2;
            for (Group grp : rowGroups) {
                double y0 = cellArea(grp.from, 0).getMinY();
                double y1 = cellArea(grp.to, 0).getMaxY();
                g.draw(new Line2D.Double(rule, y0, rule, y1));
                drawVertical(g, grp.label, rule - PAD / 2, (y0 + y1) / 2);
            }
        }
    }

    /** Text rotated a quarter turn counter-clockwise, its baseline side towards x (its right edge). */
    private static void drawVertical(Graphics2D g, String text, double x, double centerY) {
        TextUtils.drawRotatedString(text, g, (float) x, (float) centerY, TextAnchor.BOTTOM_CENTER,
            -Math.PI / 2, (float) x, (float) centerY);
    }

    private Rectangle2D cellArea(int r, int c) {
        return new Rectangle2D.Double(left + columnOffset(c), top + rowOffset(r), cellWidth, cellHeight);
    }

    private double columnOffset(int c) {
        double x = c * (cellWidth + gap);
        for (int i = 0; i < c; i++) {
            x += extraGapAfterColumn[i];
        }
        return x;
    }

    private double rowOffset(int r) {
        double y = r * (cellHeight + gap);
        for (int i = 0; i < r; i++) {
            y += extraGapAfterRow[i];
        }
        return y;
    }

    private static double lineHeight(Font font) {
        return FigureStyle.textBounds("Ag", font).getHeight();
    }

    /** Options of a panel figure. */
    public static final class Builder {
        private final int rows;
        private final int cols;
        private final Figure[] cells;
        private double cellWidthInches;
        private double cellHeightInches;
        private double gapInches = 0.05;
        private final double[] extraGapAfterColumn;
        private final double[] extraGapAfterRow;
        private String[] columnLabels;
        private String[] rowLabels;
        private final List<Group> columnGroups = new ArrayList<>();
        private final List<Group> rowGroups = new ArrayList<>();
        private float labelPoints = 12f;
        private float groupPoints = 12f;

        private Builder(int rows, int cols) {
            if (rows < 1 || cols < 1) {
                throw new IllegalArgumentException("a panel needs at least 1 x 1 cells, got " + rows + " x " + cols);
            }
            this.rows = rows;
            this.cols = cols;
            this.cells = new Figure[rows * cols];
            this.extraGapAfterColumn = new double[cols];
            this.extraGapAfterRow = new double[rows];
        }

        /** Puts a figure into a cell; empty cells stay blank. */
        public Builder cell(int row, int col, Figure figure) {
            check(row, rows, "row");
            check(col, cols, "column");
            cells[row * cols + col] = figure;
            return this;
        }

        /** Size of every cell in inches; default: the natural size of the first cell's figure. */
        public Builder cellSize(double widthInches, double heightInches) {
            this.cellWidthInches = widthInches;
            this.cellHeightInches = heightInches;
            return this;
        }

        /** Space between neighbouring cells in inches (default 0.05). */
        public Builder gap(double inches) {
            this.gapInches = inches;
            return this;
        }

        /** Extra space after the given column, e.g. to set the unpruned columns apart. */
        public Builder extraGapAfterColumn(int col, double inches) {
            check(col, cols, "column");
            extraGapAfterColumn[col] = inches * POINTS_PER_INCH;
            return this;
        }

        /** Extra space after the given row. */
        public Builder extraGapAfterRow(int row, double inches) {
            check(row, rows, "row");
            extraGapAfterRow[row] = inches * POINTS_PER_INCH;
            return this;
        }

        /** One label above each column. */
        public Builder columnLabels(String... labels) {
            this.columnLabels = checkCount(labels, cols, "column labels");
            return this;
        }

        /** One label left of each row, rotated. */
        public Builder rowLabels(String... labels) {
            this.rowLabels = checkCount(labels, rows, "row labels");
            return this;
        }

        /** A label over columns from..to (inclusive), above the column labels, with a rule under it. */
        public Builder columnGroup(String label, int from, int to) {
            check(from, cols, "column");
            check(to, cols, "column");
            columnGroups.add(new Group(label, Math.min(from, to), Math.max(from, to)));
            return this;
        }

        /** A label beside rows from..to (inclusive), left of the row labels, with a rule beside it. */
        public Builder rowGroup(String label, int from, int to) {
            check(from, rows, "row");
            check(to, rows, "row");
            rowGroups.add(new Group(label, Math.min(from, to), Math.max(from, to)));
            return this;
        }

        /** Font sizes in points of the row/column labels and the group labels (default 12 and 12). */
        public Builder fontSizes(float labelPoints, float groupPoints) {
            this.labelPoints = labelPoints;
            this.groupPoints = groupPoints;
            return this;
        }

        /** Lays the panel out. */
        public PanelFigure build() {
            return new PanelFigure(this);
        }

        private static void check(int i, int n, String what) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(what + " " + i + " outside 0.." + (n - 1));
            }
        }

        private static String[] checkCount(String[] labels, int n, String what) {
            if (labels.length != n) {
                throw new IllegalArgumentException("expected " + n + " " + what + ", got " + labels.length);
            }
            return labels.clone();
        }
    }
}
