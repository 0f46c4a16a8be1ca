package org.lrppruning.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lrppruning.analysis.PaperClaim.Outcome;
import org.lrppruning.curves.CurvePoint;

/** The verdict on the paper's claim follows the data it is given. */
class PaperClaimTest {

    @Test
    void curvesWhereLrpKeepsTheMostAccuracyAtHighRatesConfirmTheClaim() {
        PaperClaim.Verdict v = PaperClaim.of(SyntheticCurves.of(SyntheticCurves.LRP_WINS, List.of(5, 20), 3, 1));
        assertThat(v.outcome()).isEqualTo(Outcome.HOLDS);
        assertThat(v.rates()).extracting(PaperClaim.AtRate::rate).containsExactly("0.5", "0.6", "0.7", "0.8", "0.9");
        assertThat(v.rates()).allMatch(PaperClaim.AtRate::lrpBest).extracting(PaperClaim.AtRate::bestOther)
                .containsOnly("taylor");
        assertThat(v.meanMargin()).isPositive();
        assertThat(v.sentence()).startsWith("The paper's claim holds here").contains("at every high pruning rate")
                .doesNotContain("does not hold");
        // the numbers in the sentence are the data's: 90 % lrp = 0.9 - 0.81 * 0.25 (± jitter) vs taylor's
        PaperClaim.AtRate at90 = v.rates().get(4);
        assertThat(v.sentence()).contains(String.format(java.util.Locale.ROOT, "90 %% lrp %.2f %% vs %.2f %% (taylor)",
                100 * at90.lrp(), 100 * at90.other()));
        assertThat(at90.lrp()).isBetween(0.68, 0.71);
    }

    @Test
    void curvesWhereLrpFallsFastestGiveTheOppositeSentence() {
        PaperClaim.Verdict v = PaperClaim.of(SyntheticCurves.of(SyntheticCurves.LRP_LOSES, List.of(5, 20), 3, 1));
        assertThat(v.outcome()).isEqualTo(Outcome.FAILS);
        assertThat(v.rates()).noneMatch(PaperClaim.AtRate::lrpBest);
        assertThat(v.meanMargin()).isNegative();
        assertThat(v.sentence()).startsWith("The paper's claim does not hold here").contains("none of the high pruning rates")
                .contains("below the best other criterion");
    }

    @Test
    void aMixedPictureHoldsInPartAndMissingCurvesLeaveTheClaimUntested() {
        // lrp wins up to 70 %, then loses
        SyntheticCurves.Rule mixed = (c, r) -> r <= 0.7 ? SyntheticCurves.LRP_WINS.accuracy(c, r)
                : SyntheticCurves.LRP_LOSES.accuracy(c, r);
        PaperClaim.Verdict v = PaperClaim.of(SyntheticCurves.of(mixed, List.of(5), 2, 4));
        assertThat(v.outcome()).isEqualTo(Outcome.PARTLY);
        assertThat(v.sentence()).contains("holds only in part").contains("at 3 of the 5 high pruning rates");

        List<CurvePoint> noLrp = new ArrayList<>(SyntheticCurves.of(SyntheticCurves.LRP_WINS, List.of(5), 1, 1));
        noLrp.removeIf(p -> p.criterion().equals("lrp"));
        assertThat(PaperClaim.of(noLrp).outcome()).isEqualTo(Outcome.UNTESTED);
        assertThat(PaperClaim.of(noLrp).sentence()).contains("cannot be tested");

        List<CurvePoint> lowRates = new ArrayList<>(SyntheticCurves.of(SyntheticCurves.LRP_WINS, List.of(5), 1, 1));
        lowRates.removeIf(p -> p.rateValue() >= 0.5);
        assertThat(PaperClaim.of(lowRates).outcome()).isEqualTo(Outcome.UNTESTED);
    }

    @Test
    void fineTunedCurvesDoNotDecideTheClaim() {
        List<CurvePoint> points = new ArrayList<>(SyntheticCurves.of(SyntheticCurves.LRP_WINS, List.of(5), 2, 1));
        points.removeIf(p -> p.mode() == CurvePoint.Mode.FINETUNE);
        List<CurvePoint> losingFineTuned = SyntheticCurves.of(SyntheticCurves.LRP_LOSES, List.of(5), 2, 1).stream()
                .filter(p -> p.mode() == CurvePoint.Mode.FINETUNE).toList();
        points.addAll(losingFineTuned);
        assertThat(PaperClaim.of(points).outcome()).isEqualTo(Outcome.HOLDS);
    }
}
