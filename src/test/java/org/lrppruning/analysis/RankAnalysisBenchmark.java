package org.lrppruning.analysis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Times the rank analysis of the full paper grid (3 datasets × 4 criteria × 8 npc × 50 seeds = 4800
 * orders of 3000 neurons) on a synthetic log. Not a unit test: run it by hand after
 * {@code mvn -q -o test-compile}:
 * <pre>java -cp target/classes:target/test-classes org.lrppruning.analysis.RankAnalysisBenchmark [threads] [seeds] [scores]</pre>
 * threads defaults to 2, seeds to 50; a third argument "scores" adds rankscores lines.
 */
public final class RankAnalysisBenchmark {
    private RankAnalysisBenchmark() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        boolean scores = args.length > 2 && args[2].equals("scores");
        Path dir = Files.createTempDirectory("rank-bench");
        Path log = dir.resolve("log.txt");
        try {
            long t0 = System.nanoTime();
            SyntheticRankLog.writeFullGrid(log, seeds, scores);
            long t1 = System.nanoTime();
            System.out.printf("generated %s (%.0f MB) in %.1f s%n", log.getFileName(), Files.size(log) / 1e6, (t1 - t0) / 1e9);
            LogParser.Result parsed = LogParser.readAll(log);
            long t2 = System.nanoTime();
            System.out.printf("parsed %d records in %.1f s (%s)%n", parsed.report().records(), (t2 - t1) / 1e9,
                    parsed.report().warnings().isEmpty() ? "no warnings" : parsed.report().warnings());
            for (String d : List.of("moon", "circle", "mult")) {
                long a = System.nanoTime();
                RankAnalysis r = RankAnalysis.analyse(d, parsed.records(), threads);
                String text = r.text();
                long b = System.nanoTime();
                System.out.printf("analysed %s with %d thread(s) in %.1f s: %d sections, %d chars, %d warnings%n",
                        d, threads, (b - a) / 1e9, r.sections().size(), text.length(), r.warnings().size());
            }
            long t3 = System.nanoTime();
            System.out.printf("total analysis %.1f s; parse + analysis %.1f s%n", (t3 - t2) / 1e9, (t3 - t1) / 1e9);
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        }
    }
}
