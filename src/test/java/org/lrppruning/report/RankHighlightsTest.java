package org.lrppruning.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lrppruning.analysis.LogParser;
import org.lrppruning.analysis.LogRecord;
import org.lrppruning.analysis.RankAnalysis;

/** The report's picks from the rank tables. */
class RankHighlightsTest {
    /** moon, npc 1: lrp seeds 0/1 swap the first two of four neurons, weight seeds 0/1 the last two. */
    static final String LOG = """
            dataset:moon-criterion:lrp-n:2-s:0-scenario:rankselection-stage:pre [0,1,2,3]
            dataset:moon-criterion:lrp-n:2-s:1-scenario:rankselection-stage:pre [1,0,2,3]
            dataset:moon-criterion:weight-n:2-s:0-scenario:rankselection-stage:pre [3,2,1,0]
            dataset:moon-criterion:weight-n:2-s:1-scenario:rankselection-stage:pre [3,2,0,1]
            """;

    private static RankAnalysis analysis() throws IOException {
        List<LogRecord> records = new ArrayList<>();
        LogParser.stream(new StringReader(LOG), records::add);
        return RankAnalysis.analyse("moon", records, 1);
    }

    @Test
    void cellsArePickedByCaseNpcMeasureAndCriteria() throws IOException {
        RankAnalysis a = analysis();
        assertThat(RankHighlights.npcs(a)).containsExactly(1.0);
        assertThat(RankHighlights.criteria(a)).containsExactly("lrp", "weight");
        // one swapped pair of 4: Spearman 1 - 6 * 2 / (4 * 15) = 0.8, over the 2 ordered seed pairs
        RankAnalysis.Cell self = RankHighlights.cell(a, 1, 1.0, "spearman", "lrp", "lrp");
        assertThat(self.mean()).isCloseTo(0.8, within(1e-12));
        assertThat(self.count()).isEqualTo(2);
        // case 1 leaves the cells off the diagonal blank
        assertThat(RankHighlights.cell(a, 1, 1.0, "spearman", "lrp", "weight")).isNull();
        // case 2, lrp against weight over all 4 seed pairs: ρ = -1, -0.8, -0.8, -0.6
        RankAnalysis.Cell cross = RankHighlights.cell(a, 2, 1.0, "spearman", "lrp", "weight");
        assertThat(cross.count()).isEqualTo(4);
        assertThat(cross.mean()).isCloseTo(-0.8, within(1e-12));
        assertThat(RankHighlights.cell(a, 1, 2.0, "spearman", "lrp", "lrp")).isNull();
        assertThat(RankHighlights.cell(a, 1, 1.0, "no-such-measure", "lrp", "lrp")).isNull();
    }

    @Test
    void pickPrefersTheBoxPlotValuesThenSpreadsOverTheRest() {
        assertThat(RankHighlights.pick(List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0), 4))
                .containsExactly(1.0, 5.0, 20.0, 100.0);
        assertThat(RankHighlights.pick(List.of(2.0, 3.0), 4)).containsExactly(2.0, 3.0);
        assertThat(RankHighlights.pick(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), 4)).containsExactly(1.0, 2.0, 3.0, 5.0);
        assertThat(RankHighlights.pick(List.of(), 4)).isEmpty();
    }
}
