package org.lrppruning.plot;

import org.lrppruning.io.PyFloat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleInsets;

/** Builds the single-run figure: a model's decision regions with the evaluated samples on top. */
public final class DecisionRegionChart {

    /** The reference's figure size, in inches (square). */
    public static final double SIZE_INCHES = 3.5;
    /** Opacity of the region colours (the reference's contourf alpha). */
    public static final double REGION_ALPHA = 0.5;
    /** Default colormap of the reference's {@code --colormap}. */
    public static final String DEFAULT_COLORMAP = "Dark2";
    /** Marker diameter in points: matplotlib's default scatter size s = 36 pt². */
    public static final double MARKER_POINTS = 6.0;
    /** Each grid cell becomes this many image pixels per side, so SVG viewers scale it without blur. */
    static final int UPSCALE = 4;
    /** Heap bytes a built figure holds per grid cell: its region image (UPSCALE² ARGB pixels) and its copy of the labels. */
    public static final int BYTES_PER_CELL = 4 * UPSCALE * UPSCALE + 4;

    private DecisionRegionChart() {}

    /**
     * The reference's title: {@code {stage}-pruning {scenario} accuracy with {criterion} = {acc:.2f}%},
     * rounded like Python's format (half-even on the exact binary value).
     */
    public static String title(String stage, String scenario, String criterion, double accuracy) {
        return stage + "-pruning " + scenario + " accuracy with " + criterion + " = " + PyFloat.format(accuracy, 2) + "%";
    }

    /** Starts a figure of the given grid coloured by one label per grid point. */
    public static Builder builder(DecisionGrid grid, int[] gridLabels) {
        return new Builder(grid, gridLabels);
    }

    /**
     * The region image: one pixel block per grid cell, rows flipped so the top row is the largest y,
     * coloured {@code colors[label]} at the given opacity; labels outside 0..K-1 stay transparent.
     */
    static BufferedImage regionImage(DecisionGrid grid, int[] labels, Color[] colors, double alpha, int upscale) {
        grid.checkLabels(labels);
        int nx = grid.nx();
        int ny = grid.ny();
        int a = (int) Math.round(alpha * 255);
        int[] argb = new int[colors.length];
        for (int k = 0; k < colors.length; k++) {
            argb[k] = (a << 24) | (colors[k].getRGB() & 0xffffff);
        }
        BufferedImage img = new BufferedImage(nx * upscale, ny * upscale, BufferedImage.TYPE_INT_ARGB);
        // the raster's own int[] (one ARGB int per pixel, rows top down): setRGB per pixel row
        // converts through the colour model and costs more than the rest of the figure
        int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int width = nx * upscale;
        for (int j = 0; j < ny; j++) {
            int top = (ny - 1 - j) * upscale * width;
            for (int i = 0; i < nx; i++) {
                int label = labels[j * nx + i];
                int c = label >= 0 && label < argb.length ? argb[label] : 0;
                Arrays.fill(pixels, top + i * upscale, top + (i + 1) * upscale, c);
            }
            for (int u = 1; u < upscale; u++) {
                System.arraycopy(pixels, top, pixels, top + u * width, width);
            }
        }
        return img;
    }

    /** Options of a decision-region figure; {@link #build()} may be called more than once. */
    public static final class Builder {
        private final DecisionGrid grid;
        private final int[] gridLabels;
        private float[] sampleXy = new float[0];
        private int[] sampleLabels = new int[0];
        private int classes = -1;
        private String colormap = DEFAULT_COLORMAP;
        private String title;
        private boolean axes = true;
        private double markerPoints = MARKER_POINTS;
        private double sizeInches = SIZE_INCHES;

        private Builder(DecisionGrid grid, int[] gridLabels) {
            this.grid = Objects.requireNonNull(grid, "grid");
            grid.checkLabels(gridLabels);
            this.gridLabels = gridLabels.clone();
        }

