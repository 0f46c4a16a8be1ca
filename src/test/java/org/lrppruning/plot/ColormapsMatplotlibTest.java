package org.lrppruning.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every qualitative colormap and class count against matplotlib's own {@code get_cmap(name, k)}. */
class ColormapsMatplotlibTest {
    @Test
    void colormapsEqualMatplotlibForEveryNameAndClassCount() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("matplotlib-colormaps.txt")) {
            assertThat(in).as("test resource matplotlib-colormaps.txt").isNotNull();
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
        assertThat(lines).hasSize(200);
        for (String line : lines) {
            String[] f = line.split(" ");
            int k = Integer.parseInt(f[1]);
            Color[] got = Colormaps.get(f[0], k);
            assertThat(got).hasSize(k);
            for (int i = 0; i < k; i++) {
                String hex = String.format("#%02x%02x%02x", got[i].getRed(), got[i].getGreen(), got[i].getBlue());
                assertThat(hex).as("%s with %d classes, colour %d", f[0], k, i).isEqualTo(f[2 + i]);
            }
        }
    }
}
