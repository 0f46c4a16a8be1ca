package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RankAnalysisTest {

    static List<LogRecord> parse(String log) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        LogParser.Report rep = LogParser.stream(new StringReader(log), out::add);
        assertThat(rep.malformed()).isEmpty();
        return out;
    }

    static String synthetic(List<String> criteria, List<Integer> npcs, int seeds, int neurons, boolean scores)
            throws IOException {
        StringWriter w = new StringWriter();
        SyntheticRankLog.write(w, List.of("moon"), criteria, npcs, seeds, neurons, scores);
        return w.toString();
    }

    /**
     * Every cell against a direct re-statement of the reference's loops: ordered criterion pairs and
     * seed pairs from itertools.product, case 1 if c1 == c2 and s1 != s2, else case 2, and case 3
     * if s1 == s2; cases 4 and 5 over npc pairs of one criterion. Measures by the slow versions.
     */
    @Test
    void everyCellMatchesTheReferenceLoops() throws IOException {
        List<String> crits = List.of("weight", "lrp", "grad"); // the report orders them lrp, grad, weight
        List<Integer> npcs = List.of(1, 5, 20);
        int seeds = 4;
        List<LogRecord> records = parse(synthetic(crits, npcs, seeds, 400, false));
        RankAnalysis ra = RankAnalysis.analyse("moon", records, 2);
        assertThat(ra.warnings()).isEmpty();

        Map<String, int[]> order = new HashMap<>();
        for (LogRecord r : records) {
            order.put(r.criterion() + "/" + r.npc() + "/" + r.seed(), r.order());
        }
        List<String> c = List.of("lrp", "grad", "weight");
        List<Double> m = List.of(1.0, 5.0, 20.0);
        // sections: per npc cases 1, 2, 3; then per criterion cases 4, 5
        assertThat(ra.sections()).hasSize(3 * 3 + 3 * 2);
        for (int mi = 0; mi < m.size(); mi++) {
            for (int q = 0; q < RankAnalysis.MEASURES.size(); q++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        List<Double> case1 = new ArrayList<>();
                        List<Double> case2 = new ArrayList<>();
                        List<Double> case3 = new ArrayList<>();
                        for (int s1 = 0; s1 < seeds; s1++) {
                            for (int s2 = 0; s2 < seeds; s2++) {
                                double v = slowMeasure(q, order.get(c.get(i) + "/" + m.get(mi) + "/" + s1),
                                        order.get(c.get(j) + "/" + m.get(mi) + "/" + s2));
                                if (i == j && s1 != s2) {
                                    case1.add(v);
                                } else {
                                    case2.add(v);
                                    if (s1 == s2) {
                                        case3.add(v);
                                    }
                                }
                            }
                        }
                        RankAnalysis.Cell cell1 = ra.sections().get(3 * mi).tables().get(q).cells().get(i).get(j);
                        if (i == j) {
                            assertCell(cell1, case1);
                        } else {
                            assertThat(cell1).isNull();
                        }
                        assertCell(ra.sections().get(3 * mi + 1).tables().get(q).cells().get(i).get(j), case2);
                        assertCell(ra.sections().get(3 * mi + 2).tables().get(q).cells().get(i).get(j), case3);
                    }
                }
            }
        }
        for (int ci = 0; ci < 3; ci++) {
            RankAnalysis.Section case4 = ra.sections().get(9 + 2 * ci);
            RankAnalysis.Section case5 = ra.sections().get(10 + 2 * ci);
            for (int q = 0; q < RankAnalysis.MEASURES.size(); q++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        List<Double> all = new ArrayList<>();
                        List<Double> same = new ArrayList<>();
                        for (int s1 = 0; s1 < seeds; s1++) {
                            for (int s2 = 0; s2 < seeds; s2++) {
                                double v = slowMeasure(q, order.get(c.get(ci) + "/" + m.get(i) + "/" + s1),
                                        order.get(c.get(ci) + "/" + m.get(j) + "/" + s2));
                                all.add(v);
                                if (s1 == s2) {
                                    same.add(v);
                                }
                            }
                        }
                        assertCell(case4.tables().get(q).cells().get(i).get(j), all);
                        assertCell(case5.tables().get(q).cells().get(i).get(j), same);
                    }
                }
            }
        }
    }

    static double slowMeasure(int q, int[] a, int[] b) {
        if (q == 0) {
            return RankStatsTest.slowSpearman(RankStatsTest.asDouble(a), RankStatsTest.asDouble(b));
        }
        if (q == 1) {
            return RankStatsTest.slowTauB(RankStatsTest.asDouble(a), RankStatsTest.asDouble(b));
        }
        int k = RankAnalysis.SET_SIZES.get((q - 2) / 2);
        return RankStatsTest.slowOverlap(a, b, k, q % 2 == 0);
    }

    static void assertCell(RankAnalysis.Cell cell, List<Double> values) {
        double[] x = values.stream().mapToDouble(Double::doubleValue).toArray();
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        assertThat(cell.count()).isEqualTo(x.length);
        assertThat(cell.mean()).isCloseTo(mean, Offset.offset(1e-12));
        assertThat(cell.std()).isCloseTo(Math.sqrt(var), Offset.offset(1e-7));
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws IOException {
        List<LogRecord> records = parse(synthetic(List.of("lrp", "taylor", "grad", "weight"), List.of(1, 2, 10), 5, 700, true));
        RankAnalysis one = RankAnalysis.analyse("moon", records, 1);
        RankAnalysis two = RankAnalysis.analyse("moon", records, 2);
        RankAnalysis five = RankAnalysis.analyse("moon", records, 5);
        assertThat(two.sections()).isEqualTo(one.sections());
        assertThat(five.sections()).isEqualTo(one.sections());
        assertThat(two.text()).isEqualTo(one.text());
        assertThat(five.text()).isEqualTo(one.text());
        assertThatThrownBy(() -> RankAnalysis.analyse("moon", records, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoresAddSectionsAfterTheReferenceOnes() throws IOException {
        List<String> crits = List.of("lrp", "grad");
        List<Integer> npcs = List.of(1, 2);
        List<LogRecord> withScores = parse(synthetic(crits, npcs, 3, 300, true));
        List<LogRecord> without = parse(synthetic(crits, npcs, 3, 300, false));
        RankAnalysis a = RankAnalysis.analyse("moon", withScores, 2);
        RankAnalysis b = RankAnalysis.analyse("moon", without, 2);
        assertThat(b.text()).doesNotContain("addition");
        assertThat(a.text()).startsWith(b.text());
        String extra = a.text().substring(b.text().length());
        List<RankAnalysis.Section> added = a.sections().subList(b.sections().size(), a.sections().size());
        assertThat(added).hasSize(b.sections().size());
        assertThat(added).allSatisfy(s -> assertThat(s.title()).endsWith(" " + RankAnalysis.ADDITION));
        assertThat(added.get(0).tables()).extracting(RankAnalysis.Table::corner)
                .containsExactly("spearman-scores", "kendalltau-b-scores");
        assertThat(extra).contains("(addition: correlation of scores, not in the reference)");
        // The score tables hold the rank correlations of the scores themselves.
        Map<String, double[]> scores = new HashMap<>();
        for (LogRecord r : withScores) {
            if (r.kind() == LogRecord.Kind.SCORES) {
                scores.put(r.criterion() + "/" + r.npc() + "/" + r.seed(), r.scores());
            }
        }
        List<Double> taus = new ArrayList<>();
        for (int s1 = 0; s1 < 3; s1++) {
            for (int s2 = 0; s2 < 3; s2++) {
                if (s1 != s2) {
                    taus.add(RankStatsTest.slowTauB(scores.get("grad/1.0/" + s1), scores.get("grad/1.0/" + s2)));
                }
            }
        }
        RankAnalysis.Section case1 = added.get(0);
        assertThat(case1.title()).startsWith("# MOON N=1.0 CASE 1:");
        assertCell(case1.tables().get(1).cells().get(1).get(1), taus);
    }

    @Test
    void warnsAboutMissingDuplicateAndMisfitOrders(@TempDir Path dir) throws IOException {
        String log = String.join("\n",
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:rankselection-stage:pre [0,1,2,3]",
                "dataset:moon-criterion:lrp-n:2-s:1-scenario:rankselection-stage:pre [1,0,2,3]",
                "dataset:moon-criterion:lrp-n:2-s:1-scenario:rankselection-stage:pre [3,2,1,0]",
                "dataset:moon-criterion:lrp-n:2-s:2-scenario:rankselection-stage:pre [1,0,2]",
                "dataset:moon-criterion:grad-n:2-s:0-scenario:rankselection-stage:pre [0,1,2,3]",
                "dataset:moon-criterion:grad-n:2-s:0-scenario:train-stage:pre 99.0",
                "dataset:circle-criterion:grad-n:2-s:0-scenario:rankselection-stage:pre [0,1,2,3]",
                "");
        RankAnalysis ra = RankAnalysis.analyse("moon", parse(log), 2);
        assertThat(ra.warnings()).containsExactly(
                "line 3: duplicate rankselection of criterion:lrp-n:2-s:1; using the first, line 2",
                "line 4: criterion:lrp-n:2-s:2 order has 3 entries, expected 4; skipped",
                "missing rankselection of criterion lrp, npc 1.0: seeds 2 (pairs with them are left out)",
                "missing rankselection of criterion grad, npc 1.0: seeds 1, 2 (pairs with them are left out)");
        // case 1 of lrp: seeds 0 and 1 only, both orders of the pair
        RankAnalysis.Cell c = ra.sections().get(0).tables().get(0).cells().get(0).get(0);
        assertThat(c.count()).isEqualTo(2);
        assertThat(c.mean()).isEqualTo(RankStats.spearman(new int[] {0, 1, 2, 3}, new int[] {1, 0, 2, 3}));
        // case 1 of grad: one seed, no pair: NumPy's mean of nothing
        RankAnalysis.Cell g = ra.sections().get(0).tables().get(0).cells().get(1).get(1);
        assertThat(g.count()).isZero();
        assertThat(g.text()).isEqualTo("nan+-nan");
        Path file = ra.write(dir);
        assertThat(file.getFileName().toString()).isEqualTo("rank_and_set-moon.txt");
        assertThat(Files.readString(file)).isEqualTo(ra.text());
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isEqualTo(1);
        }
        RankAnalysis none = RankAnalysis.analyse("mult", parse(log), 1);
        assertThat(none.sections()).isEmpty();
        assertThat(none.warnings()).containsExactly("no rankselection records for dataset mult");
    }
}
