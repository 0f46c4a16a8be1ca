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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout.LayerForm;

/**
 * Writes a {@link Network} as an ONNX model: its graph of nodes from the input to the output, in the
 * network's order, parameters as
 * float32 initializers under the user's names, in the op forms and with the node, tensor and initializer
 * names of the {@link OnnxLayout} it was read with (torch's conventions for layers it does not know).
 */
public final class OnnxWriter {
    private OnnxWriter() {}

    /** Writes {@code net} to {@code target} atomically (a reader never sees half a file). */
    public static void write(Network net, OnnxLayout layout, Path target) throws IOException {
        ModelProto m = model(net, layout);
        AtomicFiles.write(target, m::writeTo);
    }

    /** The serialised model. */
    public static byte[] bytes(Network net, OnnxLayout layout) {
        return model(net, layout).toByteArray();
    }

    static ModelProto model(Network net, OnnxLayout layout) {
        Emitter e = new Emitter(layout, net.inputShape());
        List<Layer> layers = net.layers();
        // per network value: the tensor that holds it and its ONNX shape (GlobalAveragePool keeps 1x1)
        String[] tensor = new String[layers.size() + 1];
        int[][] onnxShape = new int[layers.size() + 1][];
        tensor[0] = layout.inputName;
        onnxShape[0] = net.inputShape();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int[] in = net.inputsOf(i);
            List<String> names = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            for (int v : in) {
                names.add(tensor[v]);
                shapes.add(onnxShape[v]);
            }
            e.begin(layer.name(), layout.form(layer.name()), names, shapes);
            OnnxOps.write(layer, net.inShape(i), layout.form(layer.name()), e);
            tensor[i + 1] = e.current();
            onnxShape[i + 1] = e.shape();
        }
        List<NodeProto> nodes = e.nodes;
        NodeProto last = nodes.get(nodes.size() - 1);
        nodes.set(nodes.size() - 1, last.toBuilder().setOutput(0, layout.outputName).build());
        GraphProto g = GraphProto.newBuilder().setName(layout.graphName.isEmpty() ? "main_graph" : layout.graphName)
                .addAllNode(nodes).addAllInitializer(e.initializers)
                .addInput(valueInfo(layout, layout.inputName, net.inputShape()))
                .addOutput(valueInfo(layout, layout.outputName, net.shape(layers.size()))).build();
        return ModelProto.newBuilder().setIrVersion(layout.irVersion).setProducerName("lrp-pruning")
                .setProducerVersion("0.1.0").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(layout.opset)).build();
    }

    private static ValueInfoProto valueInfo(OnnxLayout layout, String name, int[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        TensorShapeProto.Dimension.Builder batch = TensorShapeProto.Dimension.newBuilder();
        if (layout.batchParam != null) {
            batch.setDimParam(layout.batchParam);
        } else if (layout.fixedBatch > 0) {
            batch.setDimValue(layout.fixedBatch);
        }
        s.addDim(batch);
        for (int d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(s))).build();
    }

    /** Collects nodes and initializers layer by layer, naming them as the layer's form says. */
    static final class Emitter {
        private final OnnxLayout layout;
        final List<NodeProto> nodes = new ArrayList<>();
        final List<TensorProto> initializers = new ArrayList<>();
        private final Set<String> nodeNames = new HashSet<>();
        private final Set<String> tensorNames = new HashSet<>();
        private String current;
        private int[] shape;
        private List<String> inputs = List.of();
        private List<int[]> inputShapes = List.of();
        private String layer;
        private LayerForm form;
        private int k;

        Emitter(OnnxLayout layout, int[] inputShape) {
            this.layout = layout;
            this.current = layout.inputName;
            this.shape = inputShape;
            tensorNames.add(layout.inputName);
            tensorNames.add(layout.outputName);
        }

        /** Starts a layer that reads the tensors {@code names} of ONNX shapes {@code shapes}. */
        void begin(String layerName, LayerForm lf, List<String> names, List<int[]> shapes) {
            layer = layerName;
            form = lf;
            k = 0;
            inputs = List.copyOf(names);
            inputShapes = List.copyOf(shapes);
            current = names.get(0);
            shape = shapes.get(0);
        }

        /** The tensors the current layer reads (a merge reads several). */
        List<String> inputs() {
            return inputs;
        }

        /** Their per-sample ONNX shapes. */
        List<int[]> inputShapes() {
            return inputShapes;
        }

        /** The largest of {@link #inputShapes()} (a broadcast's output shape). */
        int[] widestInput() {
            int[] w = inputShapes.get(0);
            for (int[] s : inputShapes) {
                int a = 1;
                int b = 1;
                for (int d : s) {
                    a *= d;
                }
                for (int d : w) {
                    b *= d;
                }
                if (a > b) {
                    w = s;
                }
            }
            return w;
        }

        int opset() {
            return layout.opset;
        }

        /** The tensor the next node reads. */
        String current() {
            return current;
        }

        /** Per-sample ONNX shape of {@link #current()}. */
        int[] shape() {
            return shape;
        }

        void setShape(int[] s) {
            shape = s;
        }

        String node(String op, List<String> inputs) {
            return node(op, inputs, List.of());
        }

        /** Adds a data-path node reading {@code inputs}; its output becomes {@link #current()}. */
        String node(String op, List<String> inputs, List<AttributeProto> attrs) {
            boolean known = form != null && k < form.nodes().size();
            String name = fresh(known ? form.nodes().get(k) : "/" + layer + "/" + op, nodeNames);
            String out = fresh(known ? form.outputs().get(k) : name + "_output_0", tensorNames);
            k++;
            nodes.add(NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addOutput(out)
                    .addAllAttribute(attrs).build());
            current = out;
            return out;
        }

        /** A Flatten before a Linear whose input is still an image (after GlobalAveragePool, say). */
        void flattenIfImage(String layerName) {
            if (shape.length == 1) {
                return;
            }
            String name = fresh("/" + layerName + "/Flatten", nodeNames);
            String out = fresh(name + "_output_0", tensorNames);
            nodes.add(NodeProto.newBuilder().setName(name).setOpType("Flatten").addInput(current).addOutput(out)
                    .addAttribute(OnnxOps.i("axis", 1)).build());
            current = out;
            int f = 1;
            for (int d : shape) {
                f *= d;
            }
            shape = new int[] {f};
        }

        /** A float32 initializer for the parameter {@code key} of the current layer; returns its name. */
        String init(String key, long[] dims, float[] values) {
            String known = form == null ? null : form.initializers().get(key);
            String name = fresh(known != null ? known : layer + "." + key, tensorNames);
            initializers.add(TensorData.floats(name, dims, values));
            return name;
        }

        /** An int64 Constant node (shapes, pads, axes), as torch writes them; returns its output. */
        String constant(long[] dims, long[] values) {
            return constantNode(TensorData.longs("", dims, values));
        }

        /** A float32 scalar Constant node; returns its output. */
        String floatConstant(float value) {
            return floatConstant(new long[0], new float[] {value});
        }

        /** A float32 Constant node of shape {@code dims}; returns its output. */
        String floatConstant(long[] dims, float[] values) {
            return constantNode(TensorData.floats("", dims, values));
        }

        private String constantNode(TensorProto value) {
            String name = fresh("/" + layer + "/Constant", nodeNames);
            String out = fresh(name + "_output_0", tensorNames);
            nodes.add(NodeProto.newBuilder().setName(name).setOpType("Constant").addOutput(out)
                    .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                            .setT(value)).build());
            return out;
        }

        private static String fresh(String name, Set<String> used) {
            String n = name;
            for (int j = 1; used.contains(n); j++) {
                n = name + "_" + j;
            }
            used.add(n);
            return n;
        }
    }
}
