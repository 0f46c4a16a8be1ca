package org.lrppruning.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;

/** The torch-exported fixtures of {@code src/test/resources/onnx} and small hand-built graphs. */
final class OnnxFixtures {
    /** Fixtures with torch logits: name → (samples, logits) in NAME.npz. */
    static final List<String> WITH_LOGITS = List.of("cnn_opset11", "cnn_opset13", "cnn_opset17", "cnn_view_opset11",
            "cnn_gap_opset13", "cnn_pool_pad_opset13", "cnn_squeeze_opset11", "cnn_squeeze_opset13",
            "mlp_gemm_opset11", "mlp_gemm_opset13", "mlp_gemm_opset17", "mlp_matmul_opset13",
            "mlp_dropout_opset11", "mlp_dropout_opset13", "fire_opset13", "mul_const_opset13");

    private OnnxFixtures() {}

    /** The fixture NAME.onnx (or any file name under onnx/) as a path. */
    static Path path(String name) {
        String file = name.contains(".") ? name : name + ".onnx";
        URL url = OnnxFixtures.class.getResource("/onnx/" + file);
        if (url == null) {
            throw new IllegalStateException("missing test resource onnx/" + file);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arrays of NAME.npz: {@code input} and {@code logits}. */
    static Map<String, NpyArray> io(String name) {
        try {
            return Npz.read(path(name + ".npz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ValueInfoProto tensor(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    static NodeProto node(String name, String op, List<String> inputs, String output, AttributeProto... attrs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attrs)).build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    /** A model of {@code nodes} from input "input" (dims) to output "logits", opset 13. */
    static byte[] model(long[] inputDims, List<NodeProto> nodes, List<TensorProto> inits, long... outputDims) {
        GraphProto g = GraphProto.newBuilder().setName("test").addAllNode(nodes).addAllInitializer(inits)
                .addInput(tensor("input", inputDims)).addOutput(tensor("logits", outputDims)).build();
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("test").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build().toByteArray();
    }
}
