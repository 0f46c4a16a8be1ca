package org.lrppruning.experiment;

import org.lrppruning.io.PyFloat;

/** The log line formats of spec section 6, character for character. */
public final class LogLines {
    private LogLines() {}

    /** {@code {experiment}-scenario:{scenario}-stage:{stage}}: also the figure's file name. */
    public static String evalName(RunConfig cfg, String scenario, String stage) {
        return cfg.experimentName() + "-scenario:" + scenario + "-stage:" + stage;
    }

    /** {@code dataset:moon-criterion:lrp-n:10-s:3-scenario:train-stage:pre 99.95} (Python's repr of the accuracy). */
    public static String accuracy(RunConfig cfg, Evaluation e) {
        return evalName(cfg, e.scenario(), e.stage()) + " " + PyFloat.repr(e.accuracy());
    }

    /** The rank-analysis line: all hidden neurons by ascending score, as a JSON array without spaces. */
    public static String ranking(RunConfig cfg, int[] order) {
        StringBuilder sb = new StringBuilder(evalName(cfg, "rankselection", "pre")).append(" [");
        for (int i = 0; i < order.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(order[i]);
        }
        return sb.append(']').toString();
    }

    /**
     * An addition to the reference's format, written on request next to the ranking: the normalised
     * scores of all hidden neurons (layer-major) as a JSON array of shortest float32 decimals, so that
     * the analysis can correlate scores and not only orders.
     */
    public static String rankScores(RunConfig cfg, float[][] scores) {
        StringBuilder sb = new StringBuilder(evalName(cfg, "rankscores", "pre")).append(" [");
        boolean first = true;
        for (float[] layer : scores) {
            for (float v : layer) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(PyFloat.reprFloat32(v));
            }
        }
        return sb.append(']').toString();
    }
}
