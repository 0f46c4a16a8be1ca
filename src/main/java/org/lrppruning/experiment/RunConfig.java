package org.lrppruning.experiment;

import org.lrppruning.data.Dataset;
import org.lrppruning.io.Limits;

/**
 * One run of the toy experiment: data set, criterion, reference samples per class, seed, the
 * noisy-test sigma (0 = test on the reference samples), how many neurons to prune, whether this
 * is a rank-analysis run (log the ranking instead of pruning) and whether such a run also logs the
 * scores (an addition to the reference's log).
 */
public record RunConfig(Dataset dataset, String criterion, int perClass, long seed, double sigma,
                        int pruneCount, boolean rankLog, boolean rankScores) {
    /** The reference prunes 1000 of the 3000 hidden neurons. */
    public static final int DEFAULT_PRUNE_COUNT = 1000;
    /** Largest seed NumPy's RandomState takes: 2^32 − 1. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;
    /**
     * Heap bytes a run holds per reference sample and per value the network computes for it
     * ({@link org.lrppruning.model.Network#valuesPerRow()}): the forward values, the backward
     * pass's gradients or relevances and the products' temporaries. Measured: taylor, the most
     * demanding criterion, needs about 12 (mult, paper network, 14000 samples fit a 1 GiB heap,
     * 16000 do not).
     */
    public static final int RUN_BYTES_PER_VALUE = 12;

    public RunConfig {
        checkPerClass(perClass);
        // the samples' coordinates are one float array: npc·K·2 values, counted in long
        Limits.checkArray("numsamples " + perClass + " per class of " + dataset, 2L * perClass * dataset.classes());
        checkSigma(sigma);
        checkSeed(seed, sigma);
        if (pruneCount < 0) {
            throw new IllegalArgumentException("prune count must be >= 0, was " + pruneCount);
        }
    }

    /** The one check of a sample count per class, for every command that takes one. */
    public static int checkPerClass(int perClass) {
        if (perClass <= 0) {
            throw new IllegalArgumentException("numsamples (per class) must be > 0, was " + perClass);
        }
        return perClass;
    }

    /** The one check of a noisy-test sigma (0 = no noisy test). */
    public static double checkSigma(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("noisytest sigma must be a finite number >= 0, was " + sigma);
        }
        return sigma;
    }

    /** The one check of a seed: NumPy's RandomState range 0..2^32 − 1. */
    public static long checkSeed(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("seed must be between 0 and " + MAX_SEED
                    + " (NumPy's RandomState range), was " + seed);
        }
        return seed;
    }

    /**
     * The one check of a run seed: {@link #checkSeed(long)}, and with a noisy test (sigma > 0) the
     * test set's seed + 1 must be a seed too (NumPy refuses RandomState(2^32), so the reference fails there as well).
     */
    public static long checkSeed(long seed, double sigma) {
        checkSeed(seed);
        if (sigma > 0 && seed == MAX_SEED) {
            throw new IllegalArgumentException("seed " + seed + " with a noisy test needs seed + 1 = " + (seed + 1)
                    + " for the test set, outside NumPy's seed range 0.." + MAX_SEED + " (use another seed or -nt 0)");
        }
        return seed;
    }

    /**
     * The one check that runs of {@code perClass} reference samples per class fit the heap, npc·K
     * samples through a network of {@code valuesPerRow} values per sample, {@code parallel} runs at
     * once (products in long, so no size overflows).
     */
    public static int checkFits(Dataset dataset, int perClass, long valuesPerRow, int parallel) {
        return checkFits(dataset, perClass, valuesPerRow, parallel, Limits.heap());
    }

    /** {@link #checkFits(Dataset, int, long, int)} against a given heap size. */
    static int checkFits(Dataset dataset, int perClass, long valuesPerRow, int parallel, long heap) {
        checkPerClass(perClass);
        Limits.checkHeap("numsamples of " + dataset, perClass, "samples per class",
                dataset.classes() * valuesPerRow * RUN_BYTES_PER_VALUE, parallel, heap);
        return perClass;
    }

    /** A run whose rank-analysis variant logs the ranking only, as the reference does. */
    public RunConfig(Dataset dataset, String criterion, int perClass, long seed, double sigma, int pruneCount,
                     boolean rankLog) {
        this(dataset, criterion, perClass, seed, sigma, pruneCount, rankLog, false);
    }

    /** A pruning run with the reference's defaults for everything else. */
    public static RunConfig of(Dataset dataset, String criterion, int perClass, long seed, double sigma) {
        return new RunConfig(dataset, criterion, perClass, seed, sigma, DEFAULT_PRUNE_COUNT, false);
    }

    /** Total reference sample count n = npc·K, as the log names it. */
    public int totalSamples() {
        return perClass * dataset.classes();
    }

    /** {@code dataset:moon-criterion:lrp-n:10-s:3}. */
    public String experimentName() {
        return "dataset:" + dataset.id() + "-criterion:" + criterion + "-n:" + totalSamples() + "-s:" + seed;
    }
}
