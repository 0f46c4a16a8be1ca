package org.lrppruning.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Python's float formatting: {@code format(x, '.Nf')} and {@code repr(x)}, correctly rounded from the exact double. */
public final class PyFormat {
    private PyFormat() {}

    /**
     * {@code format(x, '.{digits}f')}: the exact binary value rounded half-even to {@code digits}
     * decimals, so ties only happen for exactly representable values (0.125 → "0.12"), as in Python.
     * The sign of a negative value that rounds to zero is kept ("-0.000"), as Python does.
     */
    public static String fixed(double x, int digits) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(Math.abs(x)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return Double.doubleToRawLongBits(x) < 0 ? "-" + s : s;
    }

    /**
     * {@code repr(x)}: the shortest decimal that reads back as x; plain notation ("100.0", "0.0001")
     * for decimal exponents in [-4, 16), else scientific with a two-digit exponent ("1e-05", "1e+16").
     */
    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String sign = Double.doubleToRawLongBits(x) < 0 ? "-" : "";
        double a = Math.abs(x);
        if (a == 0) {
            return sign + "0.0";
        }
        BigDecimal exact = new BigDecimal(a);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == a) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exp10 = digits.length() - 1 - shortest.scale();
        if (exp10 >= -4 && exp10 < 16) {
            String plain = shortest.toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = Integer.toString(Math.abs(exp10));
        return sign + mantissa + (exp10 < 0 ? "e-" : "e+") + (e.length() < 2 ? "0" + e : e);
    }
}
