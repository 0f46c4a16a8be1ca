package org.lrppruning.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * One image of {@code width × height} values (row-major) drawn as square pixels: a grey-scale picture
 * (lowest value black, highest white) or a relevance heatmap (Zennit's {@code bwr}: blue negative, white 0,
 * red positive, symmetric about 0 at the largest |R| of the image).
 */
public record ImageCell(double[] values, int width, int height, Kind kind, double sizeInches) implements Figure {
    /** How values become colours. */
    public enum Kind {
        /** Linear grey scale from the image's minimum to its maximum. */
        GREY,
        /** bwr about 0, scaled by the largest |value|. */
        RELEVANCE
    }

    /** Checks the shape; copies the values. */
    public ImageCell {
        if (width < 1 || height < 1 || values.length != width * height) {
            throw new IllegalArgumentException("an image of " + width + " x " + height + " needs " + width * height
                    + " values, got " + values.length);
        }
        if (!(sizeInches > 0)) {
            throw new IllegalArgumentException("size must be positive, got " + sizeInches);
        }
        values = values.clone();
    }

    @Override
    public double widthInches() {
        return sizeInches * Math.max(1, (double) width / height);
    }

    @Override
    public double heightInches() {
        return sizeInches * Math.max(1, (double) height / width);
    }

    /** The image's colours as ARGB pixels, row-major. */
    public int[] pixels() {
        int[] px = new int[values.length];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double amax = 0;
        for (double v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            amax = Math.max(amax, Math.abs(v));
        }
        for (int i = 0; i < values.length; i++) {
            px[i] = kind == Kind.GREY ? grey(hi > lo ? (values[i] - lo) / (hi - lo) : 0)
                    : bwr(amax > 0 ? values[i] / amax : 0);
        }
        return px;
    }

    /** t in [0, 1] to grey. */
    static int grey(double t) {
        int g = channel(t);
        return 0xff000000 | g << 16 | g << 8 | g;
    }

    /** matplotlib's bwr at (t + 1) / 2 for t in [−1, 1]: (0,0,1) → (1,1,1) → (1,0,0), piecewise linear. */
    static int bwr(double t) {
        double u = Math.max(-1, Math.min(1, t));
        int r = u >= 0 ? 255 : channel(1 + u);
        int b = u <= 0 ? 255 : channel(1 - u);
        int g = channel(1 - Math.abs(u));
        return 0xff000000 | r << 16 | g << 8 | b;
    }

    private static int channel(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, width, height, pixels(), 0, width);
        Object saved = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g2.drawImage(img, new AffineTransform(area.getWidth() / width, 0, 0, area.getHeight() / height, area.getX(),
                area.getY()), null);
        if (saved != null) {
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, saved);
        }
        g2.setPaint(new Color(0x999999));
        g2.setStroke(new BasicStroke(FigureStyle.THIN));
        g2.draw(area);
    }
}
