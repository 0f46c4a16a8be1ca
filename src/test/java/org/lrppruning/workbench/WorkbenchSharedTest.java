package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.Npy;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Shared;

/**
 * The workbench's reuse on the trained CNNs of ../shared/cnn (vgg-small with and without BatchNorm) and their first
 * 256 test images: from the unpruned pass, the stages of the first conv and recent plans, the logits of the plans
 * along a ranking (global and per layer) and of random plans are the whole pruned network's, bit for bit.
 */
@Tag("shared")
class WorkbenchSharedTest {
    @ParameterizedTest
    @CsvSource({"bn", "nobn"})
    void thePlansOfARankingGiveThePrunedNetworksLogitsBitForBit(String model) throws IOException {
        Network net = OnnxReader.read(Shared.file("cnn/model_" + model + ".onnx")).network()
                .withUnits(PrunableUnits.DEFAULT);
        float[] x = Npy.read(Shared.file("cnn/first256_input.npy")).asFloats();
        LabeledData d = new LabeledData(x, new int[] {1, 28, 28}, new int[256]);
        Forward f = new Forward(net, d, 2, Forward.CACHE_VALUES);
        Random r = new Random(3);
        int[] sizes = net.unitCounts();
        int[] order = r.ints(0, net.unitTotal()).distinct().limit(net.unitTotal()).toArray();
        f.prepare(order);
        for (int k = 1; k < net.unitTotal(); k += 7) {
            int[] counts = new int[sizes.length];
            for (int h = 0; h < sizes.length; h++) {
                counts[h] = k * sizes[h] / net.unitTotal();
            }
            for (PruningPlan plan : new PruningPlan[] {PruningPlan.lowest(order, sizes, k),
                    PruningPlan.lowestPerLayer(order, sizes, counts)}) {
                if (plan.emptiedLayer(sizes) < 0) {
                    Network p = Pruner.prune(net, plan);
                    assertThat(f.logits(p, plan)).as(Arrays.deepToString(plan.perLayer()))
                            .containsExactly(p.logits(x, 256, 1));
                }
            }
        }
    }
}
