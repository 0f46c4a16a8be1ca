package org.lrppruning.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Objects;
import org.jfree.chart.JFreeChart;

/** A JFreeChart with the size it is meant to be printed at; the chart stays open for further styling. */
public record ChartFigure(JFreeChart chart, double widthInches, double heightInches) implements Figure {

    /** Checks the chart is present and the size positive. */
    public ChartFigure {
        Objects.requireNonNull(chart, "chart");
        if (!(widthInches > 0) || !(heightInches > 0)) {
            throw new IllegalArgumentException("figure size must be positive, got "
                + widthInches + " x " + heightInches + " in");
        }
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        chart.draw(g2, area);
    }
}
