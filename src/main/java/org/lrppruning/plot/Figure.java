package org.lrppruning.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/** Something drawable with a natural size in inches: a single chart or a panel of charts. */
public interface Figure {

    /** Points per inch: figures are laid out in points, like matplotlib. */
    double POINTS_PER_INCH = 72.0;

    /** Natural width in inches. */
    double widthInches();

    /** Natural height in inches. */
    double heightInches();

    /** Natural width in points (1/72 inch), the unit of {@link #draw}. */
    default double widthPoints() {
        return widthInches() * POINTS_PER_INCH;
    }

    /** Natural height in points (1/72 inch), the unit of {@link #draw}. */
    default double heightPoints() {
        return heightInches() * POINTS_PER_INCH;
    }

    /** Draws the figure into the given area, whose units are points at natural size. */
    void draw(Graphics2D g2, Rectangle2D area);
}
