package org.lrppruning.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** Matplotlib's default look (fonts, line widths, ticks) as JFreeChart settings, shared by the builders. */
final class FigureStyle {

    /** matplotlib: axes.titlesize "large". */
    static final float TITLE_PT = 12f;
    /** matplotlib: font.size, axes.labelsize, x/ytick.labelsize, legend.fontsize. */
    static final float LABEL_PT = 10f;
    /** matplotlib: axes.linewidth, tick width. */
    static final float THIN = 0.8f;
    /** matplotlib: lines.linewidth. */
    static final float LINE = 1.5f;
    /** matplotlib: x/ytick.major.size. */
    static final float TICK_LENGTH = 3.5f;
    /** matplotlib: grid.color. */
    static final Color GRID = new Color(0xb0b0b0);

    /** DejaVu Sans is matplotlib's default font; the logical SansSerif stands in where it is missing. */
    static final String FAMILY = pickFamily();

    static {
        // JFreeChart's default draws rotated text (y axis labels) as glyph outlines, which leaves
        // them unsearchable in SVG; the plain rotate-and-drawString path is correct on current JDKs
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private FigureStyle() {}

    private static String pickFamily() {
        String[] families = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
        return Arrays.asList(families).contains("DejaVu Sans") ? "DejaVu Sans" : Font.SANS_SERIF;
    }

    static Font font(float points) {
        return new Font(FAMILY, Font.PLAIN, 1).deriveFont(points);
    }

    /** The largest size ≤ maxPt (but at least minPt) at which text fits into width points. */
    static Font fittedFont(String text, float maxPt, float minPt, double width) {
        for (float pt = maxPt; pt > minPt; pt -= 0.5f) {
            if (textBounds(text, font(pt)).getWidth() <= width) {
                return font(pt);
            }
        }
        return font(minPt);
    }

    /** A white chart without default legend, with the title (if any) fitted to the chart width. */
    static JFreeChart chart(String title, Plot plot, double widthPoints) {
        JFreeChart chart = new JFreeChart(null, font(TITLE_PT), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (title != null && !title.isEmpty()) {
            // the reference's single-run titles are wider than its 3.5 inch figures; shrink rather than clip
            TextTitle t = new TextTitle(title, fittedFont(title, TITLE_PT, 7f, widthPoints - 16));
            t.setPaint(Color.BLACK);
            t.setMargin(new RectangleInsets(2, 0, 6, 0));
            chart.setTitle(t);
        }
        return chart;
    }

    /** Black frame, white background, axes flush against it. */
    static void framePlot(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setOutlineStroke(new BasicStroke(THIN));
        plot.setInsets(new RectangleInsets(0, 0, 0, 0));
    }

    /** matplotlib tick look: short outward ticks, 10 pt labels, no axis line (the frame is drawn). */
    static void styleAxis(Axis axis, String label) {
        axis.setLabel(label);
        axis.setLabelFont(font(LABEL_PT));
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelFont(font(LABEL_PT));
        axis.setTickLabelPaint(Color.BLACK);
        axis.setAxisLineVisible(false);
        axis.setTickMarkPaint(Color.BLACK);
        axis.setTickMarkStroke(new BasicStroke(THIN));
        axis.setTickMarkInsideLength(0f);
        axis.setTickMarkOutsideLength(TICK_LENGTH);
        axis.setTickLabelInsets(new RectangleInsets(2, 2, 2, 2));
        axis.setLabelInsets(new RectangleInsets(2, 2, 2, 2));
        if (axis instanceof ValueAxis v) {
            v.setMinorTickMarksVisible(false);
        }
    }

    /** Height and width in points of a text line in the given font. */
    static Rectangle2D textBounds(String text, Font font) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            FontMetrics fm = g.getFontMetrics(font);
            Rectangle2D r = fm.getStringBounds(text, g);
            return new Rectangle2D.Double(0, 0, r.getWidth(), fm.getLineMetrics(text, g).getHeight());
        } finally {
            g.dispose();
        }
    }

    /**
     * Room below the plot for 10 pt tick labels and one label line, reserved whether or not the label
     * is shown: charts composed side by side in a panel then have equal plot areas.
     */
    static AxisSpace bottomAxisSpace() {
        double line = textBounds("0", font(LABEL_PT)).getHeight();
        AxisSpace space = new AxisSpace();
        space.setBottom(TICK_LENGTH + 4 + line + 4 + line + 2);
        return space;
    }

    /** Room left of the plot for tick labels as wide as widestTick plus one rotated label line. */
    static AxisSpace leftAxisSpace(String widestTick) {
        Rectangle2D tick = textBounds(widestTick, font(LABEL_PT));
        AxisSpace space = new AxisSpace();
        space.setLeft(TICK_LENGTH + 4 + tick.getWidth() + 4 + tick.getHeight() + 2);
        return space;
    }

    /**
     * An accuracy plot's frame: flush axes, series drawn in order, axis room for percent ticks, vertical grid lines
     * at the x ticks and, when {@code rangeGrid}, horizontal ones at the y ticks.
     */
    static void accuracyPlot(XYPlot plot, boolean rangeGrid) {
        framePlot(plot);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        plot.setFixedDomainAxisSpace(bottomAxisSpace());
        plot.setFixedRangeAxisSpace(leftAxisSpace("100"));
        plot.setDomainGridlinesVisible(true);
        plot.setDomainGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(THIN));
        plot.setRangeGridlinesVisible(rangeGrid);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeGridlineStroke(new BasicStroke(THIN));
    }

    /** matplotlib's in-plot legend: one item per line, a translucent white box with a light grey frame. */
    static LegendTitle boxedLegend(LegendItemSource source) {
        LegendTitle lt = new LegendTitle(source);
        lt.setItemFont(font(LABEL_PT - 1));
        lt.setBackgroundPaint(new Color(255, 255, 255, 204));
        lt.setFrame(new BlockBorder(new RectangleInsets(0.8, 0.8, 0.8, 0.8), new Color(0xcccccc)));
        lt.setPadding(new RectangleInsets(2, 4, 2, 4));
        lt.setItemLabelPadding(new RectangleInsets(1, 4, 1, 2));
        lt.setPosition(RectangleEdge.RIGHT); // one item per line
        return lt;
    }

    /** Hides ticks, tick labels and label, keeping the frame: for compact panel cells. */
    static void hideAxis(Axis axis) {
        axis.setLabel(null);
        axis.setTickLabelsVisible(false);
        axis.setTickMarksVisible(false);
        axis.setAxisLineVisible(false);
    }
}
