package org.lrppruning.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lrppruning.analysis.CurveBands.Band;
import org.lrppruning.curves.CurvePoint;

/**
 * Whether the paper's CNN claim holds in a set of curves (Yeom et al. 2021, Sec. 4.3: without fine-tuning,
 * pruning by LRP keeps the highest accuracy at high pruning rates): at every one-shot rate of at least
 * {@link #HIGH_RATE}, is the LRP criterion's mean test accuracy over all runs the highest of the criteria?
 */
public final class PaperClaim {
    /** Rates from this one up count as high (the paper's figures diverge past half of the filters removed). */
    public static final BigDecimal HIGH_RATE = new BigDecimal("0.5");
    /** The criterion the claim is about. */
    public static final String LRP = "lrp";

    private PaperClaim() {}

    /** The outcome. */
    public enum Outcome {
        /** LRP best (ties included) at every high rate. */
        HOLDS,
        /** LRP best at some high rates, not all. */
        PARTLY,
        /** LRP best at no high rate. */
        FAILS,
        /** No LRP curve, no other criterion, or no high rate in the data. */
        UNTESTED
    }

    /** At one high rate: LRP's mean accuracy and the best other criterion with its mean (accuracies in [0, 1]). */
    public record AtRate(String rate, double lrp, String bestOther, double other) {
        /** Whether LRP is at least as good as every other criterion here. */
        public boolean lrpBest() {
            return lrp >= other - 1e-12;
        }
    }

    /** The verdict, the comparisons behind it and the sentence the report prints. */
    public record Verdict(Outcome outcome, List<AtRate> rates, String sentence) {
        /** Mean over the high rates of LRP's accuracy minus the best other criterion's, in [−1, 1]. */
        public double meanMargin() {
            return rates.stream().mapToDouble(r -> r.lrp() - r.other()).average().orElse(Double.NaN);
        }
    }

    /** The verdict on the pooled one-shot bands of {@code points} ({@link CurveBands#of}, pooled). */
    public static Verdict of(List<CurvePoint> points) {
        return judge(CurveBands.of(points, true));
    }

    /** The verdict on pooled bands ({@link CurveBands#ALL_N}); other bands are ignored. */
    public static Verdict judge(List<Band> bands) {
        List<Band> oneShot = bands.stream().filter(b -> b.mode() == CurvePoint.Mode.ONESHOT
                && b.samplesPerClass() == CurveBands.ALL_N).toList();
        List<String> criteria = CurveBands.criteria(oneShot);
        if (!criteria.contains(LRP) || criteria.size() < 2) {
            return new Verdict(Outcome.UNTESTED, List.of(), "The paper's claim (LRP best at high pruning rates without "
                    + "fine-tuning) cannot be tested here: the one-shot curves need " + LRP + " and at least one other "
                    + "criterion (present: " + (criteria.isEmpty() ? "none" : String.join(", ", criteria)) + ").");
        }
        List<AtRate> at = new ArrayList<>();
        for (Band l : CurveBands.curve(oneShot, CurvePoint.Mode.ONESHOT, LRP, CurveBands.ALL_N)) {
            BigDecimal r = new BigDecimal(l.rate());
            if (r.compareTo(HIGH_RATE) < 0) {
                continue;
            }
            Band other = null;
            for (Band b : oneShot) {
                if (!b.criterion().equals(LRP) && new BigDecimal(b.rate()).compareTo(r) == 0
                        && (other == null || b.mean() > other.mean())) {
                    other = b;
                }
            }
            if (other != null) {
                at.add(new AtRate(l.rate(), l.mean(), other.criterion(), other.mean()));
            }
        }
        if (at.isEmpty()) {
            return new Verdict(Outcome.UNTESTED, List.of(), "The paper's claim (LRP best at high pruning rates without "
                    + "fine-tuning) cannot be tested here: no one-shot rate of " + percent(HIGH_RATE.doubleValue())
                    + " or more has both " + LRP + " and another criterion.");
        }
        long wins = at.stream().filter(AtRate::lrpBest).count();
        Outcome o = wins == at.size() ? Outcome.HOLDS : wins == 0 ? Outcome.FAILS : Outcome.PARTLY;
        return new Verdict(o, List.copyOf(at), sentence(o, at, wins));
    }

    private static String sentence(Outcome o, List<AtRate> at, long wins) {
        StringBuilder s = new StringBuilder();
        switch (o) {
            case HOLDS -> s.append("The paper's claim holds here: without fine-tuning, ").append(LRP)
                    .append(" keeps the highest mean test accuracy at every high pruning rate");
            case FAILS -> s.append("The paper's claim does not hold here: without fine-tuning, ").append(LRP)
                    .append(" keeps the highest mean test accuracy at none of the high pruning rates");
            default -> s.append("The paper's claim holds only in part here: without fine-tuning, ").append(LRP)
                    .append(" keeps the highest mean test accuracy at ").append(wins).append(" of the ").append(at.size())
                    .append(" high pruning rates");
        }
        s.append(" (").append(percent(HIGH_RATE.doubleValue())).append(" of the filters and more): ");
        for (int i = 0; i < at.size(); i++) {
            AtRate r = at.get(i);
            s.append(i == 0 ? "" : "; ").append(percent(Double.parseDouble(r.rate()))).append(' ').append(LRP).append(' ')
                    .append(pct2(r.lrp())).append(" vs ").append(pct2(r.other())).append(" (").append(r.bestOther())
                    .append(')');
        }
        double margin = at.stream().mapToDouble(r -> r.lrp() - r.other()).average().orElse(0);
        s.append(String.format(Locale.ROOT, ". On average %s is %.2f percentage points %s the best other criterion there "
                + "(mean over all seeds and reference-set sizes).", LRP, Math.abs(margin) * 100,
                margin >= 0 ? "above" : "below"));
        return s.toString();
    }

    /** A rate as percent text: 0.5 → "50 %". */
    public static String percent(double rate) {
        double p = rate * 100;
        return (p == Math.rint(p) ? Long.toString(Math.round(p)) : String.format(Locale.ROOT, "%.1f", p)) + " %";
    }

    /** 0.8512 → "85.12 %". */
    static String pct2(double acc) {
        return String.format(Locale.ROOT, "%.2f %%", acc * 100);
    }
}
