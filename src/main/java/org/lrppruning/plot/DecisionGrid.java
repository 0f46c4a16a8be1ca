package org.lrppruning.plot;

import org.lrppruning.io.Limits;

/** The evaluation grid of a decision-region figure: the training data's bounding box ± 0.1, numpy.arange-sampled. */
public final class DecisionGrid {

    /** Margin added around the training data's bounding box. */
    public static final float MARGIN = 0.1f;
    /** The smaller side of the box is divided into this many steps. */
    public static final int STEPS = 200;
    /**
     * The classifier is asked for square tiles of TILE × TILE grid points: the network's activations
     * stay a few MB whatever the grid's size (rows computed alone equal the same rows of one big
     * batch, see MatOps), and points close together share most of their zero ReLU outputs, which
     * {@link org.lrppruning.model.Network#predictRegion} skips.
     */
    public static final int TILE = 32;

    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final double spacing;
    private final double[] xs;
    private final double[] ys;

    private DecisionGrid(double xMin, double xMax, double yMin, double yMax, double spacing) {
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
        this.spacing = spacing;
        // counted before anything is allocated: a fine grid fails here, in one line, not in an overflow
        long cells = arangeCount(xMin, xMax, spacing) * arangeCount(yMin, yMax, spacing);
        Limits.checkArray("decision grid of " + arangeCount(xMin, xMax, spacing) + " x "
                + arangeCount(yMin, yMax, spacing) + " cells (its region image)",
                cells * DecisionRegionChart.UPSCALE * DecisionRegionChart.UPSCALE);
        this.xs = arange(xMin, xMax, spacing);
        this.ys = arange(yMin, yMax, spacing);
    }

    /**
     * The grid spanning the given training points, at spacing min(x range, y range) / 200.
     *
     * <p>Bounds and spacing are computed in float32, as the reference does on its float32 tensors;
     * the grid coordinates themselves follow numpy.arange in double precision.
     *
     * @param xy interleaved training points {x0, y0, x1, y1, ...}, at least one point
     */
    public static DecisionGrid fromTrainingData(float[] xy) {
        return fromTrainingData(xy, STEPS);
    }

    /**
     * Like {@link #fromTrainingData(float[])} with the smaller side divided into {@code steps}
     * steps instead of 200: a coarser grid for quick previews.
     */
    public static DecisionGrid fromTrainingData(float[] xy, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        if (xy.length < 2 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("need interleaved x,y pairs, got " + xy.length + " values");
        }
        float minX = Float.POSITIVE_INFINITY;
        float maxX = Float.NEGATIVE_INFINITY;
        float minY = Float.POSITIVE_INFINITY;
        float maxY = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < xy.length; i += 2) {
            minX = Math.min(minX, xy[i]);
            maxX = Math.max(maxX, xy[i]);
            minY = Math.min(minY, xy[i + 1]);
            maxY = Math.max(maxY, xy[i + 1]);
        }
        float x0 = minX - MARGIN;
        float x1 = maxX + MARGIN;
        float y0 = minY - MARGIN;
        float y1 = maxY + MARGIN;
        float spacing = Math.min(x1 - x0, y1 - y0) / steps;
        return new DecisionGrid(x0, x1, y0, y1, spacing);
    }

    /**
     * {@code numpy.arange(start, stop, step)} for a positive step: ceil((stop - start) / step) values
     * start + i · step (none when {@code stop <= start}).
     */
    public static double[] arange(double start, double stop, double step) {
        int count = (int) arangeCount(start, stop, step);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = start + i * step;
        }
        return out;
    }

    /** The length of {@link #arange}, at most {@link Limits#MAX_ARRAY}. */
    static long arangeCount(double start, double stop, double step) {
        if (!(step > 0) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange needs finite bounds and a positive step, got "
                + start + ", " + stop + ", " + step);
        }
        double n = Math.ceil((stop - start) / step);
        if (n > Limits.MAX_ARRAY) {
            throw new IllegalArgumentException("arange would have " + n + " values");
        }
        return (long) Math.max(0, n);
    }

    /** Left edge of the grid: smallest training x − 0.1. */
    public double xMin() {
        return xMin;
    }

    /** Largest training x + 0.1 (numpy's exclusive stop). */
    public double xMax() {
        return xMax;
    }

    /** Bottom edge of the grid: smallest training y − 0.1. */
    public double yMin() {
        return yMin;
    }

    /** Largest training y + 0.1 (numpy's exclusive stop). */
    public double yMax() {
        return yMax;
    }

    /** Distance between neighbouring grid points (same along x and y). */
    public double spacing() {
        return spacing;
    }

    /** Number of grid columns (x values). */
    public int nx() {
        return xs.length;
    }

    /** Number of grid rows (y values). */
    public int ny() {
        return ys.length;
    }

    /** Number of grid points, nx · ny. */
    public int count() {
        return xs.length * ys.length;
    }

    /** The x values of the columns (a copy). */
    public double[] xs() {
        return xs.clone();
    }

    /** The y values of the rows (a copy). */
    public double[] ys() {
        return ys.clone();
    }

    /**
     * All grid points as float32 pairs, row by row with x varying fastest, like
     * {@code np.meshgrid(xs, ys)} raveled: point i = (xs[i % nx], ys[i / nx]).
     */
    public float[] points() {
        float[] out = new float[2 * count()];
        int k = 0;
        for (double y : ys) {
            for (double x : xs) {
                out[k++] = (float) x;
                out[k++] = (float) y;
            }
        }
        return out;
    }

    /**
     * The classifier's label for every grid point, in {@link #points()} order, asked for one
     * {@link #TILE} × {@link #TILE} tile of points at a time (fewer at the right and top edges).
     */
    public int[] classify(Classifier classifier) {
        int nx = nx();
        int ny = ny();
        int[] labels = new int[count()];
        for (int y0 = 0; y0 < ny; y0 += TILE) {
            int h = Math.min(TILE, ny - y0);
            for (int x0 = 0; x0 < nx; x0 += TILE) {
                int w = Math.min(TILE, nx - x0);
                float[] xy = new float[2 * w * h];
                for (int j = 0; j < h; j++) {
                    for (int i = 0; i < w; i++) {
                        xy[2 * (j * w + i)] = (float) xs[x0 + i];
                        xy[2 * (j * w + i) + 1] = (float) ys[y0 + j];
                    }
                }
                int[] part = classifier.predict(xy, w * h);
                if (part == null || part.length != w * h) {
                    throw new IllegalArgumentException("expected " + w * h + " grid labels for the tile at column "
                        + x0 + ", row " + y0 + " of the " + nx + " x " + ny + " grid, got "
                        + (part == null ? "null" : part.length));
                }
                for (int j = 0; j < h; j++) {
                    System.arraycopy(part, j * w, labels, (y0 + j) * nx + x0, w);
                }
            }
        }
        return labels;
    }

    /** Rejects a label array that does not have one entry per grid point. */
    public void checkLabels(int[] labels) {
        if (labels == null || labels.length != count()) {
            throw new IllegalArgumentException("expected " + count() + " grid labels ("
                + nx() + " x " + ny() + "), got " + (labels == null ? "null" : labels.length));
        }
    }
}
