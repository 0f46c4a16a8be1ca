package org.lrppruning.random;

/** NumPy array constructors whose exact floating-point results the data sets depend on. */
public final class NumpyMath {
    private NumpyMath() {}

    /**
     * {@code numpy.linspace(start, stop, num, endpoint)}: value_i = i·step + start with
     * step = (stop − start)/div, div = num − 1 (endpoint) or num; with endpoint the last value is stop.
     */
    public static double[] linspace(double start, double stop, int num, boolean endpoint) {
        if (num < 0) {
            throw new IllegalArgumentException("num must be >= 0, was " + num);
        }
        double[] y = new double[num];
        int div = endpoint ? num - 1 : num;
        double delta = stop - start;
        if (div > 0) {
            double step = delta / div;
            for (int i = 0; i < num; i++) {
                // NumPy divides first when the step underflows to zero (denormal deltas).
                y[i] = step == 0 ? (i / (double) div) * delta + start : i * step + start;
            }
        } else {
            for (int i = 0; i < num; i++) {
                y[i] = i * delta + start;
            }
        }
        if (endpoint && num > 1) {
            y[num - 1] = stop;
        }
        return y;
    }

    /** {@code numpy.arange(0, n)} as ints. */
    public static int[] arange(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
