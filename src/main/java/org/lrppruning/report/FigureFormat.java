package org.lrppruning.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lrppruning.plot.ChartFiles;
import org.lrppruning.plot.Figure;

/** File formats of the study's figures. */
public enum FigureFormat {
    SVG, PNG;

    /** Resolution of PNG figures: twice matplotlib's default, so a page-wide print stays sharp. */
    public static final double PNG_DPI = 200.0;

    /** The file extension with its dot, e.g. {@code .svg}. */
    public String extension() {
        return "." + name().toLowerCase(Locale.ROOT);
    }

    /**
     * The formats a render mode asks for: {@code png} gives PNG, {@code both} SVG and PNG, and
     * {@code svg}, {@code none} or {@code show} SVG (an analysis always writes its figures).
     */
    public static List<FigureFormat> forRenderMode(String mode) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "svg": case "none": case "show":
                return List.of(SVG);
            case "png":
                return List.of(PNG);
            case "both":
                return List.of(SVG, PNG);
            default:
                throw new IllegalArgumentException("invalid render mode '" + mode + "' (valid: svg, png, both)");
        }
    }

    /** Saves {@code figure} as {@code dir/baseName.ext} in each format; returns the files written. */
    public static List<Path> save(Figure figure, Path dir, String baseName, List<FigureFormat> formats)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (FigureFormat f : formats) {
            Path file = dir.resolve(baseName + f.extension());
            if (f == SVG) {
                ChartFiles.saveSvg(figure, file);
            } else {
                ChartFiles.savePng(figure, file, PNG_DPI);
            }
            files.add(file);
        }
        return files;
    }
}
