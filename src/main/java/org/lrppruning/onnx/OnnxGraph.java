package org.lrppruning.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed ONNX model reduced to its <em>data path</em>: the directed acyclic graph of nodes that compute on
 * the graph input (residual Adds, Concats and gating Muls read several of them), with every other input a constant
 * (an initializer, a Constant node, an Identity of either) or a shape computed from the data path
 * (Shape → Gather → Unsqueeze → Concat, as {@code x.view(x.size(0), -1)} exports).
 */
final class OnnxGraph {
    /** Ops that may appear on the data path (what {@link OnnxOps} maps to layers). */
    static final Set<String> DATA_OPS = Set.of("Gemm", "MatMul", "Add", "Conv", "Relu", "MaxPool", "AveragePool",
            "GlobalAveragePool", "BatchNormalization", "Flatten", "Reshape", "Squeeze", "Dropout", "Identity", "Pad",
            "Mul", "Concat", "Clip", "Sigmoid", "HardSigmoid", "HardSwish");
    /** Ops that may read several computed tensors. */
    static final Set<String> MERGE_OPS = Set.of("Add", "Mul", "Concat");
    /** Ops that may compute constants and shapes beside the data path. */
    static final Set<String> STATIC_OPS = Set.of("Constant", "Identity", "Shape", "Gather", "Unsqueeze", "Squeeze",
            "Concat", "Cast");
    /** The list the unsupported-op message gives. */
    static final String SUPPORTED = "Gemm, MatMul + Add, Conv (with groups), Relu, Clip, Sigmoid, HardSigmoid, HardSwish, "
            + "MaxPool (ceil_mode too), AveragePool (and Pad before it), GlobalAveragePool, BatchNormalization, Flatten, Reshape and "
            + "Squeeze that flatten, Dropout, Identity, Add, Mul and Concat (axis 1) of computed tensors, Mul by a scalar or"
            + " per-channel constant";
    /** Marks the symbolic batch size inside computed shapes. */
    static final long BATCH = Long.MIN_VALUE;
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    final String file;
    final ModelProto model;
    final int opset;
    final String inputName;
    /** The input's dims; the batch dimension is -1 when symbolic. */
    final long[] inputDims;
    /** The batch dimension's name ("batch"), or null when it is a number. */
    final String batchParam;
    final String outputName;
    /** The data path's nodes, in topological order (the file's). */
    final List<Node> chain = new ArrayList<>();
    /** Per data node, the computed tensors it reads. */
    private final Map<Node, List<String>> dataInputsOf = new HashMap<>();
    /** Per computed tensor, the number of data nodes that read it. */
    private final Map<String, Integer> readers = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    /** Outputs of Constant nodes and of Identity/... nodes over constants: the node computing them. */
    private final Map<String, Node> staticProducers = new HashMap<>();
    private final Set<String> dataTensors = new java.util.HashSet<>();
    private final Map<String, StaticValue> staticValues = new HashMap<>();

