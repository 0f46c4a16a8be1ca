package org.lrppruning.random;

/**
 * NumPy's legacy {@code RandomState}: MT19937 (Matsumoto and Nishimura 1998) with NumPy's
 * double, polar-normal and shuffle algorithms, so that a seed gives the very same streams as
 * {@code numpy.random.RandomState(seed)} (spec section 1).
 */
public final class NumpyRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int mti;
    private boolean hasGauss;
    private double gauss;

    /** A generator seeded like {@code RandomState(seed)}; {@code 0 <= seed < 2^32}. */
    public NumpyRandom(long seed) {
        seed(seed);
    }

    /** Re-seeds like {@code np.random.seed(seed)}: MT19937 {@code init_genrand}, cached normal dropped. */
    public void seed(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, was " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
        hasGauss = false;
        gauss = 0.0;
    }

    /** The first {@code count} words of the key after seeding (for tests). */
    int keyWord(int i) {
        return mt[i];
    }

    /** The next raw 32-bit output (genrand_int32), as the low 32 bits of a long. */
    public long nextUInt32() {
        if (mti >= N) {
            twist();
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFF_FFFFL;
    }

    private void twist() {
        for (int kk = 0; kk < N; kk++) {
            int y = (mt[kk] & 0x8000_0000) | (mt[(kk + 1) % N] & 0x7fff_ffff);
            mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        mti = 0;
    }

    /** {@code random_sample()}: 53-bit double in [0, 1) from two 32-bit words. */
    public double randomSample() {
        long a = nextUInt32() >>> 5;
        long b = nextUInt32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** Legacy standard normal: polar (Marsaglia) method, second value cached. */
    public double gauss() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code randn(count)}. */
    public double[] randn(int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = gauss();
        }
        return out;
    }

    /** {@code normal(loc, scale, count)}: loc + scale·gauss, filled in C order. */
    public double[] normal(double loc, double scale, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = loc + scale * gauss();
        }
        return out;
    }

    /** A uniform integer in [0, max] by masked rejection, as NumPy's legacy {@code shuffle} draws it. */
    public long bounded(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUInt32() & mask;
        } while (v > max);
        return v;
    }

    /** In-place {@code shuffle}: for i = n-1 down to 1, swap a[i] with a[bounded(i)]. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) bounded(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
