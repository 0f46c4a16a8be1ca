package org.lrppruning.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DecisionGridTest {

    @Test
    void arangeFollowsNumpy() {
        assertThat(DecisionGrid.arange(0, 1, 0.25)).containsExactly(0, 0.25, 0.5, 0.75);
        assertThat(DecisionGrid.arange(0, 0.3, 0.1)).hasSize(3);
        // numpy's rounding quirk: (2.2 - 1) / 0.4 is a hair above 3, so the stop value is included
        assertThat(DecisionGrid.arange(1, 2.2, 0.4)).hasSize(4);
        assertThat(DecisionGrid.arange(1, 1, 0.1)).isEmpty();
        assertThat(DecisionGrid.arange(2, 1, 0.1)).isEmpty();
        assertThatThrownBy(() -> DecisionGrid.arange(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void gridMatchesNumpyOnFloat32Bounds() {
        // expected values printed by numpy from the same three float32 points
        DecisionGrid g = DecisionGrid.fromTrainingData(new float[] {-1.3f, 0.2f, 2.05f, 1.1f, 0.4f, -0.65f});
        assertThat(g.xMin()).isEqualTo((double) -1.4f);
        assertThat(g.xMax()).isEqualTo((double) 2.1499999f);
        assertThat(g.yMin()).isEqualTo((double) -0.75f);
        assertThat(g.yMax()).isEqualTo((double) 1.2f);
        assertThat(g.spacing()).isEqualTo((double) 0.00975f);
        assertThat(g.nx()).isEqualTo(365);
        assertThat(g.ny()).isEqualTo(201);
        assertThat(g.count()).isEqualTo(365 * 201);
        assertThat(g.xs()[1]).isCloseTo(-1.3902499759569764, within(1e-15));
        assertThat(g.xs()[364]).isCloseTo(2.149000097066164, within(1e-14));
        assertThat(g.ys()[200]).isCloseTo(1.2000000402331352, within(1e-14));
    }

    @Test
    void pointsRunRowByRowWithXFastest() {
        DecisionGrid g = DecisionGrid.fromTrainingData(new float[] {-1.3f, 0.2f, 2.05f, 1.1f, 0.4f, -0.65f});
        float[] p = g.points();
        assertThat(p).hasSize(2 * g.count());
        assertThat(p[2]).isEqualTo(-1.39025f);
        assertThat(p[3]).isEqualTo(-0.75f);
        assertThat(p[2 * g.nx()]).isEqualTo(-1.4f);
        assertThat(p[2 * g.nx() + 1]).isEqualTo(-0.74025f);
        assertThat(p[p.length - 2]).isEqualTo(2.1490002f);
        assertThat(p[p.length - 1]).isEqualTo(1.2f);
    }

    @Test
    void classifyPassesAllPointsAndChecksTheAnswer() {
        DecisionGrid g = DecisionGrid.fromTrainingData(new float[] {-1, -1, 1, 1});
        int[] labels = g.classify((xy, n) -> {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = xy[2 * i] < 0 ? 0 : 1;
            }
            return out;
        });
        assertThat(labels).hasSize(g.count());
        assertThat(labels[0]).isZero();
        assertThat(labels[g.nx() - 1]).isOne();
        assertThatThrownBy(() -> g.classify((xy, n) -> new int[n - 1]))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grid labels");
    }

    @Test
    void rejectsOddCoordinateCounts() {
        assertThatThrownBy(() -> DecisionGrid.fromTrainingData(new float[] {1, 2, 3}))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
