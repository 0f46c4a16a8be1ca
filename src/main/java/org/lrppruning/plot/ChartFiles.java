package org.lrppruning.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.lrppruning.io.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUnits;
import org.jfree.svg.ViewBox;

/** Saves figures as SVG or PNG; each file appears whole or not at all (written aside, then moved). */
public final class ChartFiles {

    /** matplotlib's default savefig resolution. */
    public static final double DEFAULT_DPI = 100.0;

    private ChartFiles() {}

    /** Writes SVG or PNG (at {@link #DEFAULT_DPI}) according to the file name's extension. */
    public static void save(Figure figure, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            saveSvg(figure, file);
        } else if (name.endsWith(".png")) {
            savePng(figure, file, DEFAULT_DPI);
        } else {
            throw new IllegalArgumentException("unsupported figure file type (use .svg or .png): " + file);
        }
    }

    /** The figure as an SVG document, sized in points like matplotlib's SVGs. */
    public static String svg(Figure figure) {
        double w = figure.widthPoints();
        double h = figure.heightPoints();
        SVGGraphics2D g2 = new SVGGraphics2D(w, h, SVGUnits.PT);
        // two decimals of a point are far below what any viewer shows, and keep the file small
        g2.setGeomDoubleConverter(ChartFiles::compact);
        g2.setTransformDoubleConverter(ChartFiles::compactTransform);
        // unquoted: JFreeSVG puts the list into a single-quoted attribute; matplotlib's font first
        g2.setFontFunction(family -> FigureStyle.FAMILY.equals(family) || Font.SANS_SERIF.equals(family)
            ? "DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif" : family);
        figure.draw(g2, new Rectangle2D.Double(0, 0, w, h));
        g2.dispose();
        // the viewBox makes one user unit one point, so the drawing fills the pt-sized canvas
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + g2.getSVGElement(null, true, new ViewBox(0, 0, w, h), null, null) + "\n";
    }

    /** Writes the figure as SVG. */
    public static void saveSvg(Figure figure, Path file) throws IOException {
        byte[] bytes = svg(figure).getBytes(StandardCharsets.UTF_8);
        writeAtomically(file, out -> out.write(bytes));
    }

    /** The figure rasterised at the given resolution: round(inches · dpi) pixels per side. */
    public static BufferedImage image(Figure figure, double dpi) {
        if (!(dpi > 0)) {
            throw new IllegalArgumentException("dpi must be positive, got " + dpi);
        }
        int width = (int) Math.round(figure.widthInches() * dpi);
        int height = (int) Math.round(figure.heightInches() * dpi);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        try {
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, width, height);
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            double scale = dpi / Figure.POINTS_PER_INCH;
            g2.scale(scale, scale);
            figure.draw(g2, new Rectangle2D.Double(0, 0, figure.widthPoints(), figure.heightPoints()));
        } finally {
            g2.dispose();
        }
        return img;
    }

    /** Writes the figure as PNG at the given resolution (matplotlib's default is 100 dpi). */
    public static void savePng(Figure figure, Path file, double dpi) throws IOException {
        BufferedImage img = image(figure, dpi);
        writeAtomically(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static void writeAtomically(Path file, AtomicFiles.Writer writer) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, writer);
    }

    private static String compact(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Transform coefficients: six significant digits (scales and rotations need more than two decimals). */
    private static String compactTransform(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
