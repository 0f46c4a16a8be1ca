package org.lrppruning.data;

import org.lrppruning.io.Limits;
import org.lrppruning.random.NumpyMath;
import org.lrppruning.random.NumpyRandom;

/**
 * The reference's data generators (spec section 2): scikit-learn's {@code make_moons} and
 * {@code make_circles} (noise 0.1, factor 0.3) and the 4-class spiral, driven by NumPy-compatible
 * random numbers, computed in float64 and stored as float32.
 */
public final class ToyData {
    /** Points in the fixed training sets per class. */
    public static final int TRAIN_PER_CLASS = 1000;
    /** Points in a noisy test set, in total. */
    public static final int NOISY_TEST_TOTAL = 500;

    /**
     * Heap bytes per generated point, with room to spare: float64 coordinates, their shuffled copy
     * and the noise (3 × 16), the float32 result (8), labels, shuffle indices and linspace values (about 24).
     */
    static final int BYTES_PER_POINT = 96;

    private ToyData() {}

    /** The one check that a set of {@code perClass} points per class can be generated: an int count that fits the heap. */
    public static int checkSize(Dataset dataset, long perClass) {
        if (perClass <= 0) {
            throw new IllegalArgumentException("numsamples (per class) must be > 0, was " + perClass);
        }
        Limits.checkArray("numsamples " + perClass + " per class of " + dataset, 2 * perClass * dataset.classes());
        Limits.checkHeap("numsamples of " + dataset, perClass, "samples per class",
                (long) BYTES_PER_POINT * dataset.classes(), 1);
        return (int) perClass;
    }

    /** {@code make(dataset, nTotal, seed)}: nTotal points drawn with the given seed. */
    public static Samples make(Dataset dataset, int nTotal, long seed) {
        return generate(dataset, nTotal, seed, new NumpyRandom(seed)).toFloat();
    }

    /** The fixed training set: make(dataset, 1000·K, 0). */
    public static Samples training(Dataset dataset) {
        return make(dataset, TRAIN_PER_CLASS * dataset.classes(), 0);
    }

    /** The reference samples of one run: make(dataset, npc·K, seed). */
    public static Samples reference(Dataset dataset, int perClass, long seed) {
        long total = (long) perClass * dataset.classes();
        Limits.checkArray("numsamples " + perClass + " per class of " + dataset, 2 * total);
        return make(dataset, (int) total, seed);
    }

    /**
     * The noisy test set of run seed {@code seed}: make(dataset, 500, seed + 1) as float32, plus
     * normal(0, σ) noise from the global generator in the state make() left it (spec section 2).
     */
    public static Samples noisyTest(Dataset dataset, long seed, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, was " + sigma);
        }
        NumpyRandom global = new NumpyRandom(seed + 1);
        Samples clean = generate(dataset, NOISY_TEST_TOTAL, seed + 1, global).toFloat();
        float[] x = clean.x();
        double[] noise = global.normal(0.0, sigma, x.length);
        for (int i = 0; i < x.length; i++) {
            // NumPy adds the float64 noise to the float32 array in float64, then stores float32.
            x[i] = (float) ((double) x[i] + noise[i]);
        }
        return clean;
    }

    /** Float64 points and labels before the float32 cast. */
    private record Raw(double[] x, int[] labels) {
        Samples toFloat() {
            float[] f = new float[x.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) x[i];
            }
            return new Samples(f, labels);
        }
    }

    /** The reference seeds the global generator with {@code seed} first; mult draws from it. */
    private static Raw generate(Dataset dataset, int nTotal, long seed, NumpyRandom global) {
        if (nTotal < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, was " + nTotal);
        }
        switch (dataset) {
            case MOON:
                return moons(nTotal, new NumpyRandom(seed));
            case CIRCLE:
                return circles(nTotal, new NumpyRandom(seed));
            case MULT:
                return spiral(nTotal, global);
            default:
                throw new AssertionError(dataset);
        }
    }

    private static Raw moons(int n, NumpyRandom r) {
        int nOut = n / 2;
        int nIn = n - nOut;
        double[] tOut = NumpyMath.linspace(0, Math.PI, nOut, true);
        double[] tIn = NumpyMath.linspace(0, Math.PI, nIn, true);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < nOut; i++) {
            x[2 * i] = StrictMath.cos(tOut[i]);
            x[2 * i + 1] = StrictMath.sin(tOut[i]);
        }
        for (int i = 0; i < nIn; i++) {
            x[2 * (nOut + i)] = 1 - StrictMath.cos(tIn[i]);
            x[2 * (nOut + i) + 1] = 1 - StrictMath.sin(tIn[i]) - 0.5;
            y[nOut + i] = 1;
        }
        return shuffleAndNoise(x, y, r);
    }

    private static Raw circles(int n, NumpyRandom r) {
        int nOut = n / 2;
        int nIn = n - nOut;
        double[] tOut = NumpyMath.linspace(0, 2 * Math.PI, nOut, false);
        double[] tIn = NumpyMath.linspace(0, 2 * Math.PI, nIn, false);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < nOut; i++) {
            x[2 * i] = StrictMath.cos(tOut[i]);
            x[2 * i + 1] = StrictMath.sin(tOut[i]);
        }
        for (int i = 0; i < nIn; i++) {
            x[2 * (nOut + i)] = StrictMath.cos(tIn[i]) * 0.3;
            x[2 * (nOut + i) + 1] = StrictMath.sin(tIn[i]) * 0.3;
            y[nOut + i] = 1;
        }
        return shuffleAndNoise(x, y, r);
    }

    /** scikit-learn's {@code shuffle(X, y)} then {@code X += normal(scale=0.1, size=X.shape)}. */
    private static Raw shuffleAndNoise(double[] x, int[] y, NumpyRandom r) {
        int n = y.length;
        int[] idx = NumpyMath.arange(n);
        r.shuffle(idx);
        double[] xs = new double[2 * n];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            xs[2 * i] = x[2 * idx[i]];
            xs[2 * i + 1] = x[2 * idx[i] + 1];
            ys[i] = y[idx[i]];
        }
        double[] noise = r.normal(0.0, 0.1, 2 * n);
        for (int i = 0; i < xs.length; i++) {
            xs[i] += noise[i];
        }
        return new Raw(xs, ys);
    }

    /** The 4-class spiral: per class j, r = linspace(0, 1, N), t = linspace(4j, 4j+4, N) + 0.2·randn(N). */
    private static Raw spiral(int nTotal, NumpyRandom global) {
        int k = 4;
        int perClass = nTotal / k;
        double[] x = new double[2 * perClass * k];
        int[] y = new int[perClass * k];
        double[] radius = NumpyMath.linspace(0.0, 1, perClass, true);
        for (int j = 0; j < k; j++) {
            double[] t = NumpyMath.linspace(j * 4, (j + 1) * 4, perClass, true);
            double[] jitter = global.randn(perClass);
            for (int i = 0; i < perClass; i++) {
                double ti = t[i] + jitter[i] * 0.2;
                int row = perClass * j + i;
                x[2 * row] = radius[i] * StrictMath.sin(ti);
                x[2 * row + 1] = radius[i] * StrictMath.cos(ti);
                y[row] = j;
            }
        }
        return new Raw(x, y);
    }
}
