package org.lrppruning.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Builds the sweep figure: accuracy (mean ± std over seeds) against reference samples per class. */
public final class AccuracyChart {

    /** The x ticks of the reference's figure. */
    public static final double[] NPC_TICKS = {1, 2, 5, 10, 20, 50, 100, 200};
    /** Opacity of the ± std bands (the reference's fill_between alpha). */
    public static final float BAND_ALPHA = 0.2f;
    /** Accuracy is a percentage: the reference clips the upper band edge here. */
    public static final double MAX_ACCURACY = 100.0;
    /** The reference's axis labels. */
    public static final String X_LABEL = "samples used to compute criteria";
    /** The reference's axis labels. */
    public static final String Y_LABEL = "performance after pruning in %";
    /** Legend label of the unpruned baseline. */
    public static final String UNPRUNED_LABEL = "no pruning";

    /** matplotlib's named colours of the reference: red, black, green, blue. */
    private static final Color RED = new Color(0xff0000);
    private static final Color GREEN = new Color(0x008000);
    private static final Color BLUE = new Color(0x0000ff);
    /** matplotlib's "--" dash pattern (3.7, 1.6) scaled by the line width. */
    private static final Stroke DASHED = new BasicStroke(FigureStyle.LINE, BasicStroke.CAP_BUTT,
        BasicStroke.JOIN_ROUND, 10f, new float[] {3.7f * FigureStyle.LINE, 1.6f * FigureStyle.LINE}, 0f);

    private AccuracyChart() {}

    /** One line of the chart: per npc value, the mean and population std of the accuracy over seeds. */
    public record Series(String name, double[] npc, double[] mean, double[] std) {

        /** Checks equal lengths, strictly increasing positive npc and non-negative std; copies the arrays. */
        public Series {
            Objects.requireNonNull(name, "name");
            if (npc.length != mean.length || npc.length != std.length) {
                throw new IllegalArgumentException("series '" + name + "': npc, mean and std differ in length ("
                    + npc.length + ", " + mean.length + ", " + std.length + ")");
            }
            for (int i = 0; i < npc.length; i++) {
                if (!(npc[i] > 0) || (i > 0 && !(npc[i] > npc[i - 1]))) {
                    throw new IllegalArgumentException("series '" + name
                        + "': npc must be positive and strictly increasing (log axis)");
                }
                if (!(std[i] >= 0)) {
                    throw new IllegalArgumentException("series '" + name + "': std must be >= 0");
                }
            }
            npc = npc.clone();
            mean = mean.clone();
            std = std.clone();
        }

        @Override
        public double[] npc() {
            return npc.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] std() {
            return std.clone();
        }
    }

    /** The reference's title, e.g. {@code moon, on train data}. */
    public static String title(String dataset, String scenario) {
        return dataset + ", on " + scenario + " data";
    }

    /** The reference's criterion colours: lrp red, weight black, grad green, taylor blue; others tab10. */
    public static Color criterionColor(String criterion) {
        return switch (criterion) {
            case "lrp" -> RED;
            case "weight" -> Color.BLACK;
            case "grad" -> GREEN;
            case "taylor" -> BLUE;
            default -> {
                Color[] tab10 = Colormaps.all("tab10");
                yield tab10[Math.floorMod(criterion.hashCode(), tab10.length)];
            }
        };
    }

    /** Starts an empty chart. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of an accuracy chart; {@link #build()} may be called more than once. */
    public static final class Builder extends ChartOptions<Builder> {
        private Series unpruned;
        private final List<Series> criteria = new ArrayList<>();

        private Builder() {
            super(X_LABEL, Y_LABEL);
        }

        /** The pre-pruning accuracy: dashed black line, grey band, legend "no pruning". */
        public Builder unpruned(Series series) {
            this.unpruned = Objects.requireNonNull(series, "series");
            return this;
        }

        /** One criterion's post-pruning accuracy, coloured by {@link #criterionColor} of its name. */
        public Builder criterion(Series series) {
            criteria.add(Objects.requireNonNull(series, "series"));
            return this;
        }

        /** Draws the chart. */
        public ChartFigure build() {
            List<Series> all = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            List<Stroke> strokes = new ArrayList<>();
            if (unpruned != null) {
                all.add(new Series(UNPRUNED_LABEL, unpruned.npc, unpruned.mean, unpruned.std));
                colors.add(Color.BLACK);
                strokes.add(DASHED);
            }
            for (Series s : criteria) {
                all.add(s);
                colors.add(criterionColor(s.name()));
                strokes.add(new BasicStroke(FigureStyle.LINE, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
            }
            if (all.isEmpty()) {
                throw new IllegalStateException("an accuracy chart needs at least one series");
            }

            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Series s : all) {
                YIntervalSeries ys = new YIntervalSeries(s.name(), false, true);
                for (int i = 0; i < s.npc.length; i++) {
                    ys.add(s.npc[i], s.mean[i], s.mean[i] - s.std[i], Math.min(s.mean[i] + s.std[i], MAX_ACCURACY));
                    lo = Math.min(lo, s.npc[i]);
                    hi = Math.max(hi, s.npc[i]);
                }
                data.addSeries(ys);
            }

            DeviationRenderer renderer = new DeviationRenderer(true, false);
            renderer.setAlpha(BAND_ALPHA);
            renderer.setLegendLine(new Line2D.Double(-10, 0, 10, 0));
            for (int i = 0; i < all.size(); i++) {
                renderer.setSeriesPaint(i, colors.get(i));
                renderer.setSeriesFillPaint(i, colors.get(i));
                renderer.setSeriesStroke(i, strokes.get(i));
            }

            FixedTickLogAxis xAxis = new FixedTickLogAxis(xLabel, NPC_TICKS);
            FigureStyle.styleAxis(xAxis, xLabel);
            // a single npc value would make an empty log range; widen it around the point
            xAxis.setRange(lo < hi ? lo : lo / 1.5, lo < hi ? hi : hi * 1.5);
            NumberAxis yAxis = new NumberAxis(yLabel);
            FigureStyle.styleAxis(yAxis, yLabel);
            yAxis.setAutoRangeIncludesZero(false);
            yAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());

            XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
            // the reference draws vertical grid lines at the npc ticks only
            FigureStyle.accuracyPlot(plot, false);
            if (legend) {
                LegendTitle lt = FigureStyle.boxedLegend(renderer);
                plot.addAnnotation(new XYTitleAnnotation(0.98, 0.02, lt, RectangleAnchor.BOTTOM_RIGHT));
            }
            JFreeChart chart = FigureStyle.chart(title, plot, widthInches * Figure.POINTS_PER_INCH);
            // the last x tick label ("200") is centred on the plot's right edge: leave it room
            chart.setPadding(new RectangleInsets(4, 4, 4, 14));
            return new ChartFigure(chart, widthInches, heightInches);
        }
    }
}