    private OnnxGraph(String file, ModelProto model) {
        this.file = file;
        this.model = model;
        this.opset = defaultOpset(model);
        GraphProto g = model.getGraph();
        for (TensorProto t : g.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        List<ValueInfoProto> inputs = g.getInputList().stream()
                .filter(v -> !initializers.containsKey(v.getName())).toList();
        if (inputs.size() != 1) {
            throw new OnnxFormatException(file + ": the graph has " + inputs.size() + " inputs ("
                    + String.join(", ", inputs.stream().map(ValueInfoProto::getName).toList())
                    + "); one input is supported");
        }
        if (g.getOutputCount() != 1) {
            throw new OnnxFormatException(file + ": the graph has " + g.getOutputCount() + " outputs; one is supported");
        }
        ValueInfoProto in = inputs.get(0);
        inputName = in.getName();
        outputName = g.getOutput(0).getName();
        List<Node> nodes = g.getNodeList().stream().map(n -> new Node(n, file)).toList();
        refuseUnknownOps(nodes);
        if (!in.getType().hasTensorType() || in.getType().getTensorType().getElemType()
                != TensorProto.DataType.FLOAT.getNumber()) {
            throw new OnnxFormatException(file + ": input '" + inputName + "' is not a float32 tensor");
        }
        TensorShapeProto shape = in.getType().getTensorType().getShape();
        inputDims = new long[shape.getDimCount()];
        String param = null;
        for (int d = 0; d < inputDims.length; d++) {
            TensorShapeProto.Dimension dim = shape.getDim(d);
            if (dim.hasDimValue() && dim.getDimValue() > 0) {
                inputDims[d] = dim.getDimValue();
            } else if (d == 0) {
                inputDims[d] = -1;
                param = dim.hasDimParam() ? dim.getDimParam() : null;
            } else {
                throw new OnnxFormatException(file + ": input '" + inputName + "' dimension " + d
                        + " has no fixed size; only the batch dimension (0) may vary");
            }
        }
        if (inputDims.length != 2 && inputDims.length != 4) {
            throw new OnnxFormatException(file + ": input '" + inputName + "' has shape " + dimsText(inputDims)
                    + "; N x F or N x C x H x W is supported");
        }
        batchParam = param;
        classify(nodes);
    }

    /** Reads and analyses {@code path}; every problem is one {@link OnnxFormatException} line. */
    static OnnxGraph read(Path path) throws IOException {
        String file = String.valueOf(path.getFileName());
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new OnnxFormatException(file + ": " + size + " bytes, larger than an ONNX file can be"
                        + " without external data (2 GB)");
            }
            // the bytes, the parsed protobuf and the network's copies of the weights at once
            if (size * 3 > org.lrppruning.io.Limits.usable(org.lrppruning.io.Limits.heap())) {
                throw new OnnxFormatException(file + ": " + size + " bytes, more than the "
                        + org.lrppruning.io.Limits.bytes(org.lrppruning.io.Limits.heap()) + " heap holds with the model"
                        + " built from it (" + org.lrppruning.io.Limits.MORE_HEAP + ")");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(file + ": no such file");
        }
        return parse(bytes, file);
    }

