package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/** Architecture strings: grammar, the fixtures' layer names, errors in one line, npz round trips of CNNs. */
class ArchitectureTest {
    @TempDir
    Path dir;

    private static List<String> names(Network net) {
        List<String> n = new ArrayList<>();
        for (Layer l : net.layers()) {
            n.add(l.name());
        }
        return n;
    }

    @Test
    void vggSmallHasTheFixturesLayerNamesAndShapes() {
        Network net = Architecture.VGG_SMALL.initialise(10, 0);
        assertThat(names(net)).containsExactly("features.0", "features.1", "features.2", "features.3", "features.4",
                "features.5", "features.6", "features.7", "features.8", "features.9", "classifier.0", "classifier.1",
                "classifier.2", "classifier.3", "classifier.4");
        assertThat(net.layer(0)).isInstanceOf(Conv2d.class);
        assertThat(((Conv2d) net.layer(0)).window()).isEqualTo(Window.square(3, 1, 1));
        assertThat(net.layer(1)).isInstanceOf(BatchNorm.class);
        assertThat(net.layer(10)).isInstanceOf(Flatten.class);
        assertThat(net.shape(11)).containsExactly(3136);
        assertThat(net.unitCounts()).containsExactly(16, 32, 64);
        assertThat(net.withUnits(PrunableUnits.ALL).unitCounts()).containsExactly(16, 32, 64, 128);
        assertThat(names(Architecture.VGG_SMALL_NOBN.initialise(10, 0))).contains("features.6", "features.7")
                .doesNotContain("features.8");
    }

    @Test
    void optionsSetPaddingStrideBiasAndDropout() {
        Network net = Architecture.of("in:3x16x16,conv5:8:p0:s2:nobias,avgpool3:s1:p1,maxpool2,bn,gap,dropout:0.25,"
                + "linear:4:nobias").initialise(4, 1);
        Conv2d c = (Conv2d) net.layer(0);
        assertThat(c.window()).isEqualTo(Window.square(5, 2, 0));
        assertThat(c.bias()).isNull();
        assertThat(((AvgPool2d) net.layer(1)).window()).isEqualTo(Window.square(3, 1, 1));
        assertThat(((MaxPool2d) net.layer(2)).window()).isEqualTo(Window.square(2, 2, 0));
        assertThat(((Dropout) net.layer(5)).p()).isEqualTo(0.25f);
        assertThat(((Linear) net.layer(6)).bias()).isNull();
        assertThat(net.shape(6)).containsExactly(8);
        // no flatten: the classifier starts at the first linear
        assertThat(names(net)).containsExactly("features.0", "features.1", "features.2", "features.3", "features.4",
                "features.5", "classifier.0");
    }

