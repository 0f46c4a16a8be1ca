package org.lrppruning.plot;

import java.util.Arrays;

/** The numbers behind one box, as matplotlib and seaborn compute them (linear quartiles, whiskers within 1.5 IQR). */
public record BoxStats(double q1, double median, double q3, double whiskerLow, double whiskerHigh, double mean) {

    /** Whisker reach in box lengths (matplotlib's default {@code whis}). */
    public static final double WHISKER_REACH = 1.5;

    /** Statistics of a non-empty sample. */
    public static BoxStats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("box statistics need at least one value");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double q1 = percentile(v, 25);
        double median = percentile(v, 50);
        double q3 = percentile(v, 75);
        double iqr = q3 - q1;
        double lowLimit = q1 - WHISKER_REACH * iqr;
        double highLimit = q3 + WHISKER_REACH * iqr;
        double low = q1;
        for (double x : v) {
            if (x >= lowLimit) {
                low = Math.min(x, q1);
                break;
            }
        }
        double high = q3;
        for (int i = v.length - 1; i >= 0; i--) {
            if (v[i] <= highLimit) {
                high = Math.max(v[i], q3);
                break;
            }
        }
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return new BoxStats(q1, median, q3, low, high, sum / v.length);
    }

    /** {@code numpy.percentile(sorted, p)} with the default linear interpolation. */
    static double percentile(double[] sorted, double p) {
        double pos = (sorted.length - 1) * p / 100.0;
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double frac = pos - i;
        return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
    }
}
