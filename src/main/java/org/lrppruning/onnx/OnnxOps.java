package org.lrppruning.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.model.Add;
import org.lrppruning.model.AvgPool2d;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Concat;
import org.lrppruning.model.Clip;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Flatten;
import org.lrppruning.model.GlobalAvgPool;
import org.lrppruning.model.HardSigmoid;
import org.lrppruning.model.HardSwish;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Mul;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Scale;
import org.lrppruning.model.Shapes;
import org.lrppruning.model.Sigmoid;
import org.lrppruning.model.Window;
import org.lrppruning.onnx.OnnxLayout.Form;
import org.lrppruning.onnx.OnnxLayout.LayerForm;

/**
 * The one place that maps ONNX ops to layers ({@link #read}) and layers back to ONNX nodes
 * ({@link #write}): Gemm and MatMul + Add ↔ Linear, Conv (any group) ↔ Conv2d, Relu, Clip, Sigmoid,
 * HardSigmoid, HardSwish (before opset 14 written as HardSigmoid + Mul, as torch does), MaxPool ↔ MaxPool2d,
 * AveragePool (after a Pad as torch writes count_include_pad) ↔ AvgPool2d, GlobalAveragePool,
 * BatchNormalization ↔ BatchNorm, Flatten and flattening Reshape / Squeeze ↔ Flatten, Dropout, Mul by a constant
 * ↔ Scale;
 * Identity and zero Pads are dropped.
 */
final class OnnxOps {
    private OnnxOps() {}

    /** What the reader tracks along the data path. */
    static final class Cursor {
        final OnnxGraph graph;
        int at;
        /** Per-sample shape of the current tensor as our layers see it ({C, H, W} or {F}). */
        int[] shape;
        /** Per-sample shape of the current ONNX tensor (GlobalAveragePool keeps {C, 1, 1}). */
        int[] onnxShape;
        /** Our per-sample shapes of every computed tensor the node reads (merges read several). */
        int[][] inShapes;
        /** The computed tensors the node reads. */
        List<String> inputs;
        /** Shapes of the data-path tensors so far, batch as -1, for shape computations. */
        final Map<String, long[]> dataShapes = new HashMap<>();

        Cursor(OnnxGraph graph, int[] shape) {
            this.graph = graph;
            this.shape = shape;
            this.onnxShape = shape;
        }

        Node node() {
            return graph.chain.get(at);
        }

        /**
         * The node after the current one when it is the only reader of the current node's output and reads no
         * other computed tensor (so that the two can form one layer: MatMul + Add, Pad + AveragePool), else null.
         */
        Node next() {
            if (at + 1 >= graph.chain.size()) {
                return null;
            }
            Node n = graph.chain.get(at + 1);
            String out = graph.chain.get(at).output();
            return graph.readers(out) == 1 && graph.dataInputs(n).equals(List.of(out)) ? n : null;
        }
    }

    /**
     * A layer read from {@code nodes} data-path nodes (null for nodes that compute nothing, Identity),
     * with the name its parameters or its node suggest and the form it had.
     */
    record Read(Layer layer, int nodes, Form form, Map<String, String> initializers) {}

    /** Names layers as the reader wants them (the user's: parameter prefixes, torch's scopes). */
    interface Namer {
        /**
         * The name for the layer of {@code node} with the parameter initializers {@code params} (none for
         * parameter-free layers; entries may be null): the state-dict prefix of the first named
         * {@code PREFIX.weight} or {@code PREFIX.bias}, else one derived from the node's name.
         */
        String name(Node node, String... params);
    }

    // ------------------------------------------------------------------------------------ reading

