package org.lrppruning.data;

/**
 * Labelled 2-D points: {@code x} holds (x, y) pairs interleaved row-major (n × 2, float32),
 * {@code labels} the class of each point.
 */
public record Samples(float[] x, int[] labels) {
    public Samples {
        if (x.length != 2 * labels.length) {
            throw new IllegalArgumentException("x must hold 2 coordinates per label: "
                    + x.length + " values for " + labels.length + " labels");
        }
    }

    /** Number of points. */
    public int size() {
        return labels.length;
    }
}