        /** The evaluated samples, scattered in the darkened colour of their true label. */
        public Builder samples(float[] xy, int[] labels) {
            if (xy.length != 2 * labels.length) {
                throw new IllegalArgumentException("need " + 2 * labels.length + " coordinates for "
                    + labels.length + " labels, got " + xy.length);
            }
            this.sampleXy = xy.clone();
            this.sampleLabels = labels.clone();
            return this;
        }

        /** Number of classes K (colours); default: largest label seen + 1. */
        public Builder classes(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("classes must be >= 1, got " + k);
            }
            this.classes = k;
            return this;
        }

        /** A matplotlib qualitative colormap name (see {@link Colormaps#names()}). */
        public Builder colormap(String name) {
            Colormaps.get(name, 1); // fail here, with the list of names, rather than at build time
            this.colormap = name;
            return this;
        }

        /** The title line; none by default (see {@link DecisionRegionChart#title}). */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Whether to draw ticks and tick labels; off gives the bare framed tiles of the panel figure. */
        public Builder axes(boolean show) {
            this.axes = show;
            return this;
        }

        /** Marker diameter in points. */
        public Builder markerSize(double points) {
            if (!(points > 0)) {
                throw new IllegalArgumentException("marker size must be positive, got " + points);
            }
            this.markerPoints = points;
            return this;
        }

        /** Side of the square figure in inches (default 3.5). */
        public Builder size(double inches) {
            if (!(inches > 0)) {
                throw new IllegalArgumentException("figure size must be positive, got " + inches);
            }
            this.sizeInches = inches;
            return this;
        }

        /** Draws the figure. */
        public ChartFigure build() {
            int k = classes > 0 ? classes : Math.max(maxLabel(gridLabels), maxLabel(sampleLabels)) + 1;
            for (int label : sampleLabels) {
                if (label < 0 || label >= k) {
                    throw new IllegalArgumentException("sample label " + label + " outside 0.." + (k - 1));
                }
            }
            Color[] regionColors = Colormaps.get(colormap, k);
            Color[] scatterColors = Colormaps.scatter(colormap, k);

            NumberAxis xAxis = new NumberAxis();
            NumberAxis yAxis = new NumberAxis();
            for (NumberAxis axis : new NumberAxis[] {xAxis, yAxis}) {
                axis.setAutoRangeIncludesZero(false);
                FigureStyle.styleAxis(axis, null);
                if (!axes) {
                    FigureStyle.hideAxis(axis);
                }
            }
            // the reference's limits: from the grid start to one step before numpy's exclusive stop
            xAxis.setRange(grid.xMin(), grid.xMax() - grid.spacing());
            yAxis.setRange(grid.yMin(), grid.yMax() - grid.spacing());

            // no dataset: the regions and the samples are annotations, drawn in the order added
            XYPlot plot = new XYPlot(null, xAxis, yAxis, null);
            double half = grid.spacing() / 2;
            double[] xs = grid.xs();
            double[] ys = grid.ys();
            if (xs.length > 0 && ys.length > 0) {
                BufferedImage img = regionImage(grid, gridLabels, regionColors, REGION_ALPHA, UPSCALE);
                plot.addAnnotation(new RegionImageAnnotation(img, xs[0] - half, xs[xs.length - 1] + half,
                    ys[0] - half, ys[ys.length - 1] + half));
            }
            plot.addAnnotation(new ScatterAnnotation(sampleXy, sampleLabels, scatterColors, markerPoints));
            FigureStyle.framePlot(plot);
            plot.setDomainGridlinesVisible(false);
            plot.setRangeGridlinesVisible(false);
            plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
            JFreeChart chart = FigureStyle.chart(title, plot, sizeInches * Figure.POINTS_PER_INCH);
            return new ChartFigure(chart, sizeInches, sizeInches);
        }

        private static int maxLabel(int[] labels) {
            int max = 0;
            for (int label : labels) {
                max = Math.max(max, label);
            }
            return max;
        }
    }
}
