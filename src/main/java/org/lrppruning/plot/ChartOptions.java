package org.lrppruning.plot;

/**
 * The options every chart builder shares: title, axis labels, legend and size in inches (default
 * 3.5 × 3.5, the reference's). {@code B} is the concrete builder, returned by every setter.
 */
public abstract class ChartOptions<B extends ChartOptions<B>> {
    protected String title;
    protected String xLabel;
    protected String yLabel;
    protected boolean legend = true;
    protected double widthInches = 3.5;
    protected double heightInches = 3.5;

    protected ChartOptions(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Title line; none by default. */
    public B title(String title) {
        this.title = title;
        return self();
    }

    /** x axis label; null for none. */
    public B xLabel(String label) {
        this.xLabel = label;
        return self();
    }

    /** y axis label; null for none. */
    public B yLabel(String label) {
        this.yLabel = label;
        return self();
    }

    /** Whether to draw the legend. */
    public B legend(boolean show) {
        this.legend = show;
        return self();
    }

    /** Figure size in inches. */
    public B size(double widthInches, double heightInches) {
        this.widthInches = widthInches;
        this.heightInches = heightInches;
        return self();
    }
}
