package org.lrppruning.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Nets;

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

    @Test
    void classifyingByTilesWithZeroInputsLeftOutEqualsClassifyingEveryPointAloneAndInOneBatch() {
        // a paper-shaped network, wide enough that the products take the tiled path, on a grid of
        // several tiles with partial ones at the edges
        Network net = Nets.paperShaped(7, 40, 40, 40, 4, false);
        DecisionGrid g = DecisionGrid.fromTrainingData(new float[] {-1.2f, -1.1f, 1.3f, 1.05f}, 150);
        assertThat(g.nx() % DecisionGrid.TILE).isNotZero();
        int[] tiled = g.classify((xy, n) -> net.predictRegion(xy, n, 2));

        float[] points = g.points();
        int[] alone = new int[g.count()];
        for (int i = 0; i < alone.length; i++) {
            alone[i] = net.predict(new float[] {points[2 * i], points[2 * i + 1]}, 1, 1)[0];
        }
        assertThat(tiled).containsExactly(alone);
        assertThat(tiled).containsExactly(net.predict(points, g.count(), 1));
        assertThat(g.classify((xy, n) -> net.predict(xy, n, 1))).containsExactly(alone);
        assertThat(java.util.Arrays.stream(tiled).distinct().count()).as("more than one region").isGreaterThan(1);
    }

    @Test
    void classifyAsksForOneTileOfPointsAtATimeAndPutsTheLabelsBackInPlace() {
        DecisionGrid g = DecisionGrid.fromTrainingData(new float[] {-1, -1, 1, 1}, 150);
        int[] largest = {0};
        float[] points = g.points();
        int[] labels = g.classify((xy, n) -> {
            assertThat(xy).hasSize(2 * n);
            largest[0] = Math.max(largest[0], n);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = Float.floatToIntBits(xy[2 * i]) ^ 31 * Float.floatToIntBits(xy[2 * i + 1]);
            }
            return out;
        });
        assertThat(largest[0]).isEqualTo(DecisionGrid.TILE * DecisionGrid.TILE);
        for (int i = 0; i < g.count(); i++) {
            assertThat(labels[i]).isEqualTo(Float.floatToIntBits(points[2 * i]) ^ 31 * Float.floatToIntBits(points[2 * i + 1]));
        }
    }

    @Test
    void aGridTooFineForItsRegionImageIsRefusedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> DecisionGrid.fromTrainingData(new float[] {-1, -1, 1, 1}, 100_000))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageMatching("decision grid of 10000[01] x 10000[01] cells \\(its region image\\): .*")
            .hasMessageContaining("more than a Java array holds");
    }

    @Test
    void theRegionImageIsOnePixelBlockPerCellWithTheTopRowLast() {
        DecisionGrid g = DecisionGrid.fromTrainingData(new float[] {-1, -1, 1, 0.5f}, 13);
        Random r = new Random(3);
        int[] labels = new int[g.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(5) - 1; // -1 and 3 are outside the three colours: transparent
        }
        Color[] colors = {new Color(200, 10, 10), new Color(10, 200, 10), new Color(10, 10, 200)};
        int up = 3;
        BufferedImage img = DecisionRegionChart.regionImage(g, labels, colors, 0.5, up);
        assertThat(img.getWidth()).isEqualTo(g.nx() * up);
        assertThat(img.getHeight()).isEqualTo(g.ny() * up);
        for (int py = 0; py < img.getHeight(); py++) {
            for (int px = 0; px < img.getWidth(); px++) {
                int label = labels[(g.ny() - 1 - py / up) * g.nx() + px / up];
                int want = label >= 0 && label < colors.length ? (128 << 24) | (colors[label].getRGB() & 0xffffff) : 0;
                assertThat(img.getRGB(px, py)).as("pixel %d,%d", px, py).isEqualTo(want);
            }
        }
    }
}
