package org.lrppruning.plot;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Matplotlib's qualitative colormaps, sampled for K classes the way {@code plt.cm.get_cmap(name, K)} does. */
public final class Colormaps {

    /** Factor applied to the RGB channels of the scatter colours (the reference darkens them to 80 %). */
    public static final double SCATTER_DARKENING = 0.8;

    /** The colour lists of matplotlib's {@code _cm.py} (ColorBrewer and Vega/Tableau), in matplotlib's order. */
    private static final Map<String, int[]> MAPS = new LinkedHashMap<>();

    static {
        MAPS.put("Accent", new int[] {0x7fc97f, 0xbeaed4, 0xfdc086, 0xffff99, 0x386cb0, 0xf0027f, 0xbf5b17, 0x666666});
        MAPS.put("Dark2", new int[] {0x1b9e77, 0xd95f02, 0x7570b3, 0xe7298a, 0x66a61e, 0xe6ab02, 0xa6761d, 0x666666});
        MAPS.put("Paired", new int[] {0xa6cee3, 0x1f78b4, 0xb2df8a, 0x33a02c, 0xfb9a99, 0xe31a1c,
            0xfdbf6f, 0xff7f00, 0xcab2d6, 0x6a3d9a, 0xffff99, 0xb15928});
        MAPS.put("Pastel1", new int[] {0xfbb4ae, 0xb3cde3, 0xccebc5, 0xdecbe4, 0xfed9a6, 0xffffcc,
            0xe5d8bd, 0xfddaec, 0xf2f2f2});
        MAPS.put("Pastel2", new int[] {0xb3e2cd, 0xfdcdac, 0xcbd5e8, 0xf4cae4, 0xe6f5c9, 0xfff2ae, 0xf1e2cc, 0xcccccc});
        MAPS.put("Set1", new int[] {0xe41a1c, 0x377eb8, 0x4daf4a, 0x984ea3, 0xff7f00, 0xffff33,
            0xa65628, 0xf781bf, 0x999999});
        MAPS.put("Set2", new int[] {0x66c2a5, 0xfc8d62, 0x8da0cb, 0xe78ac3, 0xa6d854, 0xffd92f, 0xe5c494, 0xb3b3b3});
        MAPS.put("Set3", new int[] {0x8dd3c7, 0xffffb3, 0xbebada, 0xfb8072, 0x80b1d3, 0xfdb462,
            0xb3de69, 0xfccde5, 0xd9d9d9, 0xbc80bd, 0xccebc5, 0xffed6f});
        MAPS.put("tab10", new int[] {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd,
            0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf});
        MAPS.put("tab20", new int[] {0x1f77b4, 0xaec7e8, 0xff7f0e, 0xffbb78, 0x2ca02c, 0x98df8a, 0xd62728,
            0xff9896, 0x9467bd, 0xc5b0d5, 0x8c564b, 0xc49c94, 0xe377c2, 0xf7b6d2, 0x7f7f7f, 0xc7c7c7,
            0xbcbd22, 0xdbdb8d, 0x17becf, 0x9edae5});
        MAPS.put("tab20b", new int[] {0x393b79, 0x5254a3, 0x6b6ecf, 0x9c9ede, 0x637939, 0x8ca252, 0xb5cf6b,
            0xcedb9c, 0x8c6d31, 0xbd9e39, 0xe7ba52, 0xe7cb94, 0x843c39, 0xad494a, 0xd6616b, 0xe7969c,
            0x7b4173, 0xa55194, 0xce6dbd, 0xde9ed6});
        MAPS.put("tab20c", new int[] {0x3182bd, 0x6baed6, 0x9ecae1, 0xc6dbef, 0xe6550d, 0xfd8d3c, 0xfdae6b,
            0xfdd0a2, 0x31a354, 0x74c476, 0xa1d99b, 0xc7e9c0, 0x756bb1, 0x9e9ac8, 0xbcbddc, 0xdadaeb,
            0x636363, 0x969696, 0xbdbdbd, 0xd9d9d9});
    }

    private Colormaps() {}

    /** The valid colormap names, in matplotlib's order. */
    public static List<String> names() {
        return List.copyOf(MAPS.keySet());
    }

    /** Every colour of the named map, in order. */
    public static Color[] all(String name) {
        int[] rgb = rgb(name);
        Color[] out = new Color[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            out[i] = new Color(rgb[i]);
        }
        return out;
    }

    /**
     * The K colours of {@code get_cmap(name, K)}: class k gets colour k of the result.
     *
     * <p>Matplotlib resamples a ListedColormap of N colours at {@code linspace(0, 1, K)}, entry
     * {@code int(x * N)} (x = 1 maps to N - 1). So K = N gives the map unchanged, while fewer classes
     * spread over the whole list: {@code Accent} with K = 2 is green and grey, as in the published
     * figures, not its first two colours.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the valid ones) or {@code k < 1}
     */
    public static Color[] get(String name, int k) {
        int[] rgb = rgb(name);
        if (k < 1) {
            throw new IllegalArgumentException("number of colours must be >= 1, got " + k);
        }
        int n = rgb.length;
        double step = k == 1 ? 0.0 : 1.0 / (k - 1);
        Color[] out = new Color[k];
        for (int i = 0; i < k; i++) {
            // numpy.linspace pins the last sample to exactly 1.0
            double x = i == k - 1 && k > 1 ? 1.0 : i * step;
            double v = x * n;
            int index = v >= n ? n - 1 : (int) v;
            out[i] = new Color(rgb[index]);
        }
        return out;
    }

    /** {@link #get} darkened by {@link #SCATTER_DARKENING}: the colours of the scattered samples. */
    public static Color[] scatter(String name, int k) {
        Color[] base = get(name, k);
        for (int i = 0; i < base.length; i++) {
            base[i] = scale(base[i], SCATTER_DARKENING);
        }
        return base;
    }

    /** rgb × factor, rounded to the nearest 8-bit value; alpha unchanged. */
    public static Color scale(Color c, double factor) {
        return new Color(channel(c.getRed() * factor), channel(c.getGreen() * factor),
            channel(c.getBlue() * factor), c.getAlpha());
    }

    private static int channel(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static int[] rgb(String name) {
        int[] rgb = MAPS.get(name);
        if (rgb == null) {
            throw new IllegalArgumentException(
                "unknown colormap '" + name + "'; valid names: " + String.join(", ", MAPS.keySet()));
        }
        return rgb;
    }
}
