package org.lrppruning.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * Round scatter markers, drawn as one path per colour.
 *
 * <p>Each marker is a zero-length segment with a round cap, which both Java2D and SVG draw as a
 * filled disc; in SVG that is about 25 bytes per point instead of a few hundred, so a figure of the
 * 1000-point training set stays small.
 *
 * <p>Classes are drawn one after another (class 0 first), not in sample order as matplotlib does;
 * this only changes which colour is on top where markers of different classes overlap.
 */
final class ScatterAnnotation extends AbstractXYAnnotation {

    private static final long serialVersionUID = 1L;

    private final float[] xy;
    private final int[] labels;
    private final transient Color[] colors;
    private final double diameter;

    /** Points as interleaved x,y with one label per point; colours[label] is used. */
    ScatterAnnotation(float[] xy, int[] labels, Color[] colors, double diameter) {
        this.xy = xy;
        this.labels = labels;
        this.colors = colors;
        this.diameter = diameter;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis,
            ValueAxis rangeAxis, int rendererIndex, PlotRenderingInfo info) {
        Shape savedClip = g2.getClip();
        Stroke savedStroke = g2.getStroke();
        g2.clip(dataArea);
        g2.setStroke(new BasicStroke((float) diameter, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int k = 0; k < colors.length; k++) {
            Path2D.Double path = new Path2D.Double();
            boolean any = false;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != k) {
                    continue;
                }
                double x = domainAxis.valueToJava2D(xy[2 * i], dataArea, plot.getDomainAxisEdge());
                double y = rangeAxis.valueToJava2D(xy[2 * i + 1], dataArea, plot.getRangeAxisEdge());
                path.moveTo(x, y);
                path.lineTo(x, y);
                any = true;
            }
            if (any) {
                g2.setPaint(colors[k]);
                g2.draw(path);
            }
        }
        g2.setStroke(savedStroke);
        g2.setClip(savedClip);
    }
}
