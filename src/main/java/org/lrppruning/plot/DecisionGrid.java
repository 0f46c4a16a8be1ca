package org.lrppruning.plot;

/** The evaluation grid of a decision-region figure: the training data's bounding box ± 0.1, numpy.arange-sampled. */
public final class DecisionGrid {

    /** Margin added around the training data's bounding box. */
    public static final float MARGIN = 0.1f;
    /** The smaller side of the box is divided into this many steps. */
    public static final int STEPS = 200;

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
     * start + i · step (none when stop <= start).
     */
    public static double[] arange(double start, double stop, double step) {
        if (!(step > 0) || !Double.isFinite(start) || !Double.isFinite(stop)) {
            throw new IllegalArgumentException("arange needs finite bounds and a positive step, got "
                + start + ", " + stop + ", " + step);
        }
        double n = Math.ceil((stop - start) / step);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange would have " + n + " values");
        }
        int count = (int) Math.max(0, n);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = start + i * step;
        }
        return out;
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

    /** The classifier's label for every grid point, in {@link #points()} order. */
    public int[] classify(Classifier classifier) {
        int[] labels = classifier.predict(points(), count());
        checkLabels(labels);
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
