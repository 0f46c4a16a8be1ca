package org.lrppruning.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class ColormapsTest {

    @Test
    void fullMapsHaveMatplotlibsColours() {
        assertThat(Colormaps.get("Dark2", 8)[0]).isEqualTo(new Color(0x1b9e77));
        assertThat(Colormaps.get("tab10", 10)[0]).isEqualTo(new Color(0x1f77b4));
        assertThat(Colormaps.get("Set1", 9)[0]).isEqualTo(new Color(0xe41a1c));
        assertThat(Colormaps.get("Paired", 12)[11]).isEqualTo(new Color(0xb15928));
        assertThat(Colormaps.get("tab20", 20)[19]).isEqualTo(new Color(0x9edae5));
        assertThat(Colormaps.all("Pastel1")).hasSize(9);
    }

    @Test
    void fewerClassesSampleTheWholeMapLikeMatplotlib() {
        // the published toy figures (Accent, 2 and 4 classes) show green/grey and green/orange/pink/grey
        assertThat(Colormaps.get("Accent", 2)).containsExactly(new Color(0x7fc97f), new Color(0x666666));
        assertThat(Colormaps.get("Accent", 4)).containsExactly(new Color(0x7fc97f), new Color(0xfdc086),
            new Color(0xf0027f), new Color(0x666666));
        assertThat(Colormaps.get("Dark2", 1)).containsExactly(new Color(0x1b9e77));
        assertThat(Colormaps.get("Set1", 3)).containsExactly(new Color(0xe41a1c), new Color(0xff7f00),
            new Color(0x999999));
    }

    @Test
    void scatterColoursAreDarkenedTo80Percent() {
        // #7fc97f × 0.8, as measured in the published figure
        assertThat(Colormaps.scatter("Accent", 2)[0]).isEqualTo(new Color(0x66a166));
        assertThat(Colormaps.scatter("Accent", 2)[1]).isEqualTo(new Color(0x525252));
    }

    @Test
    void unknownNameListsTheValidOnesOnOneLine() {
        assertThatThrownBy(() -> Colormaps.get("viridis", 2))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("viridis")
            .hasMessageContaining("Accent, Dark2, Paired, Pastel1, Pastel2, Set1, Set2, Set3, tab10, tab20")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Colormaps.get("Dark2", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreTheQualitativeMaps() {
        assertThat(Colormaps.names()).startsWith("Accent", "Dark2").contains("tab10", "tab20", "Set3");
    }
}
