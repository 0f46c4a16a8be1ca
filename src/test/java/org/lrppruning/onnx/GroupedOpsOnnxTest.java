package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lrppruning.onnx.OnnxFixtures.intAttr;
import static org.lrppruning.onnx.OnnxFixtures.model;
import static org.lrppruning.onnx.OnnxFixtures.node;
import static org.lrppruning.onnx.OnnxReaderTest.relativeError;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lrppruning.io.NpyArray;
import org.lrppruning.model.Clip;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.HardSigmoid;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;

/**
 * The torch exports of make_ops_fixtures.py (grouped and depthwise convolutions, ReLU6 and Hardtanh as Clip,
 * Sigmoid, Hardsigmoid, Hardswish) against torch's logits in float32 and float64, written back and read again,
 * and run in ONNX Runtime.
 */
class GroupedOpsOnnxTest {
    private static final List<String> FIXTURES = List.of("ops_opset14", "ops_opset10");

    private static List<String> kinds(Network n) {
        return n.layers().stream().map(l -> l.getClass().getSimpleName()).toList();
    }

    private static double relativeError64(double[] a, double[] b) {
        double max = 0;
        double diff = 0;
        for (int k = 0; k < b.length; k++) {
            max = Math.max(max, Math.abs(b[k]));
            diff = Math.max(diff, Math.abs(a[k] - b[k]));
        }
        return diff / max;
    }

    private static long[] batchShape(Network net, int n) {
        int[] s = net.inputShape();
        long[] d = new long[s.length + 1];
        d[0] = n;
        for (int k = 0; k < s.length; k++) {
            d[k + 1] = s[k];
        }
        return d;
    }

    @Test
    void readsGroupsAndActivationsAsTorchWroteThem() throws Exception {
        Network ops = OnnxReaderTest.net("ops_opset14");
        assertThat(kinds(ops)).containsExactly("Conv2d", "BatchNorm", "Clip", "Conv2d", "BatchNorm", "HardSwish",
                "Conv2d", "HardSigmoid", "Conv2d", "Sigmoid", "Clip", "GlobalAvgPool", "Flatten", "Linear");
        assertThat(ops.layer(2)).isEqualTo(Clip.relu6("2"));
        assertThat(ops.layer(10)).isEqualTo(new Clip("10", -0.5f, 0.6f));
        Conv2d dw = (Conv2d) ops.layer(3);
        assertThat(dw.depthwise()).isTrue();
        assertThat(dw.groups()).isEqualTo(8);
        assertThat(dw.parameters().get(0).shape()).containsExactly(8, 1, 3, 3);
        assertThat(((Conv2d) ops.layer(6)).groups()).isEqualTo(4);
        assertThat(((Conv2d) ops.layer(6)).fanIn()).isEqualTo(2);
        assertThat(ops.layer(7)).isEqualTo(HardSigmoid.torch("7")); // torch writes alpha only: beta is ONNX's 0.5
        Network small = OnnxReaderTest.net("ops_opset10");
        assertThat(kinds(small)).containsExactly("Conv2d", "Clip", "Conv2d", "Sigmoid", "Flatten", "Linear");
        assertThat(small.layer(1)).isEqualTo(Clip.relu6("1")); // min and max as attributes before opset 11
        assertThat(((Conv2d) small.layer(0)).groups()).isEqualTo(2);
    }

