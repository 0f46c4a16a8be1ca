package org.lrppruning.prune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.io.Npy;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Masks;
import org.lrppruning.testutil.Shared;

/**
 * Pruning shared/cnn's CNNs at the fixtures' rates (first int(112·p/100) filters of the global ranking on
 * refset_n5): the physically pruned float32 network gets the same logits on the first 256 test images, bit for
 * bit, and (lrp) the same count of correct images of the 10k test set as the unpruned one with those filters
 * masked in the fixtures' {@code channel} mode (zeroed after BatchNorm). The held-out accuracies are not ours
 * to read; this is the check the fixtures' README leaves.
 */
@Tag("shared")
class CnnPruningSharedTest {
    private static final Composites.Box BOX = Composites.Box.normalized(new double[] {0.2860}, new double[] {0.3530});
    private static final List<String> ACCURACIES = new ArrayList<>();
    private static LabeledData test;
    private static LabeledData refs;
    private static float[] first256;

    @BeforeAll
    static void data() throws IOException {
        Shared.root();
        test = DataSources.load("fashion-mnist:test", DataOptions.normalize("0.2860,0.3530"));
        refs = new LabeledData(Npy.read(Shared.file("cnn/refset_n5_input.npy")).asFloats(), new int[] {1, 28, 28},
                Npy.read(Shared.file("cnn/refset_n5_labels.npy")).asInts());
        first256 = Npy.read(Shared.file("cnn/first256_input.npy")).asFloats();
    }

    @ParameterizedTest(name = "{0} {1} p{2}")
    @CsvSource({"bn, lrp, 10", "bn, lrp, 30", "bn, lrp, 50", "nobn, lrp, 10", "nobn, lrp, 30", "nobn, lrp, 50",
            "bn, weight, 50", "bn, grad, 50", "bn, taylor, 50", "nobn, weight, 50", "nobn, grad, 50", "nobn, taylor, 50"})
    void physicalRemovalEqualsChannelMasking(String model, String criterion, int p) throws IOException {
        Network net = ModelIO.load(Shared.file("cnn/model_" + model + ".npz"),
                Architecture.of(model.equals("bn") ? "vgg-small" : "vgg-small-nobn"));
        UnitScores s = Criteria.of(criterion, new Criteria.Options(null, BOX)).score(net, refs, 2);
        PruningPlan plan = PruningPlan.lowest(s.ranking(), net.unitCounts(), 112 * p / 100);
        Network pruned = Pruner.prune(net, plan);
        Network masked = Masks.zeroed(net, plan);
        assertThat(pruned.unitTotal()).isEqualTo(112 - 112 * p / 100);
        assertThat(pruned.logits(first256, 256, 2)).containsExactly(masked.logits(first256, 256, 2));
        if (criterion.equals("lrp")) {
            int physical = Accuracy.correct(pruned, test, 2, null);
            int channel = Accuracy.correct(masked, test, 2, null);
            assertThat(physical).as("correct test images, pruned vs masked").isEqualTo(channel);
            synchronized (ACCURACIES) {
                ACCURACIES.add(String.format("%s p%d %.2f %%", model, p, physical / 100.0));
            }
        }
    }

    @AfterAll
    static void summary() {
        if (!ACCURACIES.isEmpty()) {
            System.out.println("CNN pruning by lrp, 10k test accuracy (physical = channel masking): "
                    + String.join(", ", ACCURACIES));
        }
    }
}
