package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lrppruning.onnx.OnnxFixtures.intAttr;
import static org.lrppruning.onnx.OnnxFixtures.ints;
import static org.lrppruning.onnx.OnnxFixtures.model;
import static org.lrppruning.onnx.OnnxFixtures.node;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.Flatten;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;

/** Spellings torch does not write by default, built node by node: what they compute and what is refused. */
class OnnxOpsTest {
    private static final SplittableRandom RNG = new SplittableRandom(42);

    private static float[] random(int n) {
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
            v[k] = (float) RNG.nextGaussian();
        }
        return v;
    }

    private static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static OnnxModel read(byte[] bytes) {
        return OnnxReader.read(bytes, "t.onnx");
    }

    /** The slow, obvious y = alpha·x·B + beta·c with B stored in × out. */
    private static float[] gemm(float[] x, int n, float[] b, int in, int out, float[] c, float alpha, float beta) {
        float[] y = new float[n * out];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < out; j++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += (double) x[r * in + i] * b[i * out + j];
                }
                y[r * out + j] = (float) (alpha * s + beta * (double) c[j]);
            }
        }
        return y;
    }

    @Test
    void gemmWithoutTransBAndWithAlphaBetaComputesWhatOnnxDefines() {
        float[] b = random(4 * 3);
        float[] c = random(3);
        byte[] bytes = model(new long[] {-1, 4}, List.of(node("/fc/Gemm", "Gemm", List.of("input", "fc.weight", "fc.bias"),
                "logits", floatAttr("alpha", 2f), floatAttr("beta", 0.5f))),
                List.of(TensorData.floats("fc.weight", new long[] {4, 3}, b), TensorData.floats("fc.bias", new long[] {3}, c)),
                -1, 3);
        OnnxModel m = read(bytes);
        float[] x = random(5 * 4);
        float[] expected = gemm(x, 5, b, 4, 3, c, 2f, 0.5f);
        assertThat(OnnxReaderTest.relativeError(m.network().logits(x, 5), expected)).isLessThan(1e-6);
        byte[] again = OnnxWriter.bytes(m.network(), m.layout());
        Node g = OnnxGraph.parse(again, "w.onnx").chain.get(0);
        assertThat(g.i("transB", 0)).isZero(); // still [in, out], the scales folded in
        assertThat(g.f("alpha", 0)).isEqualTo(1f);
        OnnxWriterTest.assertSameLayers(m.network(), read(again).network(), "gemm");
    }

    @Test
    void matMulWithoutAddIsALinearLayerWithoutBiasAndStaysOneNode() {
        float[] w = random(3 * 2);
        byte[] bytes = model(new long[] {-1, 3}, List.of(node("/fc/MatMul", "MatMul", List.of("input", "fc.weight"), "logits")),
                List.of(TensorData.floats("fc.weight", new long[] {3, 2}, w)), -1, 2);
        OnnxModel m = read(bytes);
        Linear fc = (Linear) m.network().layer(0);
        assertThat(fc.name()).isEqualTo("fc");
        assertThat(fc.bias()).isNull();
        float[] x = random(4 * 3);
        assertThat(OnnxReaderTest.relativeError(m.network().logits(x, 4), gemm(x, 4, w, 3, 2, new float[2], 1, 0)))
                .isLessThan(1e-6);
        assertThat(OnnxGraph.parse(OnnxWriter.bytes(m.network(), m.layout()), "w").chain).hasSize(1);
    }

    @Test
    void addBeforeTheMatMulOutputAndConstantNodesAsParametersAreRead() {
        float[] w = random(3 * 2);
        float[] b = random(2);
        NodeProto constant = NodeProto.newBuilder().setName("c").setOpType("Constant").addOutput("bias_const")
                .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                        .setT(TensorData.floats("", new long[] {2}, b))).build();
        byte[] bytes = model(new long[] {-1, 3}, List.of(constant,
                node("/fc/MatMul", "MatMul", List.of("input", "fc.weight"), "y"),
                node("/fc/Add", "Add", List.of("bias_const", "y"), "logits")),
                List.of(TensorData.floats("fc.weight", new long[] {3, 2}, w)), -1, 2);
        OnnxModel m = read(bytes);
        float[] x = random(4 * 3);
        assertThat(OnnxReaderTest.relativeError(m.network().logits(x, 4), gemm(x, 4, w, 3, 2, b, 1, 1))).isLessThan(1e-6);
        OnnxGraph back = OnnxGraph.parse(OnnxWriter.bytes(m.network(), m.layout()), "w");
        assertThat(back.chain.get(1).input(1)).isEqualTo("y"); // the bias stays first
    }

    private static byte[] convModel(AttributeProto... attrs) {
        return model(new long[] {-1, 2, 6, 6}, List.of(
                node("/c/Conv", "Conv", List.of("input", "c.weight"), "h", attrs),
                node("/f/Flatten", "Flatten", List.of("h"), "f"),
                node("/fc/Gemm", "Gemm", List.of("f", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(TensorData.floats("c.weight", new long[] {2, 2, 3, 3}, random(36)),
                        TensorData.floats("fc.weight", new long[] {2, 32}, random(64))), -1, 2);
    }

    @Test
    void refusesConvSettingsWeDoNotComputeNamingTheAttribute() {
        assertThatThrownBy(() -> read(convModel(ints("pads", 0, 0, 1, 1))))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage("t.onnx: node '/c/Conv' (op Conv): asymmetric pads [0, 0, 1, 1] are not supported"
                        + " (same padding on both sides)");
        assertThatThrownBy(() -> read(convModel(AttributeProto.newBuilder().setName("auto_pad")
                .setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8("SAME_UPPER")).build())))
                .hasMessage("t.onnx: node '/c/Conv' (op Conv): auto_pad SAME_UPPER is not supported (NOTSET with explicit pads)");
        assertThatThrownBy(() -> read(convModel(intAttr("group", 2))))
                .hasMessage("t.onnx: node '/c/Conv' (op Conv): weight [2, 2, 3, 3] expects 4 input channels"
                        + " (2 in each of 2 groups), the input has 2");
        assertThatThrownBy(() -> read(convModel(intAttr("group", 3))))
                .hasMessage("t.onnx: node '/c/Conv' (op Conv): group 3 is not between 1 and the 2 input channels");
        assertThatThrownBy(() -> read(convModel(ints("dilations", 1, 2))))
                .hasMessage("t.onnx: node '/c/Conv' (op Conv): dilations [1, 2] are not supported (dilation 1)");
        assertThatThrownBy(() -> read(convModel(intAttr("frobnicate", 1))))
                .hasMessage("t.onnx: node '/c/Conv' (op Conv): attribute 'frobnicate' is not supported");
        assertThat(read(convModel()).network().layers()).hasSize(3);
    }

    @Test
    void refusesAReshapeThatDoesNotFlatten() {
        byte[] bytes = model(new long[] {-1, 2, 3, 3}, List.of(
                node("/r/Reshape", "Reshape", List.of("input", "shape"), "f"),
                node("/fc/Gemm", "Gemm", List.of("f", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(TensorData.longs("shape", new long[] {2}, new long[] {-1, 9}),
                        TensorData.floats("fc.weight", new long[] {2, 9}, random(18))), -1, 2);
        assertThatThrownBy(() -> read(bytes)).hasMessage("t.onnx: node '/r/Reshape' (op Reshape): reshapes [N, 2, 3, 3]"
                + " to [-1, 9], which is not a flatten to [N, 18] (supported: [N, -1] or [-1, 18])");
    }

    @Test
    void readsASqueezeWithoutAxesAfterGlobalPoolingAsFlatten() {
        byte[] bytes = model(new long[] {-1, 3, 4, 4}, List.of(
                node("/p/GlobalAveragePool", "GlobalAveragePool", List.of("input"), "p"),
                node("/s/Squeeze", "Squeeze", List.of("p"), "s"),
                node("/fc/Gemm", "Gemm", List.of("s", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(TensorData.floats("fc.weight", new long[] {2, 3}, random(6))), -1, 2);
        OnnxModel m = read(bytes);
        assertThat(m.network().layer(1)).isInstanceOf(Flatten.class);
        OnnxGraph back = OnnxGraph.parse(OnnxWriter.bytes(m.network(), m.layout()), "w");
        assertThat(back.chain.stream().map(Node::op)).containsExactly("GlobalAveragePool", "Squeeze", "Gemm");
    }

    @Test
    void refusesDropoutInTrainingMode() {
        TensorProto yes = TensorProto.newBuilder().setName("t").setDataType(TensorProto.DataType.BOOL.getNumber())
                .setRawData(ByteString.copyFrom(new byte[] {1})).build();
        byte[] bytes = model(new long[] {-1, 3}, List.of(
                node("/d/Dropout", "Dropout", List.of("input", "", "t"), "d"),
                node("/fc/Gemm", "Gemm", List.of("d", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(yes, TensorData.floats("fc.weight", new long[] {2, 3}, random(6))), -1, 2);
        assertThatThrownBy(() -> read(bytes)).hasMessage("t.onnx: node '/d/Dropout' (op Dropout): training_mode true"
                + " is not supported (export the model in eval mode)");
    }

    @Test
    void refusesAForgedInitializerThroughTheReaderInOneLine() {
        TensorProto forged = TensorProto.newBuilder().setName("fc.weight").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(1L << 31).addDims(3).setRawData(ByteString.copyFrom(new byte[24])).build();
        byte[] bytes = model(new long[] {-1, 3}, List.of(
                node("/fc/Gemm", "Gemm", List.of("input", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(forged), -1, 2);
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("t.onnx: initializer 'fc.weight' (weight of node '/fc/Gemm' (op Gemm)) declares dims"
                        + " [2147483648, 3] (6442450944 values) but holds 24 bytes");
    }

    @Test
    void refusesAnInputShapeNoSampleArrayCanHold() {
        byte[] bytes = model(new long[] {-1, 100000, 100000, 100000}, List.of(node("/f/Flatten", "Flatten",
                List.of("input"), "logits")), List.of(), -1, 3);
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("t.onnx: input 'input' has shape [N, 100000, 100000, 100000], too large for one sample");
    }

    @Test
    void refusesAModelWithoutALinearOrConvOutputLayer() {
        byte[] bytes = model(new long[] {-1, 3}, List.of(node("/r/Relu", "Relu", List.of("input"), "logits")),
                List.of(), -1, 3);
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(OnnxFormatException.class)
                .hasMessage("t.onnx: no Linear or Conv2d output layer: the logits are computed from the input by"
                        + " parameter-free layers only");
    }

    @Test
    void keepsAFixedBatchDimension() {
        byte[] bytes = model(new long[] {1, 3}, List.of(
                node("/fc/Gemm", "Gemm", List.of("input", "fc.weight"), "logits", intAttr("transB", 1))),
                List.of(TensorData.floats("fc.weight", new long[] {2, 3}, random(6))), 1, 2);
        OnnxModel m = read(bytes);
        Network net = m.network();
        OnnxGraph back = OnnxGraph.parse(OnnxWriter.bytes(net, m.layout()), "w");
        assertThat(back.inputDims).containsExactly(1, 3);
        assertThat(back.batchParam).isNull();
    }
}
