package org.lrppruning.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
     * The render modes an analysis accepts and the formats each asks for: {@code png} gives PNG,
     * {@code both} SVG and PNG, and {@code svg}, {@code none} or {@code show} SVG (an analysis always
     * writes its figures; {@code none} and {@code show} keep the reference's {@code -a -r} working).
     */
    private static final Map<String, List<FigureFormat>> RENDER_MODES = new LinkedHashMap<>();

    static {
        RENDER_MODES.put("svg", List.of(SVG));
        RENDER_MODES.put("png", List.of(PNG));
        RENDER_MODES.put("both", List.of(SVG, PNG));
        RENDER_MODES.put("none", List.of(SVG));
        RENDER_MODES.put("show", List.of(SVG));
    }

    /** The render modes of {@link #forRenderMode}, in order. */
    public static List<String> renderModes() {
        return List.copyOf(RENDER_MODES.keySet());
    }

    /** The formats a render mode asks for (case-insensitive), or an IllegalArgumentException listing the valid modes. */
    public static List<FigureFormat> forRenderMode(String mode) {
        List<FigureFormat> formats = RENDER_MODES.get(mode.toLowerCase(Locale.ROOT));
        if (formats == null) {
            throw new IllegalArgumentException("invalid render mode '" + mode + "' (valid: "
                    + String.join(", ", RENDER_MODES.keySet()) + ")");
        }
        return formats;
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
