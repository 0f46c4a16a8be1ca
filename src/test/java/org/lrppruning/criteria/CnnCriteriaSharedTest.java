package org.lrppruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Shared;

/**
 * The four criteria on the conv filters of shared/cnn's two CNNs, from the reference set refset_n5 (50 test
 * images), against the seed authors' definitions as the fixtures compute them: raw and normalised scores
 * within 1e-4 relative per layer (max |ours − theirs| / max |theirs|), the same global ranking of the 112
 * filters and the same removed filters at 10, 30 and 50 %.
 */
@Tag("shared")
class CnnCriteriaSharedTest {
    private static final String[] TAPS = {"conv1", "conv2", "conv3"};
    private static final Composites.Box BOX = Composites.Box.normalized(new double[] {0.2860}, new double[] {0.3530});
    private static final List<String> WORST = new ArrayList<>();

    static Network model(String model) throws IOException {
        return ModelIO.load(Shared.file("cnn/model_" + model + ".npz"),
                Architecture.of(model.equals("bn") ? "vgg-small" : "vgg-small-nobn"));
    }

    static LabeledData refs() throws IOException {
        float[] x = Npy.read(Shared.file("cnn/refset_n5_input.npy")).asFloats();
        int[] y = Npy.read(Shared.file("cnn/refset_n5_labels.npy")).asInts();
        return new LabeledData(x, new int[] {1, 28, 28}, y);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"bn, weight", "bn, grad", "bn, taylor", "bn, lrp", "bn, weight-bnfused", "bn, lrp-logitstart",
            "nobn, weight", "nobn, grad", "nobn, taylor", "nobn, lrp", "nobn, lrp-logitstart"})
    void scoresRankingAndRemovedFiltersEqualTheFixtures(String model, String criterion) throws IOException {
        Network net = model(model);
        Map<String, NpyArray> ref = Npz.read(Shared.file("cnn/" + model + "_criteria_n5.npz"));
        UnitScores s = Criteria.of(criterion, new Criteria.Options(null, BOX)).score(net, refs(), 2);

        assertThat(s.layers()).hasSize(3);
        double worst = 0;
        for (int h = 0; h < 3; h++) {
            String key = fixtureKey(criterion) + "__" + TAPS[h];
            worst = Math.max(worst, relative(s.raw()[h], ref.get(key + "__raw").asDoubles(), key + "__raw"));
            worst = Math.max(worst, relative(s.normalised()[h], ref.get(key + "__norm").asDoubles(), key + "__norm"));
        }
        synchronized (WORST) {
            WORST.add(String.format("%s %s %.1e", model, criterion, worst));
        }

        int[] order = s.ranking();
        long[] layer = ref.get(fixtureKey(criterion) + "__rank_layer").asLongs();
        long[] filter = ref.get(fixtureKey(criterion) + "__rank_filter").asLongs();
        int[] offsets = {0, 16, 48};
        int[][] got = pairs(order, offsets, order.length);
        int[][] want = new int[order.length][];
        for (int i = 0; i < want.length; i++) {
            want[i] = new int[] {(int) layer[i], (int) filter[i]};
        }
        assertThat(got).as("global ranking of the 112 filters").isDeepEqualTo(want);
        for (int p : new int[] {10, 30, 50}) {
            NpyArray removed = ref.get(fixtureKey(criterion) + "__removed_p" + p);
            long[] flat = removed.asLongs();
            int k = removed.dim(0);
            assertThat(k).isEqualTo(112 * p / 100);
            int[][] wantRemoved = new int[k][];
            for (int i = 0; i < k; i++) {
                wantRemoved[i] = new int[] {(int) flat[2 * i], (int) flat[2 * i + 1]};
            }
            assertThat(pairs(order, offsets, k)).as("removed at %d %%", p).isDeepEqualTo(wantRemoved);
        }
    }

    /** The fixtures' key of a registry name (they write '_' where the registry writes '-'). */
    private static String fixtureKey(String criterion) {
        return criterion.replace('-', '_');
    }

    /** (layer, filter) of the first k entries of a layer-major order. */
    static int[][] pairs(int[] order, int[] offsets, int k) {
        int[][] out = new int[k][];
        for (int i = 0; i < k; i++) {
            int h = offsets.length - 1;
            while (order[i] < offsets[h]) {
                h--;
            }
            out[i] = new int[] {h, order[i] - offsets[h]};
        }
        return out;
    }

    /** max |got − want| / max |want|, asserted ≤ 1e-4. */
    private static double relative(double[] got, double[] want, String what) {
        double rel = CnnCriteriaTest.relativeError(got, want, what);
        assertThat(rel).as("%s: relative error per layer", what).isLessThanOrEqualTo(1e-4);
        return rel;
    }

    @AfterAll
    static void summary() {
        if (!WORST.isEmpty()) {
            System.out.println("CNN criteria vs shared/cnn, worst relative error per layer: " + String.join(", ", WORST));
        }
    }
}
