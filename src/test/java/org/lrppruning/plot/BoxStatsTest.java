package org.lrppruning.plot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoxStatsTest {

    @Test
    void quartilesInterpolateLikeNumpy() {
        BoxStats s = BoxStats.of(new double[] {4, 1, 3, 2});
        assertThat(s.q1()).isEqualTo(1.75);
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.q3()).isEqualTo(3.25);
        assertThat(s.whiskerLow()).isEqualTo(1);
        assertThat(s.whiskerHigh()).isEqualTo(4);
    }

    @Test
    void whiskersStopAtOneAndAHalfBoxLengths() {
        BoxStats s = BoxStats.of(new double[] {1, 2, 3, 4, 100});
        assertThat(s.q1()).isEqualTo(2);
        assertThat(s.q3()).isEqualTo(4);
        assertThat(s.whiskerLow()).isEqualTo(1);
        assertThat(s.whiskerHigh()).isEqualTo(4);
        assertThat(s.mean()).isEqualTo(22);
    }

    @Test
    void singleValue() {
        BoxStats s = BoxStats.of(new double[] {7});
        assertThat(s.q1()).isEqualTo(7);
        assertThat(s.whiskerHigh()).isEqualTo(7);
    }
}
