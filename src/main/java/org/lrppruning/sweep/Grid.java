package org.lrppruning.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.io.Limits;

/**
 * A grid of runs: data sets × criteria × reference samples per class × seeds at one noisy-test
 * sigma. The paper's grid is 3 × 4 × 8 × 50 = 4800 runs (spec section 8). A value listed twice
 * (e.g. seeds 0,0 or 0-5,3) is kept once, at its first place, so no run is made twice.
 */
public record Grid(List<Dataset> datasets, List<String> criteria, List<Integer> perClass, List<Long> seeds,
                   double sigma, boolean rankLog, int pruneCount, boolean rankScores) {
    /** The paper's sample counts per class. */
    public static final List<Integer> PAPER_NPC = List.of(1, 2, 5, 10, 20, 50, 100, 200);
    /** The paper's headline noisy-test sigma. */
    public static final double PAPER_SIGMA = 0.3;
    /** Heap bytes a planned run holds (its config, list slots, its key in the log's run set), with room to spare. */
    static final int BYTES_PER_RUN = 256;
    /** Heap bytes of a seed in a list (a boxed long and its slot), with room to spare. */
    static final int BYTES_PER_SEED = 32;

    public Grid {
        datasets = distinct(datasets);
        criteria = distinct(criteria);
        perClass = distinct(perClass);
        seeds = distinct(seeds);
        for (String c : criteria) {
            Criteria.of(c);
        }
        perClass.forEach(RunConfig::checkPerClass);
        RunConfig.checkSigma(sigma);
        seeds.forEach(s -> RunConfig.checkSeed(s, sigma));
        if (datasets.isEmpty() || criteria.isEmpty() || perClass.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one dataset, criterion, sample count and seed");
        }
        long runs = (long) datasets.size() * criteria.size() * perClass.size() * seeds.size();
        Limits.checkHeap("grid", runs, "runs", BYTES_PER_RUN, 1);
    }

    /** A grid whose rank runs log the rankings only, as the reference's do. */
    public Grid(List<Dataset> datasets, List<String> criteria, List<Integer> perClass, List<Long> seeds,
                double sigma, boolean rankLog, int pruneCount) {
        this(datasets, criteria, perClass, seeds, sigma, rankLog, pruneCount, false);
    }

    /** The paper's grid: every data set, the four criteria, npc 1..200, seeds 0..49. */
    public static Grid paper(double sigma, boolean rankLog) {
        return new Grid(List.of(Dataset.values()), Criteria.PAPER, PAPER_NPC, range(0, 49), sigma, rankLog,
                RunConfig.DEFAULT_PRUNE_COUNT);
    }

    private static <T> List<T> distinct(List<T> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    /** Seeds from..to inclusive. */
    public static List<Long> range(long from, long to) {
        List<Long> s = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            s.add(i);
        }
        return s;
    }

    /** Parses "0-49", "3" or "1,4,9-12" into seeds. */
    public static List<Long> parseSeeds(String spec) {
        List<Long> seeds = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    long a = RunConfig.checkSeed(Long.parseLong(p.substring(0, dash).trim()));
                    long b = RunConfig.checkSeed(Long.parseLong(p.substring(dash + 1).trim()));
                    if (b < a) {
                        throw new IllegalArgumentException("empty seed range '" + p + "'");
                    }
                    // counted before the list grows: 0-4294967295 would not fit
                    Limits.checkHeap("seeds '" + spec + "'", seeds.size() + (b - a + 1), "seeds", BYTES_PER_SEED, 1);
                    seeds.addAll(range(a, b));
                } else {
                    seeds.add(RunConfig.checkSeed(Long.parseLong(p)));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid seeds '" + spec + "' (use a list or range, e.g. 0-49 or 1,3,5)");
            }
        }
        return seeds;
    }

    /** Every run, data set first, then criterion, sample count, seed. */
    public List<RunConfig> runs() {
        List<RunConfig> runs = new ArrayList<>();
        for (Dataset d : datasets) {
            for (String c : criteria) {
                for (int npc : perClass) {
                    for (long s : seeds) {
                        runs.add(new RunConfig(d, c, npc, s, sigma, pruneCount, rankLog, rankScores));
                    }
                }
            }
        }
        return runs;
    }

    /** Number of runs. */
    public int size() {
        return datasets.size() * criteria.size() * perClass.size() * seeds.size();
    }
}