    /** Reads the layer starting at the cursor's node. */
    static Read read(Cursor c, Namer namer) {
        Node n = c.node();
        switch (n.op()) {
            case "Conv": return conv(c, n, namer);
            case "Gemm": return gemm(c, n, namer);
            case "MatMul": return matMul(c, n, namer);
            case "Add": {
                if (c.inputs.size() < 2) {
                    throw n.error("Add of a constant is supported only as the bias right after a MatMul");
                }
                n.onlyAttributes();
                return plain(new Add(namer.name(n), c.inputs.size()));
            }
            case "Mul": return mul(c, n, namer);
            case "Concat": {
                n.onlyAttributes("axis");
                long axis = n.i("axis", 1);
                int rank = c.onnxShape.length + 1;
                if ((axis < 0 ? axis + rank : axis) != 1 || c.inputs.size() != n.proto().getInputCount()) {
                    throw n.error("only concatenating computed tensors along the channel axis (1) is supported");
                }
                return plain(new Concat(namer.name(n), c.inputs.size()));
            }
            case "Relu":
                n.onlyAttributes();
                return plain(new Relu(namer.name(n)));
            case "Clip": return clip(c, n, namer);
            case "Sigmoid":
                n.onlyAttributes();
                return plain(new Sigmoid(namer.name(n)));
            case "HardSigmoid":
                n.onlyAttributes("alpha", "beta");
                return plain(new HardSigmoid(namer.name(n), n.f("alpha", 0.2f), n.f("beta", 0.5f)));
            case "HardSwish":
                n.onlyAttributes();
                return plain(new HardSwish(namer.name(n)));
            case "MaxPool": {
                n.onlyAttributes("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order",
                        "strides");
                return plain(new MaxPool2d(namer.name(n), poolWindow(c, n, null, true)));
            }
            case "AveragePool": {
                n.onlyAttributes("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides");
                boolean countPad = n.i("count_include_pad", 0) == 1;
                return plain(new AvgPool2d(namer.name(n), poolWindow(c, n, null, !countPad), countPad));
            }
            case "Pad": return pad(c, n, namer);
            case "GlobalAveragePool":
                n.onlyAttributes();
                requireImage(c, n);
                return plain(new GlobalAvgPool(namer.name(n), needsImage(c.graph, n.output())));
            case "BatchNormalization": return batchNorm(c, n, namer);
            case "Flatten": {
                n.onlyAttributes("axis");
                long axis = n.i("axis", 1);
                int rank = c.onnxShape.length + 1;
                if ((axis < 0 ? axis + rank : axis) != 1) {
                    throw n.error("axis " + axis + " is not supported (axis 1: keep the batch, flatten the rest)");
                }
                return plain(new Flatten(namer.name(n)));
            }
            case "Reshape": return reshape(c, n, namer);
            case "Squeeze": return squeeze(c, n, namer);
            case "Dropout": return dropout(c, n, namer);
            case "Identity":
                n.onlyAttributes();
                return new Read(null, 1, new Form.Plain(), Map.of());
            default:
                throw n.error("is not supported");
        }
    }

    /**
     * Whether a reader of {@code tensor} needs it as an image (a Conv after a GlobalAveragePool in
     * squeeze-and-excitation), that is, whether not every reader flattens it (through Identity).
     */
    private static boolean needsImage(OnnxGraph g, String tensor) {
        for (Node r : g.consumers(tensor)) {
            boolean flattens = switch (r.op()) {
                case "Flatten", "Reshape", "Squeeze" -> true;
                case "Identity" -> !needsImage(g, r.output());
                default -> false;
            };
            if (!flattens) {
                return true;
            }
        }
        return false;
    }

    private static Read plain(Layer layer) {
        return new Read(layer, 1, new Form.Plain(), Map.of());
    }

    private static void requireImage(Cursor c, Node n) {
        if (c.onnxShape.length != 3) {
            throw n.error("needs an N x C x H x W input, got " + OnnxGraph.dimsText(batched(c.onnxShape)));
        }
    }

    private static void requireFlat(Cursor c, Node n) {
        if (c.onnxShape.length != 1) {
            throw n.error("needs an N x F input, got " + OnnxGraph.dimsText(batched(c.onnxShape))
                    + " (a Flatten before it is supported)");
        }
    }

    static long[] batched(int[] shape) {
        long[] d = new long[shape.length + 1];
        d[0] = -1;
        for (int k = 0; k < shape.length; k++) {
            d[k + 1] = shape[k];
        }
        return d;
    }

    private static TensorData floats(OnnxGraph g, Node n, int i, String role, int rank) {
        TensorData t = g.constant(n, i, role);
        if (t == null) {
            return null;
        }
        if (!t.isFloat()) {
            throw n.error(role + " '" + n.input(i) + "' is not float32");
        }
        if (rank >= 0 && t.dims().length != rank) {
            throw n.error(role + " '" + n.input(i) + "' has shape " + t.shapeText() + ", expected rank " + rank);
        }
        return t;
    }

    /** A per-output vector ([out] or [1, out]; a single value broadcast), or an error. */
    private static float[] vector(TensorData t, int out, Node n, String role) {
        long count = t.count();
        boolean shaped = t.dims().length == 1 || (t.dims().length == 2 && t.dims()[0] == 1);
        if (count == out && (shaped || out == 1)) {
            return t.floats();
        }
        if (count == 1 && t.dims().length <= 1) {
            float[] v = new float[out];
            Arrays.fill(v, t.floats()[0]);
            return v;
        }
        throw n.error(role + " has shape " + t.shapeText() + ", expected [" + out + "]");
    }

    /** Symmetric pads [top, left, bottom, right] → {ph, pw}. */
    private static int[] symmetricPads(Node n, int[] pads) {
        if (pads.length != 4) {
            throw n.error("pads " + Arrays.toString(pads) + " are not 2-D");
        }
        if (pads[0] != pads[2] || pads[1] != pads[3]) {
            throw n.error("asymmetric pads " + Arrays.toString(pads) + " are not supported (same padding on both sides)");
        }
        return new int[] {pads[0], pads[1]};
    }