    @Test
    void thePaperNetworkKeepsItsNamesAndItsInitialisation() {
        Network net = Architecture.PAPER.initialise(3, 7);
        assertThat(names(net)).contains("network.linear1", "network.linear2", "network.linear3", "network.output");
        assertThat(net.unitCounts()).containsExactly(1000, 1000, 1000);
        assertThat(net.layers()).hasSize(7);
        assertThat(Architecture.PAPER_RELU.initialise(3, 7).layers()).hasSize(8);
        // the draw order of the toy's trained models: per Linear layer W then b, U(±1/√in), one generator
        SplittableRandom rng = new SplittableRandom(7);
        int[] ins = {2, 1000, 1000, 1000};
        int[] outs = {1000, 1000, 1000, 3};
        int l = 0;
        for (Layer layer : net.layers()) {
            if (layer instanceof Linear lin) {
                double bound = 1.0 / Math.sqrt(ins[l]);
                float[] w = new float[ins[l] * outs[l]];
                float[] b = new float[outs[l]];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
                assertThat(java.util.Arrays.equals(lin.weight(), w) && java.util.Arrays.equals(lin.bias(), b))
                        .as(lin.name()).isTrue();
                l++;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "conv3:16,relu,linar:10|unknown layer 'linar:10'",
            "conv3,relu,flatten,linear:10|conv needs its number of filters",
            "conv3:x,flatten,linear:10|'x' is not a whole number",
            "conv3:16:q2,flatten,linear:10|unknown option 'q2'",
            "conv3:16:s0,flatten,linear:10|stride must be >= 1",
            "flatten,linear,relu,linear:10|only the last linear may leave out its size",
            "linear:10,relu|the last item must be linear",
            "conv3:16,,linear:10|empty item 2",
            "relu,in:1x28x28,linear:10|must be the first item",
            "in:1x28,linear:10|must be CxHxW or F",
            "dropout:1.5,linear:10|dropout probability must be in [0, 1)",
            "relu:2,linear:10|relu takes no options",
            "vgg-smal|unknown architecture 'vgg-smal' (valid: paper, paper-relu, vgg-small, vgg-small-nobn"})
    void badStringsAreOneLineErrors(String spec, String message) {
        assertThatThrownBy(() -> Architecture.of(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void shapesThatDoNotFitTheStringAreOneLineErrors() {
        assertThatThrownBy(() -> Architecture.of("in:1x8x8,conv3:4,linear:10").initialise(10, 0))
                .hasMessage("classifier.0 (linear) gets a 4x8x8 tensor: put flatten or gap before it");
        assertThatThrownBy(() -> Architecture.of("conv3:4,flatten,linear:10").initialise(10, 0))
                .hasMessageContaining("does not say its input shape");
        assertThatThrownBy(() -> Architecture.VGG_SMALL.initialise(new int[] {3, 32, 32}, 10, 0))
                .hasMessage("architecture vgg-small takes inputs 1x28x28, got 3x32x32");
    }

    @Test
    void aCnnSurvivesAnNpzRoundTripAndSoDoesItsPrunedVersion() throws IOException {
        Network net = Architecture.VGG_SMALL.initialise(10, 3);
        float[] x = Cnns.uniform(new Random(4), 3 * net.inputs(), -1, 1);
        Path f = dir.resolve("m.npz");
        ModelIO.save(f, net);
        Map<String, NpyArray> arrays = Npz.read(f);
        assertThat(arrays.keySet()).contains("features.0.weight", "features.1.running_var",
                "features.1.num_batches_tracked", "classifier.4.bias");
        assertThat(arrays.get("features.4.weight").shape()).containsExactly(32, 16, 3, 3);
        Network back = ModelIO.load(f, Architecture.VGG_SMALL);
        assertThat(back.logits(x, 3)).containsExactly(net.logits(x, 3));

        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{0, 5}, {1}, {2, 3, 60}}));
        String arch = Architecture.describe(pruned);
        assertThat(arch).isEqualTo("in:1x28x28,conv3:14,bn,relu,maxpool2,conv3:31,bn,relu,maxpool2,conv3:61,relu,"
                + "flatten,linear:128,relu,dropout,linear:10");
        Path g = dir.resolve("pruned.npz");
        ModelIO.save(g, pruned);
        assertThat(ModelIO.load(g, Architecture.of(arch)).logits(x, 3)).containsExactly(pruned.logits(x, 3));
        assertThatThrownBy(() -> ModelIO.load(g, Architecture.VGG_SMALL)).isInstanceOf(IOException.class)
                .hasMessageContaining("features.0.weight has shape (14, 1, 3, 3), expected (16, 1, 3, 3)");
        assertThat(Architecture.describe(Architecture.PAPER.initialise(2, 0))).isEqualTo("paper");
    }

    @Test
    void keysNoLayerTakesAreNamed() throws IOException {
        Path f = dir.resolve("m.npz");
        ModelIO.save(f, Architecture.VGG_SMALL_NOBN.initialise(10, 0));
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(f));
        arrays.put("features.1.weight", NpyArray.ofFloats(new float[16], 16));
        Npz.write(f, arrays);
        assertThatThrownBy(() -> ModelIO.load(f, Architecture.VGG_SMALL_NOBN)).isInstanceOf(IOException.class)
                .hasMessageContaining("features.1.weight belongs to no layer of architecture vgg-small-nobn");
        assertThatThrownBy(() -> ModelIO.load(f, Architecture.of("conv3:16,relu,maxpool2,flatten,linear:10")))
                .isInstanceOf(IOException.class).hasMessageContaining("does not say its input shape");
    }

    @Test
    void anMlpsInputWidthComesFromItsFirstWeightsAndACnnsFromTheData() throws IOException {
        Path f = dir.resolve("mlp.npz");
        ModelIO.save(f, Architecture.of("in:5,linear:7,relu,linear:3").initialise(3, 2));
        Network mlp = ModelIO.load(f, Architecture.of("linear:7,relu,linear:3"));
        assertThat(mlp.inputShape()).containsExactly(5);
        assertThat(mlp.prunablePositions()).containsExactly(0);
        Path g = dir.resolve("cnn.npz");
        Network cnn = Architecture.of("in:2x6x6,conv3:4,relu,gap,linear:3").initialise(3, 2);
        ModelIO.save(g, cnn);
        Network back = ModelIO.load(g, Architecture.of("conv3:4,relu,gap,linear:3"), new int[] {2, 6, 6});
        float[] x = Cnns.uniform(new Random(3), 2 * 72, -1, 1);
        assertThat(back.logits(x, 2)).containsExactly(cnn.logits(x, 2));
        assertThatThrownBy(() -> ModelIO.load(g, Architecture.of("conv3:4,relu,gap,linear:3"), new int[] {3, 6, 6}))
                .isInstanceOf(IOException.class).hasMessageContaining("features.0.weight has shape (4, 2, 3, 3), expected (4, 3, 3, 3)");
    }
}
