package org.lrppruning.plot;

/** Any model that labels 2-D points: the decision-region figures need nothing more. */
@FunctionalInterface
public interface Classifier {

    /**
     * Predicted class of each point.
     *
     * @param xy interleaved coordinates {x0, y0, x1, y1, ...}
     * @param count number of points (xy holds at least 2 · count values)
     * @return count labels in 0..K-1
     */
    int[] predict(float[] xy, int count);
}
