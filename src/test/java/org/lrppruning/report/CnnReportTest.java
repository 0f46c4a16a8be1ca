package org.lrppruning.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.analysis.CurveBands;
import org.lrppruning.analysis.PaperClaim;
import org.lrppruning.analysis.SyntheticCurves;
import org.lrppruning.curves.CurvePoint;

/** The CNN page from synthetic curves: the verdict follows the data, the marks follow the best criteria. */
class CnnReportTest {
    static final Pattern BEST = Pattern.compile("data-best=\"([a-z]+)\"");

    static String page(List<CurvePoint> points, Path dir) throws IOException {
        List<StudyReport.FigureEntry> figures = CnnFigures.save(points, dir);
        return CnnReport.html(new CnnReport.Data("test", dir.toAbsolutePath(), Map.of("grid", "synthetic"), null,
                List.of(new StudyReport.Step("curves", 1.5, "synthetic")), points, figures, List.of(), List.of()));
    }

    @Test
    void twoOppositeDataSetsGiveOppositeVerdicts(@TempDir Path dir) throws IOException {
        List<CurvePoint> wins = SyntheticCurves.of(SyntheticCurves.LRP_WINS, List.of(5, 20), 2, 1);
        List<CurvePoint> loses = SyntheticCurves.of(SyntheticCurves.LRP_LOSES, List.of(5, 20), 2, 1);
        String a = page(wins, dir.resolve("a"));
        String b = page(loses, dir.resolve("b"));
        assertThat(a).contains("data-outcome=\"HOLDS\"").contains("The paper&#39;s claim holds here")
                .doesNotContain("does not hold");
        assertThat(b).contains("data-outcome=\"FAILS\"").contains("The paper&#39;s claim does not hold here");
        assertThat(a).contains(Html.esc(PaperClaim.of(wins).sentence()));
        assertThat(b).contains(Html.esc(PaperClaim.of(loses).sentence()));
    }

    @Test
    void theMarkedCellsAreTheBestCriteriaOfEachRateAndModeAndEveryFigureIsEmbedded(@TempDir Path dir)
            throws IOException {
        List<CurvePoint> points = SyntheticCurves.of(SyntheticCurves.LRP_WINS, List.of(5, 20), 2, 7);
        String html = page(points, dir);
        List<CurveBands.Band> pooled = CurveBands.of(points, true);
        StringBuilder expected = new StringBuilder();
        for (CurvePoint.Mode m : CurvePoint.Mode.values()) {
            for (Map.Entry<BigDecimal, List<String>> e : CurveBands.best(pooled, m, CurveBands.ALL_N).entrySet()) {
                if (e.getValue().size() < 4) { // rate 0: all tie, nothing marked
                    e.getValue().forEach(c -> expected.append(c).append(' '));
                }
            }
        }
        Matcher mm = BEST.matcher(html);
        StringBuilder marked = new StringBuilder();
        while (mm.find()) {
            marked.append(mm.group(1)).append(' ');
        }
        assertThat(marked.toString()).isEqualTo(expected.toString()).contains("lrp");
        // rate curves, per n (two n), size: each embedded as a PNG data URI
        assertThat(html.split("<img ", -1)).hasSize(4);
        assertThat(html).contains("id=\"curves\"", "id=\"curves-per-n\"", "id=\"cost\"", "data:image/png;base64,");
    }
}
