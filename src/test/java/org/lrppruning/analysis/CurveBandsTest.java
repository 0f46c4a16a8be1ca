package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lrppruning.analysis.CurveBands.Band;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.CurvePoint.Mode;

/** Bands and best criteria against a slow, obvious recomputation over random points. */
class CurveBandsTest {

    /** Random points: 3 criteria, 2 modes, n 1 and 4, seeds 0-2, rates written in two ways. */
    static List<CurvePoint> random(long seed) {
        Random r = new Random(seed);
        List<CurvePoint> out = new ArrayList<>();
        String[][] rates = {{"0", "0.0"}, {"0.25", "0.250"}, {"0.5", "0.50"}};
        for (Mode m : Mode.values()) {
            for (String c : List.of("lrp", "weight", "zeta")) {
                for (int n : List.of(4, 1)) {
                    for (long s = 0; s < 3; s++) {
                        for (int i = 0; i < rates.length; i++) {
                            int tested = 50;
                            out.add(new CurvePoint(c, n, s, m, i, rates[i][r.nextInt(2)], i * 3, 10,
                                    1000 - r.nextInt(100), 5000 - r.nextInt(500), r.nextInt(tested + 1), tested));
                        }
                    }
                }
            }
        }
        return out;
    }

    static boolean sameRate(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
    }

    @Test
    void bandsEqualAPlainRecomputationPerGroup() {
        List<CurvePoint> points = random(3);
        for (boolean pooled : new boolean[] {false, true}) {
            List<Band> bands = CurveBands.of(points, pooled);
            assertThat(bands).hasSize(2 * 3 * (pooled ? 1 : 2) * 3);
            for (Band b : bands) {
                List<Double> acc = new ArrayList<>();
                double params = 0;
                double macs = 0;
                for (CurvePoint p : points) {
                    if (p.mode() == b.mode() && p.criterion().equals(b.criterion()) && sameRate(p.rate(), b.rate())
                            && (pooled || p.samplesPerClass() == b.samplesPerClass())) {
                        acc.add((double) p.correct() / p.tested());
                        params += p.parameters();
                        macs += p.macs();
                    }
                }
                double mean = acc.stream().mapToDouble(Double::doubleValue).sum() / acc.size();
                double var = acc.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / acc.size();
                assertThat(b.runs()).isEqualTo(acc.size()).isEqualTo(pooled ? 6 : 3);
                assertThat(b.samplesPerClass() == CurveBands.ALL_N).isEqualTo(pooled);
                assertThat(b.mean()).isCloseTo(mean, within(1e-12));
                assertThat(b.sd()).isCloseTo(Math.sqrt(var), within(1e-12));
                assertThat(b.min()).isEqualTo(acc.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
                assertThat(b.max()).isEqualTo(acc.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
                assertThat(b.parameters()).isCloseTo(params / acc.size(), within(1e-9));
                assertThat(b.macs()).isCloseTo(macs / acc.size(), within(1e-9));
            }
        }
    }

    @Test
    void theBestCriterionIsTheHighestMeanAndTiesAreAllMarked() {
        List<CurvePoint> points = random(11);
        List<Band> bands = CurveBands.of(points, false);
        for (Mode m : Mode.values()) {
            for (int n : List.of(1, 4)) {
                Map<BigDecimal, List<String>> best = CurveBands.best(bands, m, n);
                assertThat(best).hasSize(3);
                for (Map.Entry<BigDecimal, List<String>> e : best.entrySet()) {
                    double top = Double.NEGATIVE_INFINITY;
                    for (Band b : bands) {
                        if (b.mode() == m && b.samplesPerClass() == n && new BigDecimal(b.rate()).compareTo(e.getKey()) == 0) {
                            top = Math.max(top, b.mean());
                        }
                    }
                    Set<String> expected = new LinkedHashSet<>();
                    for (Band b : bands) {
                        if (b.mode() == m && b.samplesPerClass() == n && new BigDecimal(b.rate()).compareTo(e.getKey()) == 0
                                && b.mean() == top) {
                            expected.add(b.criterion());
                        }
                    }
                    assertThat(e.getValue()).containsExactlyInAnyOrderElementsOf(expected);
                }
            }
        }
        // equal curves tie everywhere
        List<CurvePoint> twins = new ArrayList<>();
        for (CurvePoint p : points) {
            if (p.criterion().equals("lrp")) {
                twins.add(p);
                twins.add(new CurvePoint("grad", p.samplesPerClass(), p.seed(), p.mode(), p.step(), p.rate(),
                        p.removed(), p.units(), p.parameters(), p.macs(), p.correct(), p.tested()));
            }
        }
        CurveBands.best(CurveBands.of(twins, true), Mode.ONESHOT, CurveBands.ALL_N).values()
                .forEach(v -> assertThat(v).containsExactly("grad", "lrp"));
    }

    @Test
    void aPointListedTwiceCountsOnceAndCriteriaFollowThePapersOrder() {
        List<CurvePoint> points = random(5);
        List<CurvePoint> doubled = new ArrayList<>(points);
        doubled.addAll(points);
        assertThat(CurveBands.of(doubled, true)).isEqualTo(CurveBands.of(points, true));
        assertThat(CurveBands.criteria(CurveBands.of(points, true))).containsExactly("weight", "lrp", "zeta");
        assertThat(CurveBands.perClass(CurveBands.of(points, false))).containsExactly(1, 4);
        assertThat(CurveBands.curve(CurveBands.of(points, true), Mode.FINETUNE, "lrp", CurveBands.ALL_N))
                .extracting(Band::rateValue).containsExactly(0.0, 0.25, 0.5);
    }
}