    @Test
    void logitsEqualTorchsInFloat32AndFloat64() throws Exception {
        for (String name : FIXTURES) {
            Network net = OnnxReaderTest.net(name);
            Map<String, NpyArray> io = OnnxFixtures.io(name);
            float[] x = io.get("input").asFloats();
            int n = io.get("input").shape()[0];
            assertThat(relativeError(net.logits(x, n), io.get("logits").asFloats())).as(name).isLessThan(1e-4);
            double[] x64 = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x64[i] = x[i];
            }
            assertThat(relativeError64(net.logits64(x64, n), io.get("logits64").asDoubles())).as(name).isLessThan(1e-6);
        }
    }

    @Test
    void writtenBackTheModelsReadAsTheSameLayersAndRunInOnnxRuntime() throws Exception {
        for (String name : FIXTURES) {
            OnnxModel m = OnnxReader.read(OnnxFixtures.path(name));
            Network net = m.network();
            float[] x = OnnxFixtures.io(name).get("input").asFloats();
            int n = x.length / net.inputs();
            float[] ours = net.logits(x, n);
            byte[] written = OnnxWriter.bytes(net, m.layout());
            Network again = OnnxReader.read(written, name).network();
            OnnxWriterTest.assertSameLayers(net, again, name);
            assertThat(Arrays.equals(again.logits(x, n), ours)).as(name).isTrue();
            assertThat(relativeError(OnnxWriterTest.runtime(OnnxFixtures.bytes(name), x, batchShape(net, n)), ours))
                    .as(name + " as torch wrote it").isLessThan(1e-5);
            assertThat(relativeError(OnnxWriterTest.runtime(written, x, batchShape(net, n)), ours))
                    .as(name + " as written").isLessThan(1e-5);
        }
        List<Node> written = OnnxGraph.parse(OnnxWriter.bytes(OnnxReaderTest.net("ops_opset14"),
                OnnxReader.read(OnnxFixtures.path("ops_opset14")).layout()), "w").chain;
        assertThat(written.stream().map(Node::op)).containsExactly("Conv", "BatchNormalization", "Clip", "Conv",
                "BatchNormalization", "HardSwish", "Conv", "HardSigmoid", "Conv", "Sigmoid", "Clip",
                "GlobalAveragePool", "Flatten", "Gemm");
        assertThat(written.get(3).i("group", 0)).isEqualTo(8);
    }

    @Test
    void otherOpsetsWriteTheBoundsAsAttributesAndHardSwishAsHardSigmoidTimesItsInput() throws Exception {
        OnnxModel m = OnnxReader.read(OnnxFixtures.path("ops_opset14"));
        Network net = m.network();
        float[] x = OnnxFixtures.io("ops_opset14").get("input").asFloats();
        int n = x.length / net.inputs();
        // opset 13 has no HardSwish: torch's spelling x · HardSigmoid(x), which ONNX Runtime runs alike
        byte[] opset13 = OnnxWriter.bytes(net, OnnxLayout.defaults());
        List<String> ops = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(opset13).getGraph().getNodeList().stream()
                .map(p -> p.getOpType()).toList();
        assertThat(ops).doesNotContain("HardSwish").contains("Mul");
        assertThat(relativeError(OnnxWriterTest.runtime(opset13, x, batchShape(net, n)), net.logits(x, n)))
                .isLessThan(1e-5);
        // opset 10: Clip's bounds are attributes
        Network small = OnnxReaderTest.net("ops_opset10");
        OnnxLayout at10 = new OnnxLayout("input", "logits", "batch", 0, 10, 7, "main_graph", Map.of());
        byte[] written = OnnxWriter.bytes(small, at10);
        Node clip = OnnxGraph.parse(written, "w10").chain.get(1);
        assertThat(clip.op()).isEqualTo("Clip");
        assertThat(clip.f("max", 0)).isEqualTo(6f);
        OnnxWriterTest.assertSameLayers(small, OnnxReader.read(written, "w10").network(), "opset 10");
    }

    @Test
    void clipMayLackABoundAndRefusesBoundsThatAreNotOneNumber() throws Exception {
        float[] w = {1, -2, 0.5f, 3, -1, 2, 0.25f, -0.75f};
        byte[] onlyMax = model(new long[] {-1, 4}, List.of(
                node("/c/Clip", "Clip", List.of("input", "", "hi"), "h"),
                node("/fc/Gemm", "Gemm", List.of("h", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(TensorData.floats("hi", new long[0], new float[] {0.5f}),
                        TensorData.floats("fc.weight", new long[] {2, 4}, w)), -1, 2);
        OnnxModel m = OnnxReader.read(onlyMax, "t.onnx");
        Layer c = m.network().layer(0);
        assertThat(c).isEqualTo(new Clip("c", Float.NEGATIVE_INFINITY, 0.5f));
        byte[] again = OnnxWriter.bytes(m.network(), m.layout());
        Node clip = OnnxGraph.parse(again, "w").chain.get(0);
        assertThat(clip.input(1)).isEmpty();
        assertThat(clip.input(2)).isNotEmpty();
        float[] x = {-3, 0.25f, 0.75f, 2, 1, -1, 0.5f, 0.4f};
        float[] ours = m.network().logits(x, 2);
        assertThat(ours[0]).isEqualTo(1 * -3f - 2 * 0.25f + 0.5f * 0.5f + 3 * 0.5f);
        assertThat(relativeError(OnnxWriterTest.runtime(again, x, new long[] {2, 4}), ours)).isLessThan(1e-6);

        byte[] pair = model(new long[] {-1, 4}, List.of(
                node("/c/Clip", "Clip", List.of("input", "lo"), "h"),
                node("/fc/Gemm", "Gemm", List.of("h", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(TensorData.floats("lo", new long[] {2}, new float[] {0, 1}),
                        TensorData.floats("fc.weight", new long[] {2, 4}, w)), -1, 2);
        assertThatThrownBy(() -> OnnxReader.read(pair, "t.onnx")).isInstanceOf(OnnxFormatException.class)
                .hasMessageStartingWith("t.onnx: node '/c/Clip' (op Clip): min 'lo' is not one float32 value");
    }
}
