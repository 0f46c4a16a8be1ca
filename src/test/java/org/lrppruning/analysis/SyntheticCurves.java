package org.lrppruning.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.CurvePoint.Mode;

/** Curve points made up for tests: accuracy per criterion and rate from a rule, jittered per seed and n. */
public final class SyntheticCurves {
    /** The rates of the synthetic curves. */
    public static final List<String> RATES = List.of("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9");
    public static final int UNITS = 112;
    public static final int TESTED = 10_000;

    private SyntheticCurves() {}

    /** How a criterion's accuracy (in [0, 1]) falls with the rate. */
    public interface Rule {
        double accuracy(String criterion, double rate);
    }

    /** The paper's picture: every criterion falls, lrp least (its loss a third of the others' at high rates). */
    public static final Rule LRP_WINS = (c, r) -> 0.9 - r * r * switch (c) {
        case "lrp" -> 0.25;
        case "taylor" -> 0.6;
        case "grad" -> 0.7;
        default -> 0.8;
    };

    /** The opposite: lrp falls fastest. */
    public static final Rule LRP_LOSES = (c, r) -> 0.9 - r * r * switch (c) {
        case "lrp" -> 0.85;
        case "taylor" -> 0.3;
        case "grad" -> 0.5;
        default -> 0.6;
    };

    /** Points of both modes for the paper's four criteria, n {@code npc} x {@code seeds} seeds, jitter up to ±1 %. */
    public static List<CurvePoint> of(Rule rule, List<Integer> npc, int seeds, long jitterSeed) {
        Random r = new Random(jitterSeed);
        List<CurvePoint> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            for (String c : List.of("weight", "taylor", "grad", "lrp")) {
                for (int n : npc) {
                    for (long s = 0; s < seeds; s++) {
                        for (int i = 0; i < RATES.size(); i++) {
                            String rate = RATES.get(i);
                            double rv = Double.parseDouble(rate);
                            double acc = rule.accuracy(c, rv) + (m == Mode.FINETUNE ? 0.5 * rv * (0.9 - rule.accuracy(c, rv)) : 0);
                            if (i > 0) {
                                acc += (r.nextDouble() - 0.5) * 0.02;
                            }
                            int removed = new BigDecimal(rate).multiply(BigDecimal.valueOf(UNITS)).intValue();
                            long params = 400_000 - removed * (c.equals("weight") ? 2000L : 3000L);
                            long macs = 2_300_000 - removed * (c.equals("lrp") ? 15_000L : 10_000L);
                            int correct = (int) Math.round(Math.max(0, Math.min(1, acc)) * TESTED);
                            out.add(new CurvePoint(c, n, s, m, i, rate, removed, UNITS, params, macs, correct, TESTED));
                        }
                    }
                }
            }
        }
        return out;
    }
}
