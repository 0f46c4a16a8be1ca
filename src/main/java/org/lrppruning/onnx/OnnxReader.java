package org.lrppruning.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lrppruning.model.GlobalAvgPool;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.onnx.OnnxLayout.LayerForm;

/**
 * Reads an ONNX model (as {@code torch.onnx.export} writes them, opsets 11 to 17: chains and graphs with
 * residual Adds, Concats and gating Muls) into a {@link Network} of our layers, named as the user's PyTorch model names them: the state-dict prefix of
 * a layer's parameters ({@code features.0.weight} → {@code features.0}), or for parameter-free layers
 * and renamed parameters ({@code onnx::Conv_34}) the module path in torch's node name
 * ({@code /features/features.2/Relu} → {@code features.2}).
 */
public final class OnnxReader {
    private OnnxReader() {}

    /** The network in {@code path}; anything unreadable or unsupported is one {@link OnnxFormatException} line. */
    public static OnnxModel read(Path path) throws IOException {
        return read(OnnxGraph.read(path));
    }

    /** The network in the serialised model {@code bytes}; {@code file} names it in messages. */
    public static OnnxModel read(byte[] bytes, String file) {
        return read(OnnxGraph.parse(bytes, file));
    }

    static OnnxModel read(OnnxGraph g) {
        int[] shape = new int[g.inputDims.length - 1];
        long size = 1;
        for (int k = 0; k < shape.length; k++) {
            size *= g.inputDims[k + 1];
            if (size > Integer.MAX_VALUE / 4) { // one sample must fit an array, with room for the layers' outputs
                throw new OnnxFormatException(g.file + ": input '" + g.inputName + "' has shape "
                        + OnnxGraph.dimsText(g.inputDims) + ", too large for one sample");
            }
            shape[k] = (int) g.inputDims[k + 1];
        }
        OnnxOps.Cursor c = new OnnxOps.Cursor(g, shape);
        c.dataShapes.put(g.inputName, g.inputDims);
        List<Layer> layers = new ArrayList<>();
        List<int[]> reads = new ArrayList<>();
        Map<String, LayerForm> forms = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        // per computed tensor: the network value it is, our per-sample shape and ONNX's (GlobalAveragePool keeps 1x1)
        Map<String, Integer> valueOf = new HashMap<>();
        Map<String, int[]> shapeOf = new HashMap<>();
        Map<String, int[]> onnxShapeOf = new HashMap<>();
        valueOf.put(g.inputName, 0);
        shapeOf.put(g.inputName, shape);
        onnxShapeOf.put(g.inputName, shape);
        OnnxOps.Namer namer = (node, params) -> unique(layerName(node, params), node, used);
        while (c.at < g.chain.size()) {
            List<String> ins = g.dataInputs(g.chain.get(c.at));
            c.shape = shapeOf.get(ins.get(0));
            c.onnxShape = onnxShapeOf.get(ins.get(0));
            c.inShapes = ins.stream().map(shapeOf::get).toArray(int[][]::new);
            c.inputs = ins;
            OnnxOps.Read r = OnnxOps.read(c, namer);
            List<Node> nodes = g.chain.subList(c.at, c.at + r.nodes());
            String output = nodes.get(nodes.size() - 1).output();
            Layer layer = r.layer();
            if (layer != null) {
                int[] out;
                try {
                    out = layer.outputShape(c.inShapes);
                } catch (IllegalArgumentException e) {
                    throw nodes.get(0).error(e.getMessage());
                }
                layers.add(layer);
                reads.add(ins.stream().mapToInt(valueOf::get).toArray());
                forms.put(layer.name(), new LayerForm(r.form(), nodes.stream().map(Node::name).toList(),
                        nodes.stream().map(Node::output).toList(), r.initializers()));
                valueOf.put(output, layers.size());
                shapeOf.put(output, out);
                onnxShapeOf.put(output, layer instanceof GlobalAvgPool ? new int[] {out[0], 1, 1} : out);
            } else { // Identity: another name of the same value
                valueOf.put(output, valueOf.get(ins.get(0)));
                shapeOf.put(output, c.shape);
                onnxShapeOf.put(output, c.onnxShape);
            }
            c.dataShapes.put(output, OnnxOps.batched(onnxShapeOf.get(output)));
            c.at += r.nodes();
        }
        Network net;
        try {
            net = new Network(shape, layers, reads.toArray(int[][]::new), PrunableUnits.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(g.file + ": " + e.getMessage());
        }
        long fixedBatch = g.inputDims[0] > 0 ? g.inputDims[0] : 0;
        OnnxLayout layout = new OnnxLayout(g.inputName, g.outputName, g.batchParam, fixedBatch, g.opset,
                g.model.getIrVersion(), g.model.getGraph().getName(), forms);
        return new OnnxModel(net, layout);
    }

    /**
     * The user's name for a layer: the prefix of the first parameter named {@code PREFIX.weight} or
     * {@code PREFIX.bias}, else the module path of torch's node name, else the node's name.
     */
    static String layerName(Node node, String... params) {
        for (String p : params) {
            if (p == null) {
                continue;
            }
            for (String suffix : new String[] {".weight", ".bias"}) {
                if (p.endsWith(suffix) && p.length() > suffix.length()) {
                    return p.substring(0, p.length() - suffix.length());
                }
            }
        }
        String scope = scope(node.name());
        if (!scope.isEmpty()) {
            return scope;
        }
        String last = lastPart(node.name());
        return last.isEmpty() ? node.op() : last;
    }

    /**
     * The module path of a torch node name: {@code /features/features.0/Conv} → {@code features.0},
     * {@code /block/conv/Conv} → {@code block.conv}; "" for {@code /Relu} or names without slashes.
     */
    static String scope(String nodeName) {
        String[] parts = nodeName.split("/");
        String name = "";
        for (int k = 0; k < parts.length - 1; k++) {
            String p = parts[k];
            if (p.isEmpty()) {
                continue;
            }
            name = name.isEmpty() || p.startsWith(name + ".") ? p : name + "." + p;
        }
        return name;
    }

    private static String lastPart(String nodeName) {
        int slash = nodeName.lastIndexOf('/');
        return nodeName.substring(slash + 1);
    }

    /** {@code name}, or when a layer has it already {@code name/NodePart}, then {@code name#2}, ... */
    private static String unique(String name, Node node, Set<String> used) {
        String n = name;
        if (used.contains(n)) {
            String last = lastPart(node.name());
            n = last.isEmpty() || last.equals(name) ? name : name + "/" + last;
        }
        for (int k = 2; used.contains(n); k++) {
            n = name + "#" + k;
        }
        used.add(n);
        return n;
    }
}
