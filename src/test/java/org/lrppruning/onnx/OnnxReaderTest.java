package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lrppruning.io.NpyArray;
import org.lrppruning.model.AvgPool2d;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Flatten;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Window;

class OnnxReaderTest {
    static Network net(String fixture) throws IOException {
        return OnnxReader.read(OnnxFixtures.path(fixture)).network();
    }

    private static List<String> names(Network n) {
        return n.layers().stream().map(Layer::name).toList();
    }

    private static List<String> kinds(Network n) {
        return n.layers().stream().map(l -> l.getClass().getSimpleName()).toList();
    }

    /** Largest |a − b| over the largest |b|. */
    static double relativeError(float[] a, float[] b) {
        double max = 0;
        double diff = 0;
        for (int k = 0; k < b.length; k++) {
            max = Math.max(max, Math.abs(b[k]));
            diff = Math.max(diff, Math.abs(a[k] - b[k]));
        }
        return diff / max;
    }

    @Test
    void forwardPassOfEveryFixtureEqualsTorchsLogits() throws IOException {
        for (String name : OnnxFixtures.WITH_LOGITS) {
            Network n = net(name);
            Map<String, NpyArray> io = OnnxFixtures.io(name);
            float[] x = io.get("input").asFloats();
            float[] torch = io.get("logits").asFloats();
            int samples = io.get("input").shape()[0];
            assertThat(n.inputs() * samples).as(name).isEqualTo(x.length);
            float[] ours = n.logits(x, samples);
            assertThat(ours).as(name).hasSize(torch.length);
            assertThat(relativeError(ours, torch)).as(name).isLessThan(1e-4);
        }
    }

    @Test
    void namesLayersByStateDictPrefixesAndTorchsModuleScopes() throws IOException {
        Network cnn = net("cnn_opset13");
        assertThat(names(cnn)).containsExactly("features.0", "features.1", "features.2", "features.3", "features.4",
                "features.5", "features.6", "features.7", "classifier.0", "classifier.1", "classifier.2", "classifier.4");
        assertThat(kinds(cnn)).containsExactly("Conv2d", "BatchNorm", "Relu", "MaxPool2d", "Conv2d", "BatchNorm",
                "Relu", "AvgPool2d", "Flatten", "Linear", "Relu", "Linear");
        assertThat(cnn.inputShape()).containsExactly(2, 8, 8);
        // BN folded into the convs by torch's default export: initializers onnx::Conv_*, names from the nodes
        Network folded = net("cnn_opset11");
        assertThat(names(folded)).containsExactly("features.0", "features.2", "features.3", "features.4",
                "features.6", "features.7", "classifier.0", "classifier.1", "classifier.2", "classifier.4");
        // module attributes nest with dots; functional calls in the root get their node's name
        assertThat(names(net("cnn_gap_opset13"))).containsExactly("conv1", "bn1", "Relu", "conv2", "Relu_1", "pool",
                "Reshape", "fc");
        assertThat(names(net("mlp_matmul_opset13"))).containsExactly("fc1", "Relu", "fc2", "Relu_1", "out");
    }

    @Test
    void readsLayerParametersAsTorchStoresThem() throws IOException {
        Network mm = net("mlp_matmul_opset13");
        Linear fc1 = (Linear) mm.layer(0);
        assertThat(fc1.in()).isEqualTo(3);
        assertThat(fc1.out()).isEqualTo(10);
        assertThat(fc1.bias()).hasSize(10);
        Network gap = net("cnn_gap_opset13");
        Conv2d conv1 = (Conv2d) gap.layer(0);
        assertThat(conv1.bias()).isNull();
        assertThat(((Conv2d) gap.layer(3)).window()).isEqualTo(new Window(3, 3, 2, 2, 1, 1));
        BatchNorm bn = (BatchNorm) gap.layer(1);
        assertThat(bn.eps()).isEqualTo(9.999999747378752e-06);
        assertThat(bn.beta()).containsExactly(bn.mean());
        Network pad = net("cnn_pool_pad_opset13");
        assertThat(pad.layer(1)).isEqualTo(new AvgPool2d("avg", new Window(3, 3, 1, 1, 1, 1), true));
        Network view = net("cnn_view_opset11");
        assertThat(view.layer(1)).isEqualTo(new AvgPool2d("pool", new Window(3, 3, 2, 2, 1, 1), false));
        assertThat(view.layer(2)).isInstanceOf(Flatten.class);
        Network drop = net("mlp_dropout_opset13");
        assertThat(drop.layers().stream().filter(l -> l instanceof Dropout).map(l -> ((Dropout) l).p()))
                .containsExactly(0.2f);
        assertThat(names(drop)).contains("net.5").doesNotContain("net"); // the Identity is dropped
    }

    @Test
    void refusesDilationNamingTheNodeAndAttribute() {
        assertThatThrownBy(() -> net("bad_dilation"))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage("bad_dilation.onnx: node '/0/Conv' (op Conv): dilations [2, 2] are not supported (dilation 1)");
    }

    @Test
    void readsGroupsThatWereOnceRefusedAndComputesWhatOnnxRuntimeComputes() throws Exception {
        Network g = net("bad_group"); // named when groups were refused; it has no torch logits, ONNX Runtime gives them
        Conv2d conv = (Conv2d) g.layer(0);
        assertThat(conv.groups()).isEqualTo(2);
        assertThat(conv.in()).isEqualTo(2);
        assertThat(conv.out()).isEqualTo(4);
        float[] x = new float[3 * 2 * 8 * 8];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) Math.sin(k * 0.37);
        }
        float[] ort = OnnxWriterTest.runtime(OnnxFixtures.bytes("bad_group"), x, new long[] {3, 2, 8, 8});
        assertThat(relativeError(g.logits(x, 3), ort)).isLessThan(1e-5);
    }

    @Test
    void derivesModuleScopesFromTorchNodeNames() {
        assertThat(OnnxReader.scope("/features/features.0/Conv")).isEqualTo("features.0");
        assertThat(OnnxReader.scope("/block/conv/Conv")).isEqualTo("block.conv");
        assertThat(OnnxReader.scope("/a/a.b/a.b.c/Relu_1")).isEqualTo("a.b.c");
        assertThat(OnnxReader.scope("/Relu")).isEmpty();
        assertThat(OnnxReader.scope("Relu_3")).isEmpty();
    }
}
