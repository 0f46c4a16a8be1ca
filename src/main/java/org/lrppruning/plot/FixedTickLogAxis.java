package org.lrppruning.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/** A log axis whose ticks are exactly the given values, labelled as plain integers (1 2 5 10 ...). */
final class FixedTickLogAxis extends LogAxis {

    private static final long serialVersionUID = 1L;

    private final double[] ticks;

    FixedTickLogAxis(String label, double[] ticks) {
        super(label);
        this.ticks = ticks.clone();
    }

    @Override
    public List<ValueTick> refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        TextAnchor anchor = vertical
            ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
            : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        List<ValueTick> out = new ArrayList<>();
        double lo = getLowerBound();
        double hi = getUpperBound();
        for (double v : ticks) {
            // a tiny tolerance so the end values of the range keep their tick
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) {
                out.add(new NumberTick(v, label(v), anchor, anchor, 0.0));
            }
        }
        return out;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
