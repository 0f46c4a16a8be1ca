package org.lrppruning.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;

/** Builds box plots of post-pruning accuracy per npc value, one box per criterion (the reference's boxplots.py). */
public final class BoxPlotChart {

    /** The npc values of the reference's box plots. */
    public static final int[] DEFAULT_NPC = {1, 5, 20, 100};
    /** The reference's y limits. */
    public static final double Y_MIN = 33;
    /** The reference's y limits. */
    public static final double Y_MAX = 100;
    /** seaborn desaturates palette colours to this saturation factor before drawing boxes. */
    static final double SEABORN_SATURATION = 0.75;
    /** seaborn's line colour for these palettes: grey at 0.6 × the darkest fill's lightness. */
    private static final Color LINES = new Color(0x4c4c4c);

    private BoxPlotChart() {}

    /** The reference's box colours: grad yellowgreen, taylor cornflowerblue, lrp indianred; others tab10. */
    public static Color criterionColor(String criterion) {
        return switch (criterion) {
            case "grad" -> new Color(0x9acd32);
            case "taylor" -> new Color(0x6495ed);
            case "lrp" -> new Color(0xcd5c5c);
            case "weight" -> new Color(0x808080);
            default -> AccuracyChart.criterionColor(criterion);
        };
    }

    /** Starts a chart of the given values: criterion → npc → accuracies (criteria drawn in map order). */
    public static Builder builder(Map<String, Map<Integer, double[]>> values) {
        return new Builder(values);
    }

    /** seaborn's {@code desaturate}: scale the HLS saturation by the given factor. */
    static Color desaturate(Color c, double factor) {
        double r = c.getRed() / 255.0;
        double g = c.getGreen() / 255.0;
        double b = c.getBlue() / 255.0;
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double l = (max + min) / 2;
        if (max == min) {
            return c;
        }
        double s = l <= 0.5 ? (max - min) / (max + min) : (max - min) / (2 - max - min);
        double h = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null)[0];
        s *= factor;
        double m2 = l <= 0.5 ? l * (1 + s) : l + s - l * s;
        double m1 = 2 * l - m2;
        return new Color((float) hue(m1, m2, h + 1.0 / 3), (float) hue(m1, m2, h), (float) hue(m1, m2, h - 1.0 / 3));
    }

    private static double hue(double m1, double m2, double h) {
        h = h - Math.floor(h);
        if (h < 1.0 / 6) {
            return m1 + (m2 - m1) * h * 6;
        }
        if (h < 0.5) {
            return m2;
        }
        if (h < 2.0 / 3) {
            return m1 + (m2 - m1) * (2.0 / 3 - h) * 6;
        }
        return m1;
    }

    /** Options of a box plot; {@link #build()} may be called more than once. */
    public static final class Builder extends ChartOptions<Builder> {
        private final Map<String, Map<Integer, double[]>> values;
        private int[] npc = DEFAULT_NPC.clone();
        private double yMin = Y_MIN;
        private double yMax = Y_MAX;

        private Builder(Map<String, Map<Integer, double[]>> values) {
            super(AccuracyChart.X_LABEL, "train accuracy in %");
            this.values = new LinkedHashMap<>(Objects.requireNonNull(values, "values"));
        }

        /** The npc values to show, in order (default 1, 5, 20, 100); missing data leaves a gap. */
        public Builder npc(int... npc) {
            this.npc = npc.clone();
            return this;
        }

        /** y limits (default 33..100, the reference's); NaN for automatic. */
        public Builder yRange(double min, double max) {
            this.yMin = min;
            this.yMax = max;
            return this;
        }

        /** Draws the chart. */
        public ChartFigure build() {
            if (values.isEmpty()) {
                throw new IllegalStateException("a box plot needs at least one criterion");
            }
            DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
            for (var entry : values.entrySet()) {
                for (int n : npc) {
                    double[] v = entry.getValue().get(n);
                    String column = Integer.toString(n);
                    if (v == null || v.length == 0) {
                        // keeps the category slot so boxes of other criteria stay aligned
                        data.add(new BoxAndWhiskerItem(null, null, null, null, null, null, null, null, null),
                            entry.getKey(), column);
                        continue;
                    }
                    BoxStats s = BoxStats.of(v);
                    // no fliers: the reference sets fliersize=0
                    data.add(new BoxAndWhiskerItem(s.mean(), s.median(), s.q1(), s.q3(), s.whiskerLow(),
                        s.whiskerHigh(), s.whiskerLow(), s.whiskerHigh(), List.of()), entry.getKey(), column);
                }
            }

            BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
            renderer.setMeanVisible(false);
            renderer.setMedianVisible(true);
            renderer.setFillBox(true);
            renderer.setUseOutlinePaintForWhiskers(true);
            renderer.setArtifactPaint(LINES);
            renderer.setDefaultOutlinePaint(LINES);
            renderer.setDefaultOutlineStroke(new BasicStroke(1.0f));
            renderer.setDefaultStroke(new BasicStroke(1.0f));
            renderer.setAutoPopulateSeriesOutlinePaint(false);
            renderer.setAutoPopulateSeriesStroke(false);
            renderer.setItemMargin(0.08);
            renderer.setMaximumBarWidth(1.0);
            renderer.setWhiskerWidth(0.5);
            int i = 0;
            for (String criterion : values.keySet()) {
                renderer.setSeriesPaint(i, desaturate(criterionColor(criterion), SEABORN_SATURATION));
                renderer.setSeriesOutlinePaint(i, LINES);
                i++;
            }

            CategoryAxis xAxis = new CategoryAxis(xLabel);
            FigureStyle.styleAxis(xAxis, xLabel);
            xAxis.setCategoryMargin(0.2);
            xAxis.setLowerMargin(0.05);
            xAxis.setUpperMargin(0.05);
            NumberAxis yAxis = new NumberAxis(yLabel);
            FigureStyle.styleAxis(yAxis, yLabel);
            yAxis.setAutoRangeIncludesZero(false);
            yAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            if (!Double.isNaN(yMin) && !Double.isNaN(yMax)) {
                yAxis.setRange(yMin, yMax);
            }

            CategoryPlot plot = new CategoryPlot(data, xAxis, yAxis, renderer);
            FigureStyle.framePlot(plot);
            plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
            plot.setDomainGridlinesVisible(false);
            plot.setRangeGridlinesVisible(false);
            plot.setFixedDomainAxisSpace(FigureStyle.bottomAxisSpace());
            plot.setFixedRangeAxisSpace(FigureStyle.leftAxisSpace("100"));
            JFreeChart chart = FigureStyle.chart(title, plot, widthInches * Figure.POINTS_PER_INCH);
            if (legend) {
                LegendTitle lt = new LegendTitle(plot);
                lt.setItemFont(FigureStyle.font(FigureStyle.LABEL_PT - 1));
                lt.setPosition(RectangleEdge.BOTTOM);
                lt.setFrame(BlockBorder.NONE);
                lt.setMargin(new RectangleInsets(4, 0, 0, 0));
                chart.addLegend(lt);
            }
            return new ChartFigure(chart, widthInches, heightInches);
        }
    }
}
