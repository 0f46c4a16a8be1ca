package org.lrppruning.experiment;

import org.lrppruning.data.Dataset;

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

    public RunConfig {
        checkPerClass(perClass);
        checkSigma(sigma);
        checkSeed(seed);
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

    /** The one check of a run seed (seed + 1 seeds the noisy test set, so 2^32 − 1 is excluded). */
    public static long checkSeed(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("seed must be between 0 and 4294967294, was " + seed);
        }
        return seed;
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
