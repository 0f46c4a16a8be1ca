package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.LabeledData;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.train.Trainer;

/** The residual families: their graph, groups and names, and training through the branches, the same bits for any thread count. */
class ResNetsTest {
    @Test
    void resnet8IsTheGraphOfSharedGraphsResnet8() {
        Network net = Architecture.of("resnet8").initialise(new int[] {1, 28, 28}, 10, 1);
        assertThat(net.isChain()).isFalse();
        assertThat(net.parameterCount()).isEqualTo(78_426); // parameters + BatchNorm statistics, as shared/graph counts
        assertThat(net.channelGroups().size()).isEqualTo(6);
        assertThat(net.unitTotal()).isEqualTo(224);
        assertThat(net.prunableNames()).containsExactly("conv1", "layer1.0.conv1", "layer2.0.conv1", "layer2.0.conv2",
                "layer3.0.conv1", "layer3.0.conv2");
        Network r20 = Architecture.of("resnet20").initialise(new int[] {3, 32, 32}, 10, 1);
        assertThat(r20.layers().stream().filter(Conv2d.class::isInstance).count()).isEqualTo(21);
        assertThatThrownBy(() -> Architecture.of("resnet9")).hasMessageContaining("resnet(6n+2)");
    }

    @Test
    void trainingThroughTheBranchesGivesTheSameBitsForAnyThreadCount() {
        Network net = Architecture.of("resnet8").initialise(new int[] {1, 8, 8}, 3, 2);
        SplittableRandom r = new SplittableRandom(3);
        int n = 24;
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            y[s] = s % 3;
            for (int i = 0; i < 64; i++) {
                x[s * 64 + i] = (float) (r.nextGaussian() + (i % 3 == y[s] ? 1.0 : 0.0));
            }
        }
        LabeledData data = new LabeledData(x, new int[] {1, 8, 8}, y);
        Trainer.Settings s = new Trainer.Settings(8, 1e-2f, 3, Double.NaN, 7);
        Network one = Trainer.train(net, data, s, 1, null).network();
        Network two = Trainer.train(net, data, s, 2, null).network();
        for (int i = 0; i < one.layers().size(); i++) {
            for (int p = 0; p < one.layer(i).parameters().size(); p++) {
                assertThat(two.layer(i).parameters().get(p).data()).as("%s", one.layer(i).name())
                        .isEqualTo(one.layer(i).parameters().get(p).data());
            }
        }
        // it learned: the training data's loss fell
        double before = Backprop.crossEntropy(net.logits(x, n), y, n, 3);
        double after = Backprop.crossEntropy(one.logits(x, n), y, n, 3);
        assertThat(after).isLessThan(before);
        Network back = OnnxReader.read(OnnxWriter.bytes(one, OnnxLayout.defaults()), "r8.onnx").network();
        assertThat(back.logits(x, n)).isEqualTo(one.logits(x, n));
    }
}
