package org.lrppruning.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Accuracy (in %) against the pruning rate, the parameters or the MACs of the pruned models (Yeom et al. 2021,
 * Fig. 6): per criterion a line through the means with a band from the lowest to the highest run, and a ringed
 * dot on the criterion that is best at each rate.
 */
public final class CurveChart {
    /** Diameter of the best-criterion ring, in points. */
    private static final double RING = 9;
    /** Legend label of the ring. */
    public static final String BEST_LABEL = "best at this rate";

    private CurveChart() {}

    /**
     * One criterion's curve: means and band edges per x (any order; drawn sorted by x), {@code best[i]} marks
     * the points where it is the best criterion.
     */
    public record Series(String name, double[] x, double[] mean, double[] low, double[] high, boolean[] best) {
        /** Checks equal lengths and low ≤ mean ≤ high; copies the arrays. */
        public Series {
            Objects.requireNonNull(name, "name");
            int n = x.length;
            if (mean.length != n || low.length != n || high.length != n || best.length != n) {
                throw new IllegalArgumentException("series '" + name + "': x, mean, low, high and best differ in length");
            }
            for (int i = 0; i < n; i++) {
                if (!(low[i] <= mean[i] + 1e-9 && mean[i] <= high[i] + 1e-9)) {
                    throw new IllegalArgumentException("series '" + name + "': band [" + low[i] + ", " + high[i]
                            + "] does not hold the mean " + mean[i]);
                }
            }
            x = x.clone();
            mean = mean.clone();
            low = low.clone();
            high = high.clone();
            best = best.clone();
        }
    }

    /** Starts an empty chart with the given axis labels. */
    public static Builder builder(String xLabel, String yLabel) {
        return new Builder(xLabel, yLabel);
    }

    /** Options of a curve chart. */
    public static final class Builder extends ChartOptions<Builder> {
        private final List<Series> series = new ArrayList<>();
        private final List<Boolean> dashed = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private boolean legendRight;
        private Double xMin;
        private Double xMax;
        private boolean percentX;

        private Builder(String xLabel, String yLabel) {
            super(xLabel, yLabel);
        }

        /** One criterion, solid, coloured by {@link AccuracyChart#criterionColor}. */
        public Builder series(Series s) {
            return series(s, s.name(), false);
        }

        /** One criterion under a legend label, dashed when {@code dash} (e.g. a second mode in the same panel). */
        public Builder series(Series s, String label, boolean dash) {
            series.add(Objects.requireNonNull(s, "series"));
            labels.add(Objects.requireNonNull(label, "label"));
            dashed.add(dash);
            return this;
        }

        /** The legend in the lower right corner instead of the lower left. */
        public Builder legendRight(boolean on) {
            legendRight = on;
            return this;
        }

        /** A fixed x range instead of the data's. */
        public Builder xRange(double min, double max) {
            xMin = min;
            xMax = max;
            return this;
        }

        /** x values are fractions shown as percent ticks (0.5 → 50). */
        public Builder percentX(boolean on) {
            percentX = on;
            return this;
        }

        /** Draws the chart. */
        public ChartFigure build() {
            if (series.isEmpty()) {
                throw new IllegalStateException("a curve chart needs at least one series");
            }
            YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
            XYSeriesCollection rings = new XYSeriesCollection();
            XYSeries ring = new XYSeries(BEST_LABEL, true, true);
            double scale = percentX ? 100 : 1;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                YIntervalSeries ys = new YIntervalSeries(labels.get(k), true, true);
                for (int i = 0; i < s.x.length; i++) {
                    double x = s.x[i] * scale;
                    ys.add(x, 100 * s.mean[i], 100 * s.low[i], 100 * s.high[i]);
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                    if (s.best[i]) {
                        ring.add(x, 100 * s.mean[i]);
                    }
                }
                bands.addSeries(ys);
            }
            rings.addSeries(ring);

            DeviationRenderer renderer = new DeviationRenderer(true, false);
            renderer.setAlpha(AccuracyChart.BAND_ALPHA);
            renderer.setLegendLine(new Line2D.Double(-10, 0, 10, 0));
            for (int k = 0; k < series.size(); k++) {
                Color c = AccuracyChart.criterionColor(series.get(k).name());
                renderer.setSeriesPaint(k, c);
                renderer.setSeriesFillPaint(k, c);
                renderer.setSeriesStroke(k, dashed.get(k)
                        ? new BasicStroke(FigureStyle.LINE, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                                new float[] {3.7f * FigureStyle.LINE, 1.6f * FigureStyle.LINE}, 0f)
                        : new BasicStroke(FigureStyle.LINE, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
            }
            XYLineAndShapeRenderer ringRenderer = new XYLineAndShapeRenderer(false, true);
            Shape circle = new Ellipse2D.Double(-RING / 2, -RING / 2, RING, RING);
            ringRenderer.setSeriesShape(0, circle);
            ringRenderer.setUseOutlinePaint(true);
            ringRenderer.setSeriesShapesFilled(0, false);
            ringRenderer.setSeriesPaint(0, Color.BLACK);
            ringRenderer.setSeriesStroke(0, new BasicStroke(1.2f));

            NumberAxis xAxis = new NumberAxis(xLabel);
            FigureStyle.styleAxis(xAxis, xLabel);
            xAxis.setAutoRangeIncludesZero(false);
            if (xMin != null) {
                xAxis.setRange(xMin * scale, xMax * scale);
            } else if (lo < hi) {
                double pad = (hi - lo) * 0.03;
                xAxis.setRange(lo - pad, hi + pad);
            }
            NumberAxis yAxis = new NumberAxis(yLabel);
            FigureStyle.styleAxis(yAxis, yLabel);
            yAxis.setAutoRangeIncludesZero(false);

            XYPlot plot = new XYPlot(bands, xAxis, yAxis, renderer);
            plot.setDataset(1, rings);
            plot.setRenderer(1, ringRenderer);
            FigureStyle.accuracyPlot(plot, true);
            if (legend) {
                LegendItemCollection items = new LegendItemCollection();
                for (int k = 0; k < series.size(); k++) {
                    items.add(renderer.getLegendItem(0, k));
                }
                LegendItem r = ring.getItemCount() == 0 ? null : ringRenderer.getLegendItem(1, 0);
                if (r != null) {
                    items.add(r);
                }
                LegendTitle lt = FigureStyle.boxedLegend(() -> items);
                plot.addAnnotation(legendRight ? new XYTitleAnnotation(0.98, 0.02, lt, RectangleAnchor.BOTTOM_RIGHT)
                        : new XYTitleAnnotation(0.02, 0.02, lt, RectangleAnchor.BOTTOM_LEFT));
            }
            JFreeChart chart = FigureStyle.chart(title, plot, widthInches * Figure.POINTS_PER_INCH);
            chart.setPadding(new RectangleInsets(4, 4, 4, 14));
            return new ChartFigure(chart, widthInches, heightInches);
        }
    }
}
