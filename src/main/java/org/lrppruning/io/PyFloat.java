package org.lrppruning.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python 3's text for floats, so that logs, titles and tables match the reference character for
 * character: {@link #repr(double)} is {@code repr(x)} (the 'short' float_repr_style) and
 * {@link #format(double, int)} is {@code '{:.Nf}'.format(x)}.
 */
public final class PyFloat {
    /** A double never needs more than 17 significant digits to round-trip. */
    private static final int MAX_DIGITS = 17;
    /** Digits kept of a double's exact expansion: comfortably more than MAX_DIGITS + 1. */
    private static final int WORKING_DIGITS = 25;

    private PyFloat() {}

    /**
     * Python's {@code repr(x)}: the shortest decimal that reads back as {@code x}, the one nearest
     * to {@code x} when several are equally short (ties to an even last digit); fixed notation for
     * decimal exponents -4..15 with ".0" on integral values, otherwise like {@code 1e-05} or
     * {@code 1.5e+16}. Java 17's {@code Double.toString} sometimes gives a longer digit string and
     * uses other notation, hence this.
     */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        boolean negative = (Double.doubleToRawLongBits(x) < 0);
        String sign = negative ? "-" : "";
        if (Double.isInfinite(x)) {
            return sign + "inf";
        }
        if (x == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(x), false);
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // x = d.ddd × 10^exponent
        return sign + layout(digits, exponent);
    }

    /**
     * NumPy's {@code repr(np.float32(x))} digits in Python's layout: the shortest decimal that reads
     * back as the same float32 (e.g. {@code 0.1} for 0.1f, where {@link #repr(double)} of the widened
     * value gives {@code 0.10000000149011612}).
     */
    public static String reprFloat32(float x) {
        if (Float.isNaN(x)) {
            return "nan";
        }
        String sign = Float.floatToRawIntBits(x) < 0 ? "-" : "";
        if (Float.isInfinite(x)) {
            return sign + "inf";
        }
        if (x == 0) {
            return sign + "0.0";
        }
        BigDecimal shortest = shortest(Math.abs(x), true);
        String digits = shortest.unscaledValue().toString();
        return sign + layout(digits, digits.length() - 1 - shortest.scale());
    }

    /**
     * Python's {@code '{:.Nf}'.format(x)} with N = {@code decimals}: the exact binary value rounded
     * half-to-even at N decimals (so 0.125 gives "0.12" and 2.675, stored just below, "2.67"), the
     * sign kept for negative values that round to zero ("-0.00"), no decimal point for N = 0.
     *
     * @throws IllegalArgumentException if decimals is negative
     */
    public static String format(double x, int decimals) {
        if (decimals < 0) {
            throw new IllegalArgumentException("decimals must be >= 0, got " + decimals);
        }
        if (Double.isNaN(x)) {
            return "nan"; // Python drops the sign of a NaN here too
        }
        String sign = Double.doubleToRawLongBits(x) < 0 ? "-" : "";
        if (Double.isInfinite(x)) {
            return sign + "inf";
        }
        return sign + new BigDecimal(Math.abs(x)).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    /**
     * The shortest round-tripping decimal for a positive finite {@code x}, trailing zeros removed.
     *
     * <p>The decimals that read back as x fill an interval around x, so a p-digit one exists iff
     * one of x's two p-digit neighbours (rounded down, rounded up) lies in it; and if one exists
     * at p digits it does at p + 1. That makes the shortest length a binary search over 1..17.
     * The nearest neighbour wins (ties to an even digit, as in Python's dtoa); the other counts
     * only where the interval is lopsided (at powers of two) and the nearest falls outside it.
     */
    private static BigDecimal shortest(double x, boolean float32) {
        BigDecimal exact = sticky(new BigDecimal(x));
        BigDecimal best = candidate(exact, x, MAX_DIGITS, float32);
        if (best == null) {
            throw new AssertionError("no round-tripping decimal for " + x);
        }
        int lo = 1;
        int hi = MAX_DIGITS; // candidate(hi) is known to exist
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            BigDecimal c = candidate(exact, x, mid, float32);
            if (c != null) {
                best = c;
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return best.stripTrailingZeros();
    }

    /**
     * {@code exact} cut to {@value #WORKING_DIGITS} significant digits plus a final 1 when
     * anything was cut. Rounding to at most 17 digits, in any direction, and comparing with
     * decimals of at most 17 digits give the same results on it as on the exact value (whose
     * expansion runs to 767 digits for subnormals), at a fraction of the cost.
     */
    private static BigDecimal sticky(BigDecimal exact) {
        BigDecimal cut = exact.round(new MathContext(WORKING_DIGITS - 1, RoundingMode.DOWN));
        if (cut.compareTo(exact) == 0) {
            return exact;
        }
        return cut.add(BigDecimal.ONE.scaleByPowerOfTen(cut.precision() - cut.scale() - WORKING_DIGITS));
    }

    /** The p-digit decimal nearest x that reads back as x, or null if none does. */
    private static BigDecimal candidate(BigDecimal exact, double x, int p, boolean float32) {
        BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (readsBackAs(nearest, x, float32)) {
            return nearest;
        }
        RoundingMode away = nearest.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR;
        BigDecimal other = exact.round(new MathContext(p, away));
        return readsBackAs(other, x, float32) ? other : null;
    }

    private static boolean readsBackAs(BigDecimal d, double x, boolean float32) {
        // The parsers are correctly rounded (round half even), as Python's float() and NumPy's are.
        return float32 ? Float.parseFloat(d.toString()) == (float) x : Double.parseDouble(d.toString()) == x;
    }

    /** Places the decimal point as Python's float_repr_style 'short' does. */
    private static String layout(String digits, int exponent) {
        int n = digits.length();
        if (exponent >= -4 && exponent < 16) {
            if (exponent >= n - 1) {
                return digits + "0".repeat(exponent - (n - 1)) + ".0";
            }
            if (exponent >= 0) {
                return digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
            }
            return "0." + "0".repeat(-exponent - 1) + digits;
        }
        String mantissa = n == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int e = Math.abs(exponent);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
    }
}
