package org.lrppruning.analysis;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes synthetic rank logs in the reference's format: per run an order of {@code neurons} indices
 * sorted by scores = a per-criterion base score + noise shrinking with npc, with a block of exact
 * zeros (as dead ReLUs give), so that orders agree partly, like real ones. Deterministic in its seed.
 */
final class SyntheticRankLog {
    static final List<String> DATASETS = List.of("moon", "circle", "mult");
    static final List<String> CRITERIA = List.of("weight", "taylor", "grad", "lrp");
    static final List<Integer> NPC = List.of(1, 2, 5, 10, 20, 50, 100, 200);

    private SyntheticRankLog() {}

    /**
     * Writes one rankselection line (and a rankscores line when {@code withScores}) per run of
     * datasets × criteria × NPC × seeds 0..seeds−1.
     */
    static void write(Writer out, List<String> datasets, List<String> criteria, List<Integer> npcs, int seeds,
                      int neurons, boolean withScores) throws IOException {
        StringBuilder sb = new StringBuilder(neurons * 8);
        for (String d : datasets) {
            int k = LogRecord.classes(d);
            for (String c : criteria) {
                double[] base = new SplittableRandom((d + c).hashCode()).doubles(neurons).toArray();
                for (int npc : npcs) {
                    for (int s = 0; s < seeds; s++) {
                        SplittableRandom rnd = new SplittableRandom(((long) (d + c).hashCode() << 20) ^ (npc * 1000L + s));
                        double[] score = new double[neurons];
                        double noise = c.equals("weight") ? 0 : 1.0 / Math.sqrt(npc);
                        for (int i = 0; i < neurons; i++) {
                            score[i] = i % 7 == 3 && npc < 20 ? 0.0 : base[i] + noise * rnd.nextGaussian();
                        }
                        int[] order = RankStats.argsort(score);
                        String name = "dataset:" + d + "-criterion:" + c + "-n:" + npc * k + "-s:" + s;
                        sb.setLength(0);
                        sb.append(name).append("-scenario:rankselection-stage:pre [");
                        for (int i = 0; i < neurons; i++) {
                            sb.append(i == 0 ? "" : ",").append(order[i]);
                        }
                        out.append(sb).append("]\n");
                        if (withScores) {
                            sb.setLength(0);
                            sb.append(name).append("-scenario:rankscores-stage:pre [");
                            for (int i = 0; i < neurons; i++) {
                                sb.append(i == 0 ? "" : ",").append((float) score[i]);
                            }
                            out.append(sb).append("]\n");
                        }
                    }
                }
            }
        }
    }

    /** The full paper grid (3 × 4 × 8 × seeds) with 3000 neurons, into {@code file}. */
    static void writeFullGrid(Path file, int seeds, boolean withScores) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w, DATASETS, CRITERIA, NPC, seeds, 3000, withScores);
        }
    }
}
