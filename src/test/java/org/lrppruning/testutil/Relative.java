package org.lrppruning.testutil;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixtures' error measure: per row, the largest |got − want| over the row's largest |want|. */
public final class Relative {
    private Relative() {}

    /** max over rows of max_i |got − want| / max_i |want| (an all-zero row: the absolute error). */
    public static double worst(double[] got, double[] want, int rows, int width) {
        assertThat(got).hasSize(want.length);
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            double scale = 0;
            double err = 0;
            for (int i = 0; i < width; i++) {
                scale = Math.max(scale, Math.abs(want[r * width + i]));
                err = Math.max(err, Math.abs(got[r * width + i] - want[r * width + i]));
            }
            worst = Math.max(worst, scale == 0 ? err : err / scale);
        }
        return worst;
    }
}
