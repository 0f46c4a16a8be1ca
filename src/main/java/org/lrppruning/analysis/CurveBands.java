package org.lrppruning.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.lrppruning.curves.CurvePoint;

/**
 * Pruning-rate curves summarised over runs (Yeom et al. 2021, Fig. 6): per mode × criterion × rate (and
 * per reference samples per class, or all of them pooled) the mean, population standard deviation, minimum
 * and maximum of the test accuracy over the runs (seeds, and samples per class when pooled), with the mean
 * parameters and MACs of the pruned models. mean = Σa/r, sd = √(Σ(a − mean)²/r) over the r runs.
 */
public final class CurveBands {
    /** {@link Band#samplesPerClass()} of a band that pools every samples-per-class value. */
    public static final int ALL_N = 0;
    /** The paper's order of the criteria in figures and tables; others follow by name. */
    public static final List<String> ORDER = List.of("weight", "taylor", "grad", "lrp");

    private CurveBands() {}

    /**
     * One point of a summarised curve: accuracies in [0, 1] over {@code runs} runs.
     *
     * @param samplesPerClass the runs' samples per class, or {@link #ALL_N} when pooled
     * @param rate            the rate's exact text, as logged
     */
    public record Band(CurvePoint.Mode mode, String criterion, int samplesPerClass, String rate, int runs,
                       double mean, double sd, double min, double max, double parameters, double macs) {
        /** The rate as a number. */
        public double rateValue() {
            return Double.parseDouble(rate);
        }
    }

    /**
     * The bands of {@code points}: one per mode × criterion × samples per class × rate when {@code pooled} is
     * false, one per mode × criterion × rate (over every samples-per-class value) when it is true. A point
     * listed twice (the same record) counts once. Ordered by mode, criterion ({@link #ORDER}), n, rate.
     */
    public static List<Band> of(List<CurvePoint> points, boolean pooled) {
        Map<Key, List<CurvePoint>> groups = new TreeMap<>();
        for (CurvePoint p : new LinkedHashSet<>(points)) {
            Key k = new Key(p.mode(), p.criterion(), pooled ? ALL_N : p.samplesPerClass(), new BigDecimal(p.rate()),
                    p.rate());
            groups.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
        }
        List<Band> out = new ArrayList<>();
        for (Map.Entry<Key, List<CurvePoint>> e : groups.entrySet()) {
            out.add(band(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Band band(Key k, List<CurvePoint> ps) {
        int r = ps.size();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double params = 0;
        double macs = 0;
        for (CurvePoint p : ps) {
            double a = p.accuracy();
            sum += a;
            min = Math.min(min, a);
            max = Math.max(max, a);
            params += p.parameters();
            macs += p.macs();
        }
        double mean = sum / r;
        double ss = 0;
        for (CurvePoint p : ps) {
            double d = p.accuracy() - mean;
            ss += d * d;
        }
        return new Band(k.mode, k.criterion, k.n, k.text, r, mean, Math.sqrt(ss / r), min, max, params / r, macs / r);
    }

    /**
     * Per rate (ascending), the criteria with the highest mean accuracy among {@code bands} of one mode and one
     * samples-per-class value: every criterion within {@code 1e-12} of the best (ties all marked).
     */
    public static Map<BigDecimal, List<String>> best(List<Band> bands, CurvePoint.Mode mode, int samplesPerClass) {
        Map<BigDecimal, List<Band>> byRate = new TreeMap<>();
        for (Band b : bands) {
            if (b.mode() == mode && b.samplesPerClass() == samplesPerClass) {
                byRate.computeIfAbsent(new BigDecimal(b.rate()), x -> new ArrayList<>()).add(b);
            }
        }
        Map<BigDecimal, List<String>> out = new TreeMap<>();
        for (Map.Entry<BigDecimal, List<Band>> e : byRate.entrySet()) {
            double top = e.getValue().stream().mapToDouble(Band::mean).max().orElseThrow();
            out.put(e.getKey(), e.getValue().stream().filter(b -> b.mean() >= top - 1e-12).map(Band::criterion)
                    .toList());
        }
        return out;
    }

    /** The criteria of {@code bands} in the paper's order, others after them by name. */
    public static List<String> criteria(List<Band> bands) {
        List<String> present = bands.stream().map(Band::criterion).distinct().sorted(CRITERIA).toList();
        return present;
    }

    /** The samples-per-class values of {@code bands}, ascending ({@link #ALL_N} left out). */
    public static List<Integer> perClass(List<Band> bands) {
        return bands.stream().map(Band::samplesPerClass).filter(n -> n != ALL_N).distinct().sorted().toList();
    }

    /** The bands of one mode, criterion and samples per class, by ascending rate. */
    public static List<Band> curve(List<Band> bands, CurvePoint.Mode mode, String criterion, int samplesPerClass) {
        return bands.stream().filter(b -> b.mode() == mode && b.criterion().equals(criterion)
                && b.samplesPerClass() == samplesPerClass).sorted(BY_RATE).toList();
    }

    /** Criteria in {@link #ORDER}, unknown ones after them by name. */
    public static final Comparator<String> CRITERIA = Comparator
            .comparingInt((String c) -> ORDER.contains(c) ? ORDER.indexOf(c) : ORDER.size())
            .thenComparing(Comparator.naturalOrder());

    private static final Comparator<Band> BY_RATE = Comparator.comparing(b -> new BigDecimal(b.rate()));

    /** Group key; the rate compares as a number (0.10 and 0.1 are one rate), its first text is kept. */
    private record Key(CurvePoint.Mode mode, String criterion, int n, BigDecimal rate, String text)
            implements Comparable<Key> {
        Key {
            Objects.requireNonNull(criterion);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.mode == mode && k.criterion.equals(criterion) && k.n == n
                    && k.rate.compareTo(rate) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(mode, criterion, n, rate.stripTrailingZeros());
        }

        @Override
        public int compareTo(Key o) {
            int c = mode.compareTo(o.mode);
            if (c == 0) {
                c = CRITERIA.compare(criterion, o.criterion);
            }
            if (c == 0) {
                c = Integer.compare(n, o.n);
            }
            return c != 0 ? c : rate.compareTo(o.rate);
        }
    }
}
