package org.lrppruning.plot;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/** An image stretched over a rectangle in data coordinates (one embedded image keeps SVGs of 200 × 200 grids small). */
final class RegionImageAnnotation extends AbstractXYAnnotation {

    private static final long serialVersionUID = 1L;

    private final transient BufferedImage image;
    private final double x0;
    private final double x1;
    private final double y0;
    private final double y1;

    /** The image's top-left pixel goes to (x0, y1), its bottom-right to (x1, y0). */
    RegionImageAnnotation(BufferedImage image, double x0, double x1, double y0, double y1) {
        this.image = image;
        this.x0 = x0;
        this.x1 = x1;
        this.y0 = y0;
        this.y1 = y1;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis,
            ValueAxis rangeAxis, int rendererIndex, PlotRenderingInfo info) {
        double left = domainAxis.valueToJava2D(x0, dataArea, plot.getDomainAxisEdge());
        double right = domainAxis.valueToJava2D(x1, dataArea, plot.getDomainAxisEdge());
        double top = rangeAxis.valueToJava2D(y1, dataArea, plot.getRangeAxisEdge());
        double bottom = rangeAxis.valueToJava2D(y0, dataArea, plot.getRangeAxisEdge());
        Shape savedClip = g2.getClip();
        Object savedInterpolation = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.clip(dataArea);
        // cells are classes, not samples of a smooth field: never blend neighbouring colours
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        AffineTransform at = new AffineTransform(
            (right - left) / image.getWidth(), 0, 0, (bottom - top) / image.getHeight(), left, top);
        g2.drawImage(image, at, null);
        if (savedInterpolation != null) {
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, savedInterpolation);
        }
        g2.setClip(savedClip);
    }
}