    /** Analyses the serialised model {@code bytes}; {@code file} names it in messages. */
    static OnnxGraph parse(byte[] bytes, String file) {
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.enableAliasing(true); // tensors' raw data stay slices of the file's bytes
            model = ModelProto.parseFrom(in);
        } catch (IOException e) { // InvalidProtocolBufferException: a byte array has no other I/O
            String why = e.getMessage() != null && e.getMessage().contains("ended unexpectedly")
                    ? "truncated or not ONNX (the data ends inside a field)" : "not an ONNX model (" + firstLine(e) + ")";
            throw new OnnxFormatException(file + ": " + why, e);
        } catch (RuntimeException e) {
            throw new OnnxFormatException(file + ": not an ONNX model (" + firstLine(e) + ")", e);
        }
        if (!model.hasGraph() || model.getIrVersion() <= 0 || model.getGraph().getNodeCount() == 0) {
            throw new OnnxFormatException(file + ": not an ONNX model (no IR version or no graph nodes)");
        }
        return new OnnxGraph(file, model);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private int defaultOpset(ModelProto m) {
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                long v = o.getVersion();
                if (v < 9 || v > 21) {
                    throw new OnnxFormatException(file + ": opset " + v + " is not supported (9 to 21; torch writes 11 to 17)");
                }
                return (int) v;
            }
        }
        throw new OnnxFormatException(file + ": no default-domain opset import (not an ONNX model?)");
    }

    /**
     * Sorts the nodes into constants, shape computations and the data path, a directed acyclic graph from the
     * input to the output: every data node reads tensors computed before it (ONNX's topological order; a cycle
     * or a missing tensor breaks it), and every data node's output is read by a later one or is the output.
     */
    private void classify(List<Node> nodes) {
        dataTensors.add(inputName);
        for (Node n : nodes) {
            NodeProto p = n.proto();
            List<String> dataInputs = new ArrayList<>();
            for (String s : p.getInputList()) {
                if (s.isEmpty()) {
                    continue;
                }
                if (dataTensors.contains(s)) {
                    dataInputs.add(s);
                } else if (!initializers.containsKey(s) && !staticProducers.containsKey(s)) {
                    throw n.error("input '" + s + "' is neither computed before it nor an initializer"
                            + " (the graph has a cycle, is not topologically sorted, or reads a missing tensor)");
                }
            }
            if (dataInputs.isEmpty() || n.op().equals("Shape")) {
                if (!STATIC_OPS.contains(n.op())) {
                    throw n.error("computes on constants only, which is not supported");
                }
                for (String o : p.getOutputList()) {
                    staticProducers.put(o, n);
                }
                continue;
            }
            if (!DATA_OPS.contains(n.op())) {
                throw unsupported(n, nodes);
            }
            if (dataInputs.size() > 1 && !MERGE_OPS.contains(n.op())) {
                throw n.error("combines two computed tensors ('" + String.join("', '", dataInputs)
                        + "'); only Add, Mul and Concat may");
            }
            for (String in : new java.util.LinkedHashSet<>(dataInputs)) {
                readers.merge(in, 1, Integer::sum);
            }
            for (int k = 1; k < p.getOutputCount(); k++) {
                if (!p.getOutput(k).isEmpty()) {
                    dataTensors.add(p.getOutput(k)); // e.g. Dropout's mask: fine while nothing reads it
                }
            }
            if (dataTensors.contains(n.output())) {
                throw n.error("writes '" + n.output() + "', which another node wrote before (not a valid graph)");
            }
            dataTensors.add(n.output());
            dataInputsOf.put(n, dataInputs);
            chain.add(n);
        }
        for (Node n : chain) {
            for (int k = 1; k < n.proto().getOutputCount(); k++) {
                String extra = n.proto().getOutput(k);
                if (!extra.isEmpty() && readers.containsKey(extra)) {
                    throw n.error("its output '" + extra + "' is used: only the first output is supported");
                }
            }
        }
        if (chain.isEmpty()) {
            throw new OnnxFormatException(file + ": no node computes on the input '" + inputName + "'");
        }
        if (!dataTensors.contains(outputName) || staticProducers.containsKey(outputName)) {
            throw new OnnxFormatException(file + ": the graph output '" + outputName + "' is not computed from the input");
        }
        if (readers.containsKey(outputName)) {
            throw new OnnxFormatException(file + ": the graph output '" + outputName + "' is read by another node;"
                    + " the output must be the last computed tensor");
        }
        for (Node n : chain) {
            if (!n.output().equals(outputName) && !readers.containsKey(n.output())) {
                throw n.error("its output '" + n.output() + "' is read by no node and is not the graph output"
                        + " (a dangling branch)");
            }
        }
        if (!chain.get(chain.size() - 1).output().equals(outputName)) {
            throw new OnnxFormatException(file + ": the graph output '" + outputName + "' is not computed by the last"
                    + " node");
        }
    }

    /** The computed tensors node {@code n} of the data path reads, in input order. */
    List<String> dataInputs(Node n) {
        return dataInputsOf.get(n);
    }

    /** The data-path node that computes {@code tensor}, or null (the input, a constant). */
    Node producer(String tensor) {
        for (Node n : chain) {
            if (n.output().equals(tensor)) {
                return n;
            }
        }
        return null;
    }

    /** The data-path nodes that read {@code tensor}, in order. */
    List<Node> consumers(String tensor) {
        List<Node> out = new ArrayList<>();
        for (Node n : chain) {
            if (dataInputsOf.get(n).contains(tensor)) {
                out.add(n);
            }
        }
        return out;
    }

    /** How many data-path nodes read {@code tensor}. */
    int readers(String tensor) {
        return readers.getOrDefault(tensor, 0);
    }

    private void refuseUnknownOps(List<Node> nodes) {
        for (Node n : nodes) {
            String domain = n.proto().getDomain();
            boolean known = (domain.isEmpty() || domain.equals("ai.onnx"))
                    && (DATA_OPS.contains(n.op()) || STATIC_OPS.contains(n.op()));
            if (!known) {
                throw unsupported(n, nodes);
            }
        }
    }

    /** The message for an unsupported node, listing the other unsupported op types of the graph too. */
    private OnnxFormatException unsupported(Node n, List<Node> nodes) {
        Set<String> others = new TreeSet<>();
        for (Node m : nodes) {
            if (!DATA_OPS.contains(m.op()) && !STATIC_OPS.contains(m.op()) && !m.op().equals(n.op())) {
                others.add(m.op());
            }
        }
        String domain = n.proto().getDomain();
        String what = domain.isEmpty() || domain.equals("ai.onnx") ? "" : " of domain '" + domain + "'";
        return new OnnxFormatException(file + ": " + n.describe() + what + " is not supported"
                + (others.isEmpty() ? "" : ", nor are " + String.join(", ", others) + " in this graph")
                + " (supported: " + SUPPORTED + ")");
    }

    /** True when {@code tensor} is computed on the data path (not a constant). */
    boolean isData(String tensor) {
        return dataTensors.contains(tensor);
    }

    /** Whether {@code tensor} is an initializer (not a Constant node's output). */
    boolean isInitializer(String tensor) {
        return initializers.containsKey(tensor);
    }

    /** The constant {@code n.input(i)}: null when the input is absent; an error when it is computed data. */
    TensorData constant(Node n, int i, String role) {
        String s = n.input(i);
        if (s.isEmpty()) {
            return null;
        }
        if (isData(s)) {
            throw n.error(role + " '" + s + "' is computed from the input; a constant is supported");
        }
        TensorProto t = initializer(s);
        if (t != null) {
            return TensorData.of(t, file + ": initializer '" + s + "' (" + role + " of " + n.describe() + ")");
        }
        throw n.error(role + " '" + s + "' is computed, not stored; a constant is supported");
    }

    /** The initializer or Constant value named {@code s} (through Identity), or null when it is computed. */
    private TensorProto initializer(String s) {
        for (int hops = 0; hops < 64; hops++) {
            TensorProto t = initializers.get(s);
            if (t != null) {
                return t;
            }
            Node p = staticProducers.get(s);
            if (p == null) {
                return null;
            }
            if (p.op().equals("Constant")) {
                return constantValue(p);
            }
            if (p.op().equals("Cast")) {
                TensorProto from = initializer(p.input(0));
                return from == null ? null : cast(p, from);
            }
            if (!p.op().equals("Identity")) {
                return null;
            }
            s = p.input(0);
        }
        return null;
    }

    /**
     * A constant through a Cast to float32 or int64 (torch writes {@code torch.clamp(x, 0, 6)}'s integer bounds
     * so); other target types are refused.
     */
    private TensorProto cast(Node p, TensorProto from) {
        p.onlyAttributes("to", "saturate");
        long to = p.i("to", 0);
        TensorData d = TensorData.of(from, file + ": constant '" + p.input(0) + "' (input of " + p.describe() + ")");
        if (to == TensorProto.DataType.FLOAT.getNumber()) {
            float[] v = d.isFloat() ? d.floats() : new float[d.longs().length];
            for (int k = 0; !d.isFloat() && k < v.length; k++) {
                v[k] = d.longs()[k];
            }
            return TensorData.floats(p.output(), d.dims(), v);
        }
        if (to == TensorProto.DataType.INT64.getNumber()) {
            long[] v = d.isFloat() ? new long[d.floats().length] : d.longs();
            for (int k = 0; d.isFloat() && k < v.length; k++) {
                v[k] = (long) d.floats()[k]; // ONNX casts float to int by truncation toward zero
            }
            return TensorData.longs(p.output(), d.dims(), v);
        }
        throw p.error("casting a constant to data type " + to + " is not supported (float32 or int64)");
    }

    private TensorProto constantValue(Node c) {
        c.onlyAttributes("value", "value_float", "value_floats", "value_int", "value_ints");
        AttributeProto v = c.tensorAttribute("value");
        if (v != null) {
            return v.getT().toBuilder().setName(c.output()).build();
        }
        if (c.has("value_ints") || c.has("value_int")) {
            long[] vals = c.has("value_ints") ? c.ints("value_ints", null) : new long[] {c.i("value_int", 0)};
            long[] dims = c.has("value_ints") ? new long[] {vals.length} : new long[0];
            return TensorData.longs(c.output(), dims, vals);
        }
        if (c.has("value_float")) {
            return TensorData.floats(c.output(), new long[0], new float[] {c.f("value_float", 0)});
        }
        throw c.error("only 'value', 'value_int(s)' and 'value_float' constants are supported");
    }

    /** An integer tensor value computed without the data: {@code dims} and its values (BATCH marks N). */
    record StaticValue(long[] dims, long[] values) {}

    /**
     * The integer value of the constant or shape computation {@code n.input(i)}, given the shapes of
     * the data-path tensors computed so far ({@code dataShapes}, batch as -1).
     */
    StaticValue shapeInput(Node n, int i, String role, Map<String, long[]> dataShapes) {
        String s = n.input(i);
        if (s.isEmpty()) {
            return null;
        }
        if (isData(s)) {
            throw n.error(role + " '" + s + "' is computed from the input values; a constant is supported");
        }
        return evaluate(s, dataShapes, n, role, 0);
    }

    private StaticValue evaluate(String s, Map<String, long[]> dataShapes, Node user, String role, int depth) {
        StaticValue known = staticValues.get(s);
        if (known != null) {
            return known;
        }
        if (depth > 64) {
            throw user.error(role + " is computed by too deep a chain of nodes");
        }
        TensorProto t = initializers.get(s);
        StaticValue v;
        if (t != null || (staticProducers.get(s) != null && staticProducers.get(s).op().equals("Constant"))) {
            TensorData d = TensorData.of(t != null ? t : constantValue(staticProducers.get(s)),
                    file + ": constant '" + s + "' (" + role + " of " + user.describe() + ")");
            if (d.isFloat()) {
                throw user.error(role + " '" + s + "' holds floats; integers are expected");
            }
            v = new StaticValue(d.dims(), d.longs());
        } else {
            Node p = staticProducers.get(s);
            if (p == null) {
                throw user.error(role + " '" + s + "' is not a constant");
            }
            v = compute(p, dataShapes, user, role, depth);
        }
        staticValues.put(s, v);
        return v;
    }

    /** Evaluates one shape-computing node (Shape, Gather, Unsqueeze, Squeeze, Concat, Cast, Identity). */
    private StaticValue compute(Node p, Map<String, long[]> dataShapes, Node user, String role, int depth) {
        switch (p.op()) {
            case "Shape": {
                p.onlyAttributes("start", "end");
                long[] shape = dataShapes.get(p.input(0));
                if (shape == null) {
                    throw p.error("takes the shape of '" + p.input(0) + "', which is not known at that point");
                }
                int r = shape.length;
                int start = (int) clampAxis(p.i("start", 0), r);
                int end = (int) clampAxis(p.i("end", r), r);
                long[] vals = new long[Math.max(0, end - start)];
                for (int k = 0; k < vals.length; k++) {
                    vals[k] = shape[start + k] < 0 ? BATCH : shape[start + k];
                }
                return new StaticValue(new long[] {vals.length}, vals);
            }
            case "Identity":
            case "Cast":
                p.onlyAttributes("to", "saturate");
                return evaluate(p.input(0), dataShapes, user, role, depth + 1);
            case "Gather": {
                p.onlyAttributes("axis");
                StaticValue data = evaluate(p.input(0), dataShapes, user, role, depth + 1);
                StaticValue idx = evaluate(p.input(1), dataShapes, user, role, depth + 1);
                if (data.dims().length != 1 || p.i("axis", 0) != 0 || idx.dims().length > 1) {
                    throw p.error("only gathering from a 1-D shape along axis 0 is supported");
                }
                long[] vals = new long[idx.values().length];
                for (int k = 0; k < vals.length; k++) {
                    long j = idx.values()[k] < 0 ? idx.values()[k] + data.values().length : idx.values()[k];
                    if (j < 0 || j >= data.values().length) {
                        throw p.error("index " + idx.values()[k] + " is out of range");
                    }
                    vals[k] = data.values()[(int) j];
                }
                return new StaticValue(idx.dims().clone(), vals);
            }
            case "Unsqueeze":
            case "Squeeze": {
                p.onlyAttributes("axes");
                StaticValue data = evaluate(p.input(0), dataShapes, user, role, depth + 1);
                long[] axes = p.has("axes") ? p.ints("axes", null)
                        : p.input(1).isEmpty() ? null : evaluate(p.input(1), dataShapes, user, role, depth + 1).values();
                long[] dims = p.op().equals("Unsqueeze") ? unsqueeze(p, data.dims(), axes) : squeeze(p, data.dims(), axes);
                return new StaticValue(dims, data.values());
            }
            case "Concat": {
                p.onlyAttributes("axis");
                List<Long> vals = new ArrayList<>();
                for (String in : p.proto().getInputList()) {
                    StaticValue part = evaluate(in, dataShapes, user, role, depth + 1);
                    if (part.dims().length != 1) {
                        throw p.error("only concatenating 1-D shapes is supported");
                    }
                    for (long x : part.values()) {
                        vals.add(x);
                    }
                }
                return new StaticValue(new long[] {vals.size()}, vals.stream().mapToLong(Long::longValue).toArray());
            }
            default:
                throw p.error("computing " + role + " of " + user.describe() + " this way is not supported");
        }
    }

    private static long clampAxis(long a, int rank) {
        long x = a < 0 ? a + rank : a;
        return Math.max(0, Math.min(rank, x));
    }

    private static long[] unsqueeze(Node p, long[] dims, long[] axes) {
        if (axes == null) {
            throw p.error("has no axes");
        }
        int rank = dims.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            long x = a < 0 ? a + rank : a;
            if (x < 0 || x >= rank || inserted[(int) x]) {
                throw p.error("axes " + Arrays.toString(axes) + " are out of range");
            }
            inserted[(int) x] = true;
        }
        long[] out = new long[rank];
        for (int k = 0, j = 0; k < rank; k++) {
            out[k] = inserted[k] ? 1 : dims[j++];
        }
        return out;
    }

    private static long[] squeeze(Node p, long[] dims, long[] axes) {
        List<Long> out = new ArrayList<>();
        for (int k = 0; k < dims.length; k++) {
            boolean drop = false;
            if (axes == null) {
                drop = dims[k] == 1;
            } else {
                for (long a : axes) {
                    drop |= (a < 0 ? a + dims.length : a) == k;
                }
            }
            if (drop && dims[k] != 1) {
                throw p.error("squeezes a dimension of size " + dims[k]);
            }
            if (!drop) {
                out.add(dims[k]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Dims as text, the batch as N: {@code [N, 1, 28, 28]}. */
    static String dimsText(long[] dims) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < dims.length; k++) {
            b.append(k > 0 ? ", " : "").append(dims[k] < 0 ? "N" : String.valueOf(dims[k]));
        }
        return b.append(']').toString();
    }
}
