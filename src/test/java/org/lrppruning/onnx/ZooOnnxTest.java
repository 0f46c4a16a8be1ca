package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lrppruning.onnx.OnnxFixtures.intAttr;
import static org.lrppruning.onnx.OnnxFixtures.ints;
import static org.lrppruning.onnx.OnnxFixtures.model;
import static org.lrppruning.onnx.OnnxFixtures.node;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.model.Clip;
import org.lrppruning.model.GlobalAvgPool;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Mul;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Cnns;

/** The ONNX spellings of torchvision's exports, read from hand-built graphs and checked against ONNX Runtime. */
class ZooOnnxTest {
    private static final Random R = new Random(17);

    private static TensorProto floats(String name, Random r, long... dims) {
        int size = 1;
        for (long d : dims) {
            size *= (int) d;
        }
        return TensorData.floats(name, dims, Cnns.uniform(r, size, -0.5, 0.5));
    }

    private static NodeProto constant(String out, TensorProto value) {
        return NodeProto.newBuilder().setName(out).setOpType("Constant").addOutput(out).addAttribute(
                AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(value))
                .build();
    }

    /** Our float64 logits against ONNX Runtime's float32 ones (1e-5 of the largest), and the file written back. */
    private static Network checkAgainstRuntime(byte[] bytes, int[] in) throws Exception {
        OnnxModel m = OnnxReader.read(bytes, "m.onnx");
        Network net = m.network();
        int n = 2;
        float[] x = Cnns.uniform(R, n * net.inputs(), -2, 2);
        double[] ours = net.logits64(AccurateOps.widen(x, x.length), n);
        float[] ort = OnnxWriterTest.runtime(bytes, x, new long[] {n, in[0], in[1], in[2]});
        double max = 0;
        for (double v : ours) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < ours.length; i++) {
            assertThat(Math.abs(ort[i] - ours[i])).as("logit %d", i).isLessThanOrEqualTo(1e-5 * max);
        }
        byte[] again = OnnxWriter.bytes(net, m.layout());
        float[] ort2 = OnnxWriterTest.runtime(again, x, new long[] {n, in[0], in[1], in[2]});
        assertThat(ort2).containsExactly(ort);
        return net;
    }

    @Test
    void readsCeilModeMaxPoolingAsOnnxRuntimeComputesIt() throws Exception {
        // 2x8x8 → MaxPool 3/2 ceil → 2x4x4 (floor: 3x3) → Flatten → Gemm
        TensorProto fc = floats("fc.weight", R, 3, 32);
        byte[] bytes = model(new long[] {-1, 2, 8, 8}, List.of(
                node("/pool/MaxPool", "MaxPool", List.of("input"), "p", intAttr("ceil_mode", 1),
                        ints("kernel_shape", 3, 3), ints("pads", 0, 0, 0, 0), ints("strides", 2, 2)),
                node("/Flatten", "Flatten", List.of("p"), "f", intAttr("axis", 1)),
                node("/fc/Gemm", "Gemm", List.of("f", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(fc), -1, 3);
        Network net = checkAgainstRuntime(bytes, new int[] {2, 8, 8});
        assertThat(((MaxPool2d) net.layer(0)).window().ceil()).isTrue();
        assertThat(net.shape(1)).containsExactly(2, 4, 4);
    }

    @Test
    void readsSqueezeAndExcitationWithAGlobalPoolThatStaysAnImage() throws Exception {
        // x → Conv 4 → [GlobalAveragePool → Conv 2 → Relu → Conv 4 → HardSigmoid] · x → GlobalAveragePool → Flatten → Gemm
        List<TensorProto> inits = List.of(floats("c.weight", R, 4, 3, 3, 3), floats("s.weight", R, 2, 4, 1, 1),
                floats("s.bias", R, 2), floats("e.weight", R, 4, 2, 1, 1), floats("e.bias", R, 4),
                floats("fc.weight", R, 3, 4));
        byte[] bytes = model(new long[] {-1, 3, 6, 6}, List.of(
                node("/c/Conv", "Conv", List.of("input", "c.weight"), "a", ints("kernel_shape", 3, 3),
                        ints("pads", 1, 1, 1, 1)),
                node("/se/pool", "GlobalAveragePool", List.of("a"), "g"),
                node("/se/s", "Conv", List.of("g", "s.weight", "s.bias"), "s1", ints("kernel_shape", 1, 1)),
                node("/se/relu", "Relu", List.of("s1"), "s2"),
                node("/se/e", "Conv", List.of("s2", "e.weight", "e.bias"), "e1", ints("kernel_shape", 1, 1)),
                node("/se/gate", "HardSigmoid", List.of("e1"), "e2", OnnxOps.f("alpha", 1f / 6f)),
                node("/se/mul", "Mul", List.of("a", "e2"), "m"),
                node("/pool", "GlobalAveragePool", List.of("m"), "q"),
                node("/Flatten", "Flatten", List.of("q"), "f", intAttr("axis", 1)),
                node("/fc/Gemm", "Gemm", List.of("f", "fc.weight"), "logits", intAttr("transB", 1))), inits, -1, 3);
        Network net = checkAgainstRuntime(bytes, new int[] {3, 6, 6});
        assertThat(((GlobalAvgPool) net.layer(1)).keepDims()).isTrue();
        assertThat(((GlobalAvgPool) net.layer(7)).keepDims()).isFalse();
        assertThat(((Mul) net.layer(6)).gate()).isEqualTo(1);
        // the gate's conv e is in the group of c: removing a channel there removes it from both
        assertThat(net.channelGroups().groups().get(0).outLayers()).containsExactly(0, 4);
    }

    @Test
    void readsClipBoundsThatTorchCastFromIntegers() throws Exception {
        TensorProto fc = floats("fc.weight", R, 3, 8);
        TensorProto lo = TensorData.longs("", new long[0], new long[] {0});
        TensorProto hi = TensorData.longs("", new long[0], new long[] {1});
        byte[] bytes = model(new long[] {-1, 2, 2, 2}, List.of(
                constant("lo", lo), constant("hi", hi),
                node("/castlo", "Cast", List.of("lo"), "lof", intAttr("to", TensorProto.DataType.FLOAT.getNumber())),
                node("/casthi", "Cast", List.of("hi"), "hif", intAttr("to", TensorProto.DataType.FLOAT.getNumber())),
                node("/clamp/Clip", "Clip", List.of("input", "lof", "hif"), "c"),
                node("/Flatten", "Flatten", List.of("c"), "f", intAttr("axis", 1)),
                node("/fc/Gemm", "Gemm", List.of("f", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(fc), -1, 3);
        Network net = checkAgainstRuntime(bytes, new int[] {2, 2, 2});
        Clip clip = (Clip) net.layer(0);
        assertThat(clip.min()).isEqualTo(0f);
        assertThat(clip.max()).isEqualTo(1f);
    }
}
