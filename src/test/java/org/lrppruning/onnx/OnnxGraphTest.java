package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.lrppruning.onnx.OnnxFixtures.ints;
import static org.lrppruning.onnx.OnnxFixtures.model;
import static org.lrppruning.onnx.OnnxFixtures.node;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {
    private static List<String> ops(OnnxGraph g) {
        return g.chain.stream().map(Node::op).toList();
    }

    @Test
    void findsTheDataPathOfTorchExportsBesideConstantsAndShapeComputations() {
        OnnxGraph cnn = OnnxGraph.parse(OnnxFixtures.bytes("cnn_opset13"), "cnn_opset13.onnx");
        assertThat(ops(cnn)).containsExactly("Conv", "BatchNormalization", "Relu", "MaxPool", "Conv",
                "BatchNormalization", "Relu", "Pad", "AveragePool", "Flatten", "Gemm", "Relu", "Gemm");
        assertThat(cnn.inputName).isEqualTo("input");
        assertThat(cnn.outputName).isEqualTo("logits");
        assertThat(cnn.inputDims).containsExactly(-1, 2, 8, 8);
        assertThat(cnn.batchParam).isEqualTo("batch");
        assertThat(cnn.opset).isEqualTo(13);

        OnnxGraph gap = OnnxGraph.parse(OnnxFixtures.bytes("cnn_gap_opset13"), "gap.onnx");
        assertThat(ops(gap)).containsExactly("Conv", "BatchNormalization", "Relu", "Conv", "Relu",
                "GlobalAveragePool", "Reshape", "Gemm");
    }

    @Test
    void evaluatesTheShapeThatXViewXSize0MinusOneComputes() {
        OnnxGraph gap = OnnxGraph.parse(OnnxFixtures.bytes("cnn_gap_opset13"), "gap.onnx");
        Node reshape = gap.chain.get(6);
        OnnxGraph.StaticValue shape = gap.shapeInput(reshape, 1, "shape",
                java.util.Map.of(reshape.input(0), new long[] {-1, 5, 1, 1}));
        assertThat(shape.dims()).containsExactly(2);
        assertThat(shape.values()).containsExactly(OnnxGraph.BATCH, -1);
    }

    @Test
    void readsTheBatchNormMeanThatTorchWroteAsAnIdentityOfTheBias() {
        OnnxGraph gap = OnnxGraph.parse(OnnxFixtures.bytes("cnn_gap_opset13"), "gap.onnx");
        Node bn = gap.chain.get(1);
        assertThat(bn.input(3)).isEqualTo("bn1.running_mean");
        TensorData mean = gap.constant(bn, 3, "mean");
        TensorData bias = gap.constant(bn, 2, "B");
        assertThat(mean.floats()).containsExactly(bias.floats());
    }

    @Test
    void refusesAnLstmNamingTheNodeAndItsOp() {
        TensorProto w = TensorData.floats("W", new long[] {1, 8, 3}, new float[24]);
        TensorProto r = TensorData.floats("R", new long[] {1, 8, 2}, new float[16]);
        byte[] bytes = model(new long[] {5, -1, 3},
                List.of(node("LSTM_3", "LSTM", List.of("input", "W", "R"), "logits", OnnxFixtures.intAttr("hidden_size", 2))),
                List.of(w, r), 5, 1, -1, 2);
        assertThatThrownBy(() -> OnnxGraph.parse(bytes, "net.onnx"))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageStartingWith("net.onnx: node 'LSTM_3' (op LSTM) is not supported (supported: Gemm, ");
    }

    @Test
    void refusesTorchsLstmExportInOneLineNamingTheUnsupportedOps() {
        OnnxFormatException e = catchThrowableOfType(
                () -> OnnxGraph.parse(OnnxFixtures.bytes("bad_lstm"), "bad_lstm.onnx"), OnnxFormatException.class);
        assertThat(e.getMessage()).startsWith("bad_lstm.onnx: node '").contains("is not supported", "LSTM")
                .doesNotContain("\n");
    }

    @Test
    void readsAResidualGraph() {
        org.lrppruning.model.Network net = OnnxReader.read(OnnxFixtures.bytes("bad_residual"), "residual.onnx").network();
        assertThat(net.isChain()).isFalse();
        assertThat(net.layers()).anyMatch(org.lrppruning.model.Add.class::isInstance);
    }

    @Test
    void refusesADanglingBranch() {
        byte[] bytes = model(new long[] {-1, 3}, List.of(
                node("a", "Relu", List.of("input"), "x"),
                node("b", "Relu", List.of("input"), "logits")), List.of(), -1, 3);
        assertThatThrownBy(() -> OnnxGraph.parse(bytes, "two.onnx"))
                .hasMessage("two.onnx: node 'a' (op Relu): its output 'x' is read by no node and is not the graph"
                        + " output (a dangling branch)");
    }

    @Test
    void refusesFilesThatAreNotOnnx() {
        byte[][] notOnnx = {
            new byte[0],
            "hello, this is a text file\n".getBytes(StandardCharsets.UTF_8),
            {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0},
            new SplittableRandom(7).ints(4096, 0, 256).collect(() -> new java.io.ByteArrayOutputStream(),
                    (o, v) -> o.write(v), (a, b) -> { }).toByteArray(),
        };
        for (byte[] b : notOnnx) {
            OnnxFormatException e = catchThrowableOfType(() -> OnnxGraph.parse(b, "x.onnx"), OnnxFormatException.class);
            assertThat(e).as("%d bytes", b.length).isNotNull();
            assertThat(e.getMessage()).startsWith("x.onnx: ").doesNotContain("\n");
        }
    }

    @Test
    void refusesEveryTruncationOfAValidFileInOneLine() {
        byte[] full = OnnxFixtures.bytes("cnn_opset13");
        for (int cut = 0; cut < full.length; cut += 7) {
            byte[] part = Arrays.copyOf(full, cut);
            OnnxFormatException e = catchThrowableOfType(() -> OnnxGraph.parse(part, "cut.onnx"),
                    OnnxFormatException.class);
            assertThat(e).as("cut at %d of %d", cut, full.length).isNotNull();
            assertThat(e.getMessage()).startsWith("cut.onnx: ").doesNotContain("\n");
        }
    }

    @Test
    void checksDeclaredDimsAgainstTheDataBeforeAllocating() {
        TensorProto huge = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(1L << 40).addDims(1L << 20).setRawData(ByteString.copyFrom(new byte[8])).build();
        assertThatThrownBy(() -> TensorData.of(huge, "initializer 'w'"))
                .hasMessage("initializer 'w' declares dims [1099511627776, 1048576] (1152921504606846976 values)"
                        + " but holds 8 bytes");
        TensorProto overflow = huge.toBuilder().clearDims().addDims(1L << 40).addDims(1L << 40).build();
        assertThatThrownBy(() -> TensorData.of(overflow, "initializer 'w'"))
                .hasMessage("initializer 'w' declares dims [1099511627776, 1099511627776]: more values than the file holds");
        TensorProto typed = TensorProto.newBuilder().setName("w").setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(1L << 30).addFloatData(1f).build();
        assertThatThrownBy(() -> TensorData.of(typed, "initializer 'w'")).hasMessageContaining("but holds 1");
        TensorProto negative = typed.toBuilder().clearDims().addDims(-4).build();
        assertThatThrownBy(() -> TensorData.of(negative, "initializer 'w'")).hasMessageContaining("negative dimension");
    }

    @Test
    void readsRawAndTypedFloatAndIntegerData() {
        TensorProto raw = TensorData.floats("w", new long[] {2, 2}, new float[] {1, -2, 3.5f, 0});
        assertThat(TensorData.of(raw, "w").floats()).containsExactly(1, -2, 3.5f, 0);
        TensorProto typed = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT.getNumber()).addDims(3)
                .addFloatData(1).addFloatData(2).addFloatData(3).build();
        assertThat(TensorData.of(typed, "t").floats()).containsExactly(1, 2, 3);
        TensorProto longs = TensorData.longs("s", new long[] {2}, new long[] {-1, 1L << 40});
        assertThat(TensorData.of(longs, "s").longs()).containsExactly(-1, 1L << 40);
        TensorProto int32 = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT32.getNumber()).addDims(2)
                .addInt32Data(-3).addInt32Data(4).build();
        assertThat(TensorData.of(int32, "s").longs()).containsExactly(-3, 4);
        TensorProto dbl = int32.toBuilder().setDataType(TensorProto.DataType.DOUBLE.getNumber()).build();
        assertThatThrownBy(() -> TensorData.of(dbl, "initializer 'd'"))
                .hasMessageStartingWith("initializer 'd' has data type DOUBLE, which is not supported");
    }

    @Test
    void refusesUnknownAttributes() {
        byte[] bytes = model(new long[] {-1, 3}, List.of(node("r", "Relu", List.of("input"), "logits", ints("alpha", 1))),
                List.of(), -1, 3);
        OnnxGraph g = OnnxGraph.parse(bytes, "a.onnx");
        assertThatThrownBy(() -> g.chain.get(0).onlyAttributes())
                .hasMessage("a.onnx: node 'r' (op Relu): attribute 'alpha' is not supported");
    }
}