    private static void requireNotSetAutoPad(Node n) {
        String autoPad = n.s("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw n.error("auto_pad " + autoPad + " is not supported (NOTSET with explicit pads)");
        }
    }

    private static void requireDilation1(Node n) {
        int[] d = n.intList("dilations", new int[] {1, 1});
        for (int x : d) {
            if (x != 1) {
                throw n.error("dilations " + Arrays.toString(d) + " are not supported (dilation 1)");
            }
        }
    }

    private static Window window(Node n, int[] kernel, int[] extraPads) {
        if (kernel == null || kernel.length != 2) {
            throw n.error("kernel_shape " + Arrays.toString(kernel) + " is not 2-D");
        }
        requireNotSetAutoPad(n);
        int[] strides = n.intList("strides", new int[] {1, 1});
        if (strides.length != 2) {
            throw n.error("strides " + Arrays.toString(strides) + " are not 2-D");
        }
        int[] p = symmetricPads(n, n.intList("pads", new int[4]));
        if (extraPads != null) {
            if (p[0] != 0 || p[1] != 0) {
                throw n.error("has pads after a Pad node, which is not supported");
            }
            p = extraPads;
        }
        try {
            return new Window(kernel[0], kernel[1], strides[0], strides[1], p[0], p[1]);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /**
     * The window of a pooling node; ceil_mode 1 gives a {@link Window#ceil()} window when it changes the output
     * size and {@code ceilOk} (max pooling, or average pooling that divides by the taps inside the input).
     */
    private static Window poolWindow(Cursor c, Node n, int[] extraPads, boolean ceilOk) {
        requireImage(c, n);
        requireDilation1(n);
        if (n.i("storage_order", 0) != 0) {
            throw n.error("storage_order 1 is not supported");
        }
        Window w = window(n, n.intList("kernel_shape", null), extraPads);
        if (n.i("ceil_mode", 0) != 0) {
            Window ceil = new Window(w.kh(), w.kw(), w.sh(), w.sw(), w.ph(), w.pw(), true);
            int h = c.onnxShape[1];
            int wd = c.onnxShape[2];
            if (ceil.outH(h) != w.outH(h) || ceil.outW(wd) != w.outW(wd)) {
                if (!ceilOk) {
                    throw n.error("ceil_mode 1 with count_include_pad 1 is not supported (it changes the output size"
                            + " here)");
                }
                return ceil;
            }
        }
        return w;
    }

    private static Read conv(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        requireImage(c, n);
        long group = n.i("group", 1);
        if (group < 1 || group > c.onnxShape[0]) {
            throw n.error("group " + group + " is not between 1 and the " + c.onnxShape[0] + " input channels");
        }
        int groups = (int) group;
        requireDilation1(n);
        TensorData w = floats(c.graph, n, 1, "weight", 4);
        if (w == null) {
            throw n.error("has no weight");
        }
        int[] wd = w.intDims();
        int[] kernel = n.intList("kernel_shape", new int[] {wd[2], wd[3]});
        if (kernel.length != 2 || kernel[0] != wd[2] || kernel[1] != wd[3]) {
            throw n.error("kernel_shape " + Arrays.toString(kernel) + " disagrees with the weight " + w.shapeText());
        }
        if ((long) wd[1] * groups != c.onnxShape[0]) {
            throw n.error("weight " + w.shapeText() + " expects " + (long) wd[1] * groups + " input channels"
                    + (groups == 1 ? "" : " (" + wd[1] + " in each of " + groups + " groups)") + ", the input has "
                    + c.onnxShape[0]);
        }
        if (wd[0] % groups != 0) {
            throw n.error("group " + groups + " does not divide the " + wd[0] + " output channels of the weight "
                    + w.shapeText());
        }
        TensorData b = floats(c.graph, n, 2, "bias", -1);
        float[] bias = b == null ? null : vector(b, wd[0], n, "bias");
        Window window = window(n, kernel, null);
        Map<String, String> inits = names(n, 1, "weight", 2, "bias");
        return new Read(new Conv2d(namer.name(n, n.input(1), n.input(2)), wd[1] * groups, wd[0], groups, window,
                w.floats(), bias), 1, new Form.Plain(), inits);
    }

    /**
     * Clip: bounds as attributes before opset 11 (absent: ∓FLT_MAX, ONNX's defaults), as optional scalar
     * constant inputs from 11 on (absent: no bound), as torch writes them (Constant nodes).
     */
    private static Read clip(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("min", "max");
        boolean inputs = c.graph.opset >= 11;
        float min = n.f("min", inputs ? Float.NEGATIVE_INFINITY : -Float.MAX_VALUE);
        float max = n.f("max", inputs ? Float.POSITIVE_INFINITY : Float.MAX_VALUE);
        if (inputs) {
            min = bound(c, n, 1, "min", min);
            max = bound(c, n, 2, "max", max);
        }
        try {
            return plain(new Clip(namer.name(n), min, max));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /** The scalar float constant of input i, or {@code absent} when there is none. */
    private static float bound(Cursor c, Node n, int i, String role, float absent) {
        TensorData t = c.graph.constant(n, i, role);
        if (t == null) {
            return absent;
        }
        if (!t.isFloat() || t.count() != 1) {
            throw n.error(role + " '" + n.input(i) + "' is not one float32 value (shape " + t.shapeText() + ")");
        }
        return t.floats()[0];
    }

    private static Map<String, String> names(Node n, int wi, String wk, int bi, String bk) {
        Map<String, String> m = new HashMap<>();
        if (!n.input(wi).isEmpty()) {
            m.put(wk, n.input(wi));
        }
        if (bi >= 0 && !n.input(bi).isEmpty()) {
            m.put(bk, n.input(bi));
        }
        return m;
    }

    private static Read gemm(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("alpha", "beta", "transA", "transB");
        requireFlat(c, n);
        if (n.i("transA", 0) != 0) {
            throw n.error("transA 1 is not supported");
        }
        boolean transB = n.i("transB", 0) != 0;
        TensorData w = floats(c.graph, n, 1, "weight", 2);
        if (w == null) {
            throw n.error("has no weight");
        }
        int in = (int) (transB ? w.dims()[1] : w.dims()[0]);
        int out = (int) (transB ? w.dims()[0] : w.dims()[1]);
        if (in != c.onnxShape[0]) {
            throw n.error("weight " + w.shapeText() + (transB ? " (transB)" : "") + " expects " + in
                    + " input features, the input has " + c.onnxShape[0]);
        }
        float[] weight = transB ? w.floats() : transpose(w.floats(), in, out);
        float alpha = n.f("alpha", 1f);
        if (alpha != 1f) { // folded into the weight: the written Gemm has alpha 1
            weight = scaled(weight, alpha);
        }
        TensorData b = floats(c.graph, n, 2, "bias", -1);
        float[] bias = null;
        if (b != null) {
            bias = vector(b, out, n, "bias");
            float beta = n.f("beta", 1f);
            if (beta != 1f) {
                bias = scaled(bias, beta);
            }
        }
        return new Read(new Linear(namer.name(n, n.input(1), n.input(2)), in, out, weight, bias), 1, new Form.Gemm(transB),
                names(n, 1, "weight", 2, "bias"));
    }

    private static Read matMul(Cursor c, Node n, Namer namer) {
        n.onlyAttributes();
        requireFlat(c, n);
        TensorData w = floats(c.graph, n, 1, "weight", 2);
        if (w == null) {
            throw n.error("has no weight");
        }
        int in = (int) w.dims()[0];
        int out = (int) w.dims()[1];
        if (in != c.onnxShape[0]) {
            throw n.error("weight " + w.shapeText() + " expects " + in + " input features, the input has "
                    + c.onnxShape[0]);
        }
        float[] weight = transpose(w.floats(), in, out);
        Map<String, String> inits = new HashMap<>(names(n, 1, "weight", -1, null));
        Node add = c.next();
        float[] bias = null;
        boolean biasFirst = false;
        int used = 1;
        if (add != null && add.op().equals("Add")) {
            add.onlyAttributes();
            biasFirst = !add.input(0).equals(n.output());
            int bi = biasFirst ? 0 : 1;
            TensorData b = floats(c.graph, add, bi, "bias", -1);
            bias = vector(b, out, add, "bias");
            inits.put("bias", add.input(bi));
            used = 2;
        }
        return new Read(new Linear(namer.name(n, n.input(1), inits.get("bias")), in, out, weight, bias), used,
                new Form.MatMulAdd(biasFirst), inits);
    }

    private static Read pad(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("mode", "pads", "value");
        requireImage(c, n);
        if (!n.s("mode", "constant").equals("constant")) {
            throw n.error("mode " + n.s("mode", "") + " is not supported (constant zeros)");
        }
        long[] pads;
        if (n.has("pads")) {
            pads = n.ints("pads", null);
            if (n.f("value", 0f) != 0f) {
                throw n.error("pads with a value other than 0, which is not supported");
            }
        } else {
            OnnxGraph.StaticValue p = c.graph.shapeInput(n, 1, "pads", c.dataShapes);
            if (p == null) {
                throw n.error("has no pads");
            }
            pads = p.values();
            TensorData value = c.graph.constant(n, 2, "constant_value");
            if (value != null && (value.count() != 1 || (value.isFloat() ? value.floats()[0] : value.longs()[0]) != 0)) {
                throw n.error("pads with a value other than 0, which is not supported");
            }
            if (!n.input(3).isEmpty()) {
                throw n.error("input 'axes' is not supported");
            }
        }
        if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0
                || pads[2] != pads[6] || pads[3] != pads[7] || pads[2] < 0 || pads[3] < 0
                || pads[2] > Integer.MAX_VALUE || pads[3] > Integer.MAX_VALUE) {
            throw n.error("pads " + Arrays.toString(pads) + " are not supported (the same zeros on both sides of H and W)");
        }
        int[] hw = {(int) pads[2], (int) pads[3]};
        Node pool = c.next();
        if (pool != null && pool.op().equals("AveragePool")) {
            pool.onlyAttributes("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides");
            Window w = poolWindow(c, pool, hw, false);
            return new Read(new AvgPool2d(namer.name(pool), w, true), 2, new Form.PadThenPool(), Map.of());
        }
        if (hw[0] == 0 && hw[1] == 0) {
            return new Read(null, 1, new Form.Plain(), Map.of());
        }
        throw n.error("Pad is supported only right before AveragePool (as torch writes count_include_pad)");
    }

    private static Read batchNorm(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("epsilon", "momentum", "spatial", "training_mode");
        if (n.i("training_mode", 0) != 0) {
            throw n.error("training_mode 1 is not supported (export the model in eval mode)");
        }
        if (n.i("spatial", 1) != 1) {
            throw n.error("spatial 0 is not supported");
        }
        if (c.onnxShape.length != 3 && c.onnxShape.length != 1) {
            throw n.error("needs an N x C x H x W or N x F input");
        }
        int channels = c.onnxShape[0];
        String[] roles = {"scale", "B", "mean", "var"};
        float[][] v = new float[4][];
        for (int k = 0; k < 4; k++) {
            TensorData t = floats(c.graph, n, k + 1, roles[k], -1);
            if (t == null) {
                throw n.error("has no " + roles[k]);
            }
            if (t.dims().length != 1 || t.count() != channels) {
                throw n.error(roles[k] + " '" + n.input(k + 1) + "' has shape " + t.shapeText() + ", the input has "
                        + channels + " channels");
            }
            v[k] = t.floats();
        }
        double eps = n.f("epsilon", 1e-5f);
        Map<String, String> inits = Map.of("weight", n.input(1), "bias", n.input(2), "running_mean", n.input(3),
                "running_var", n.input(4));
        try {
            return new Read(new BatchNorm(namer.name(n, n.input(1), n.input(2)), v[0], v[1], v[2], v[3], eps), 1,
                    new Form.Plain(), inits);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static int features(int[] shape) {
        long f = 1;
        for (int d : shape) {
            f *= d;
        }
        return (int) f;
    }

    private static Read reshape(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("allowzero");
        OnnxGraph.StaticValue s = c.graph.shapeInput(n, 1, "shape", c.dataShapes);
        if (s == null) {
            throw n.error("has no shape");
        }
        long[] v = s.values();
        int f = features(c.onnxShape);
        boolean allowZero = n.i("allowzero", 0) != 0;
        boolean firstOk = v.length == 2 && (v[0] == OnnxGraph.BATCH || v[0] == -1 || (v[0] == 0 && !allowZero)
                || (c.graph.inputDims[0] > 0 && v[0] == c.graph.inputDims[0]));
        boolean secondOk = v.length == 2 && (v[1] == f || (v[1] == -1 && v[0] != -1));
        if (!firstOk || !secondOk) {
            throw n.error("reshapes " + OnnxGraph.dimsText(batched(c.onnxShape)) + " to " + shapeText(v)
                    + ", which is not a flatten to [N, " + f + "] (supported: [N, -1] or [-1, " + f + "])");
        }
        long first = v[0] == OnnxGraph.BATCH ? 0 : v[0];
        return new Read(new Flatten(namer.name(n)), 1, new Form.Reshape(first, v[1] == -1), Map.of());
    }

    private static String shapeText(long[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < v.length; k++) {
            b.append(k > 0 ? ", " : "").append(v[k] == OnnxGraph.BATCH ? "N" : String.valueOf(v[k]));
        }
        return b.append(']').toString();
    }

    private static Read squeeze(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("axes");
        long[] axes = n.has("axes") ? n.ints("axes", null) : null;
        if (axes == null && !n.input(1).isEmpty()) {
            axes = c.graph.shapeInput(n, 1, "axes", c.dataShapes).values();
        }
        int[] s = c.onnxShape;
        boolean flattens = s.length == 3 && s[1] == 1 && s[2] == 1;
        if (flattens && axes != null) {
            long[] norm = Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().toArray();
            flattens = Arrays.equals(norm, new long[] {2, 3});
        } else if (flattens) {
            flattens = s[0] != 1 && c.graph.inputDims[0] != 1; // no axes: every 1 goes, the batch's and C's too
        }
        if (!flattens) {
            throw n.error("squeezes " + OnnxGraph.dimsText(batched(s)) + " over axes "
                    + (axes == null ? "(all of size 1)" : Arrays.toString(axes))
                    + ", which is not a flatten (supported: N x C x 1 x 1 over axes 2, 3)");
        }
        return new Read(new Flatten(namer.name(n)), 1, new Form.Squeeze(axes), Map.of());
    }

    private static Read dropout(Cursor c, Node n, Namer namer) {
        n.onlyAttributes("ratio", "seed");
        float ratio = n.f("ratio", 0.5f);
        TensorData r = c.graph.constant(n, 1, "ratio");
        if (r != null) {
            if (!r.isFloat() || r.count() != 1) {
                throw n.error("ratio '" + n.input(1) + "' is not one float");
            }
            ratio = r.floats()[0];
        }
        TensorData training = c.graph.constant(n, 2, "training_mode");
        if (training != null && (training.isFloat() || training.count() != 1 || training.longs()[0] != 0)) {
            throw n.error("training_mode true is not supported (export the model in eval mode)");
        }
        try {
            return plain(new Dropout(namer.name(n), ratio));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                t[q * rows + r] = m[r * cols + q];
            }
        }
        return t;
    }

    private static float[] scaled(float[] v, float s) {
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] * s;
        }
        return out;
    }

    /**
     * Mul of two computed tensors, one of them a gate: the one with one value per channel (squeeze-and-excitation),
     * else the output of a Sigmoid or HardSigmoid (SiLU, HardSwish spelled out). A product of two features with no
     * gate has no LRP rule here: refused. Mul of a computed tensor by a constant is a {@link Scale}.
     */
    private static Read mul(Cursor c, Node n, Namer namer) {
        n.onlyAttributes();
        if (c.inputs.size() == 1) {
            return scale(c, n, namer);
        }
        int[] a = c.inShapes[0];
        int[] b = c.inShapes[1];
        int gate;
        if (Shapes.size(a) != Shapes.size(b)) {
            gate = Shapes.size(a) < Shapes.size(b) ? 0 : 1;
        } else if (isGate(c.graph.producer(c.inputs.get(1)))) {
            gate = 1;
        } else if (isGate(c.graph.producer(c.inputs.get(0)))) {
            gate = 0;
        } else {
            throw n.error("multiplies two computed tensors of which none is a gate (one value per channel, or the"
                    + " output of a Sigmoid or HardSigmoid); LRP has no rule for that product");
        }
        return plain(new Mul(namer.name(n), gate));
    }

    /**
     * Mul by a constant (either operand: an initializer, a Constant, through Identity or Cast) that broadcasts as one
     * value or one per channel: ONNX aligns shapes from the right, so per channel is {@code [C, 1, 1]} or
     * {@code [1, C, 1, 1]} on an image and {@code [F]} or {@code [1, F]} on a flat tensor.
     */
    private static Read scale(Cursor c, Node n, Namer namer) {
        boolean constantFirst = c.graph.isData(n.input(1));
        int k = constantFirst ? 0 : 1;
        TensorData t = c.graph.constant(n, k, "constant");
        if (!t.isFloat()) {
            throw n.error("constant '" + n.input(k) + "' is not float32");
        }
        long[] dims = t.dims();
        int[] s = c.onnxShape;
        // the constant's dims, right-aligned with the data's [N, s...]: 1 or the data's size everywhere but the channel axis
        int rank = s.length + 1;
        boolean fits = dims.length <= rank;
        boolean scalar = true;
        for (int a = 0; fits && a < dims.length; a++) {
            int axis = rank - dims.length + a;
            long d = dims[a];
            if (d != 1) {
                scalar = false;
                fits = axis == 1 && d == s[0];
            }
        }
        if (!fits) {
            throw n.error("multiplies " + OnnxGraph.dimsText(batched(s)) + " by a constant of shape " + t.shapeText()
                    + "; a single value or one per channel ([C, 1, 1] on images, [F] on flat tensors) is supported");
        }
        float[] factor = scalar ? new float[] {t.floats()[0]} : t.floats();
        boolean stored = c.graph.isInitializer(n.input(k));
        Map<String, String> inits = stored ? Map.of("scale", n.input(k)) : Map.of();
        try {
            return new Read(new Scale(namer.name(n), factor), 1, new Form.ConstMul(constantFirst, dims, stored), inits);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static boolean isGate(Node producer) {
        return producer != null && (producer.op().equals("Sigmoid") || producer.op().equals("HardSigmoid"));
    }

    // ------------------------------------------------------------------------------------ writing

    /** Writes {@code layer} (input shape {@code in}) through {@code e} in the form {@code lf} had (null: defaults). */
    static void write(Layer layer, int[] in, LayerForm lf, OnnxWriter.Emitter e) {
        Form form = lf == null ? new Form.Plain() : lf.form();
        if (layer instanceof Linear l) {
            e.flattenIfImage(layer.name());
            if (form instanceof Form.MatMulAdd m) {
                String w = e.init("weight", new long[] {l.in(), l.out()}, transpose(l.weight(), l.out(), l.in()));
                String y = e.node("MatMul", List.of(e.current(), w));
                if (l.bias() != null) {
                    String b = e.init("bias", new long[] {l.out()}, l.bias());
                    e.node("Add", m.biasFirst() ? List.of(b, y) : List.of(y, b));
                }
            } else {
                boolean transB = !(form instanceof Form.Gemm g) || g.transB();
                String w = transB ? e.init("weight", new long[] {l.out(), l.in()}, l.weight())
                        : e.init("weight", new long[] {l.in(), l.out()}, transpose(l.weight(), l.out(), l.in()));
                List<String> inputs = new ArrayList<>(List.of(e.current(), w));
                if (l.bias() != null || e.opset() < 11) { // Gemm's C is optional from opset 11 on
                    inputs.add(e.init("bias", new long[] {l.out()}, l.bias() != null ? l.bias() : new float[l.out()]));
                }
                List<AttributeProto> attrs = new ArrayList<>(List.of(f("alpha", 1f), f("beta", 1f)));
                if (transB) {
                    attrs.add(i("transB", 1));
                }
                e.node("Gemm", inputs, attrs);
            }
            e.setShape(new int[] {l.out()});
        } else if (layer instanceof Conv2d cv) {
            Window w = cv.window();
            List<String> inputs = new ArrayList<>(List.of(e.current(),
                    e.init("weight", new long[] {cv.out(), cv.in() / cv.groups(), w.kh(), w.kw()}, cv.weight())));
            if (cv.bias() != null) {
                inputs.add(e.init("bias", new long[] {cv.out()}, cv.bias()));
            }
            e.node("Conv", inputs, List.of(ints("dilations", 1, 1), i("group", cv.groups()), ints("kernel_shape", w.kh(), w.kw()),
                    ints("pads", w.ph(), w.pw(), w.ph(), w.pw()), ints("strides", w.sh(), w.sw())));
            e.setShape(cv.outputShape(in));
        } else if (layer instanceof Relu) {
            e.node("Relu", List.of(e.current()));
        } else if (layer instanceof Clip cl) {
            if (e.opset() >= 11) { // bounds as Constant inputs, as torch writes them; an absent one empty or left off
                List<String> inputs = new ArrayList<>(List.of(e.current()));
                boolean hasMax = cl.max() != Float.POSITIVE_INFINITY;
                if (cl.min() != Float.NEGATIVE_INFINITY || hasMax) {
                    inputs.add(cl.min() != Float.NEGATIVE_INFINITY ? e.floatConstant(cl.min()) : "");
                }
                if (hasMax) {
                    inputs.add(e.floatConstant(cl.max()));
                }
                e.node("Clip", inputs);
            } else {
                e.node("Clip", List.of(e.current()), List.of(f("max", cl.max()), f("min", cl.min())));
            }
        } else if (layer instanceof Sigmoid) {
            e.node("Sigmoid", List.of(e.current()));
        } else if (layer instanceof HardSigmoid hs) {
            e.node("HardSigmoid", List.of(e.current()), List.of(f("alpha", hs.alpha()), f("beta", hs.beta())));
        } else if (layer instanceof HardSwish) {
            if (e.opset() >= 14) {
                e.node("HardSwish", List.of(e.current()));
            } else { // HardSwish came with opset 14: x · HardSigmoid(x), as torch exports it before
                String x = e.current();
                String h = e.node("HardSigmoid", List.of(x), List.of(f("alpha", 1f / 6f), f("beta", 0.5f)));
                e.node("Mul", List.of(x, h));
            }
        } else if (layer instanceof MaxPool2d mp) {
            Window w = mp.window();
            e.node("MaxPool", List.of(e.current()), pool(e, w, ints("kernel_shape", w.kh(), w.kw()),
                    ints("pads", w.ph(), w.pw(), w.ph(), w.pw()), ints("strides", w.sh(), w.sw())));
            e.setShape(mp.outputShape(in));
        } else if (layer instanceof AvgPool2d ap) {
            Window w = ap.window();
            if (form instanceof Form.PadThenPool && ap.countPad()) {
                long[] pads = {0, 0, w.ph(), w.pw(), 0, 0, w.ph(), w.pw()};
                List<String> inputs = new ArrayList<>(List.of(e.current()));
                List<AttributeProto> attrs = new ArrayList<>(List.of(s("mode", "constant")));
                if (e.opset() >= 11) {
                    inputs.add(e.constant(new long[] {8}, pads));
                } else {
                    attrs.add(ints("pads", pads));
                }
                e.node("Pad", inputs, attrs);
                e.node("AveragePool", List.of(e.current()), pool(e, w,
                        ints("kernel_shape", w.kh(), w.kw()), ints("pads", 0, 0, 0, 0), ints("strides", w.sh(), w.sw())));
            } else {
                e.node("AveragePool", List.of(e.current()), pool(e, w,
                        i("count_include_pad", ap.countPad() ? 1 : 0), ints("kernel_shape", w.kh(), w.kw()),
                        ints("pads", w.ph(), w.pw(), w.ph(), w.pw()), ints("strides", w.sh(), w.sw())));
            }
            e.setShape(ap.outputShape(in));
        } else if (layer instanceof GlobalAvgPool) {
            e.node("GlobalAveragePool", List.of(e.current()));
            e.setShape(new int[] {in[0], 1, 1});
        } else if (layer instanceof BatchNorm bn) {
            long[] c = {bn.channels()};
            e.node("BatchNormalization", List.of(e.current(), e.init("weight", c, bn.gamma()), e.init("bias", c, bn.beta()),
                    e.init("running_mean", c, bn.mean()), e.init("running_var", c, bn.var())),
                    List.of(f("epsilon", (float) bn.eps()), f("momentum", 0.9f)));
        } else if (layer instanceof Flatten) {
            int[] s = e.shape();
            int features = features(s);
            if (form instanceof Form.Reshape r) {
                e.node("Reshape", List.of(e.current(), e.constant(new long[] {2},
                        new long[] {r.first(), r.inferSecond() ? -1 : features})));
            } else if (form instanceof Form.Squeeze sq && s.length == 3 && s[1] == 1 && s[2] == 1) {
                if (sq.axes() == null) {
                    e.node("Squeeze", List.of(e.current()));
                } else if (e.opset() >= 13) {
                    e.node("Squeeze", List.of(e.current(), e.constant(new long[] {sq.axes().length}, sq.axes())));
                } else {
                    e.node("Squeeze", List.of(e.current()), List.of(ints("axes", sq.axes())));
                }
            } else {
                e.node("Flatten", List.of(e.current()), List.of(i("axis", 1)));
            }
            e.setShape(new int[] {features});
        } else if (layer instanceof Add) {
            e.node("Add", e.inputs());
            e.setShape(e.widestInput());
        } else if (layer instanceof Mul) {
            e.node("Mul", e.inputs());
            e.setShape(e.widestInput());
        } else if (layer instanceof Scale sc) {
            writeScale(sc, form, e);
        } else if (layer instanceof Concat cat) {
            e.node("Concat", e.inputs(), List.of(i("axis", 1)));
            int[] s = e.shape().clone();
            s[0] = 0;
            for (int[] part : e.inputShapes()) {
                s[0] += part[0];
            }
            e.setShape(s);
        } else if (layer instanceof Dropout d) {
            if (e.opset() >= 12) {
                e.node("Dropout", List.of(e.current(), e.floatConstant(d.p())));
            } else {
                e.node("Dropout", List.of(e.current()), List.of(f("ratio", d.p())));
            }
        } else {
            throw new IllegalArgumentException(layer.name() + ": " + layer.getClass().getSimpleName()
                    + " cannot be written as ONNX");
        }
    }

    /**
     * A Scale as Mul by its constant: in the form it was read (operand order, the constant's dims with the channel
     * axis at the kept count, an initializer under its name or a Constant node); by default a scalar Constant or a
     * per-channel initializer {@code [C, 1, 1]} ({@code [F]} on a flat tensor) after the data, as torch writes
     * {@code x * 0.5} and {@code x * self.scale}.
     */
    private static void writeScale(Scale sc, Form form, OnnxWriter.Emitter e) {
        float[] c = sc.factor();
        long[] dims;
        boolean first = false;
        boolean stored = sc.perChannel();
        if (form instanceof Form.ConstMul m) {
            dims = m.dims().clone();
            for (int a = 0; a < dims.length; a++) {
                dims[a] = dims[a] == 1 ? 1 : c.length;
            }
            first = m.constantFirst();
            stored = m.initializer();
        } else if (sc.perChannel()) {
            dims = new long[e.shape().length];
            Arrays.fill(dims, 1);
            dims[0] = c.length;
        } else {
            dims = new long[0];
        }
        String k = stored ? e.init("scale", dims, c) : e.floatConstant(dims, c);
        e.node("Mul", first ? List.of(k, e.current()) : List.of(e.current(), k));
    }

    /** Pooling attributes, with the window's ceil_mode where the opset has it (10 on; torch writes 0 too). */
    private static List<AttributeProto> pool(OnnxWriter.Emitter e, Window w, AttributeProto... attrs) {
        List<AttributeProto> a = new ArrayList<>();
        if (e.opset() >= 10) {
            a.add(i("ceil_mode", w.ceil() ? 1 : 0));
        } else if (w.ceil()) {
            throw new IllegalArgumentException("ceil_mode pooling cannot be written at opset " + e.opset() + " (10 on)");
        }
        a.addAll(List.of(attrs));
        return a;
    }

    static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build();
    }

    static AttributeProto f(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
    }

    static AttributeProto s(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(v)).build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
