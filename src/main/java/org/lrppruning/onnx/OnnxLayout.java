package org.lrppruning.onnx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a network is written as ONNX: the graph's input and output names, its batch dimension and opset,
 * and for each layer (by the user's layer name) the {@link Form} of its nodes and the names of
 * its nodes, outputs and initializers. The reader records the file's choices so that a pruned network is
 * written as it was read; {@link #defaults()} serves networks that did not come from ONNX.
 */
public final class OnnxLayout {
    /** The default opset of written models that did not come from ONNX. */
    public static final int DEFAULT_OPSET = 13;

    final String inputName;
    final String outputName;
    /** Name of the symbolic batch dimension, or null for a fixed one ({@link #fixedBatch}). */
    final String batchParam;
    final long fixedBatch;
    final int opset;
    final long irVersion;
    final String graphName;
    private final Map<String, LayerForm> forms;

    OnnxLayout(String inputName, String outputName, String batchParam, long fixedBatch, int opset, long irVersion,
               String graphName, Map<String, LayerForm> forms) {
        this.inputName = inputName;
        this.outputName = outputName;
        this.batchParam = batchParam;
        this.fixedBatch = fixedBatch;
        this.opset = opset;
        this.irVersion = irVersion;
        this.graphName = graphName;
        this.forms = new LinkedHashMap<>(forms);
    }

    /** torch.onnx.export's conventions: input "input", output "logits", dynamic axis "batch", opset 13. */
    public static OnnxLayout defaults() {
        return new OnnxLayout("input", "logits", "batch", 0, DEFAULT_OPSET, 7, "main_graph", Map.of());
    }

    /** The input tensor's name. */
    public String inputName() {
        return inputName;
    }

    /** The output tensor's name. */
    public String outputName() {
        return outputName;
    }

    /** The default-domain opset. */
    public int opset() {
        return opset;
    }

    /** How the layer {@code name} was written, or null when the file did not have it. */
    LayerForm form(String name) {
        return forms.get(name);
    }

    /**
     * How one layer is written: {@code form} picks between equivalent ONNX spellings; {@code nodes} and
     * {@code outputs} name its data-path nodes and their output tensors (in emission order);
     * {@code initializers} maps a parameter key ({@code weight}) to its initializer's name.
     */
    record LayerForm(Form form, List<String> nodes, List<String> outputs, Map<String, String> initializers) {
        LayerForm {
            nodes = List.copyOf(nodes);
            outputs = List.copyOf(outputs);
            initializers = Map.copyOf(initializers);
        }
    }

    /** The ONNX spelling of a layer, where there is more than one. */
    sealed interface Form {
        /** The one spelling of its kind (Conv, Relu, MaxPool, BatchNormalization, Flatten, ...). */
        record Plain() implements Form {}

        /** Linear as Gemm, weight {@code [out, in]} when {@code transB}, else {@code [in, out]}. */
        record Gemm(boolean transB) implements Form {}

        /** Linear as MatMul (weight {@code [in, out]}) then Add of the bias, the bias first when {@code biasFirst}. */
        record MatMulAdd(boolean biasFirst) implements Form {}

        /** Average pooling with count_include_pad as torch writes it: a zero Pad, then AveragePool without pads. */
        record PadThenPool() implements Form {}

        /**
         * Flatten as Reshape to {@code [first, F]}: {@code first} as written (0 copies the batch, -1 infers it),
         * F written as -1 when {@code inferSecond}, else as the feature count.
         */
        record Reshape(long first, boolean inferSecond) implements Form {}

        /**
         * Scale as Mul by a constant, the constant first when {@code constantFirst}, of ONNX shape {@code dims} (the
         * non-1 entry is the channel count), an initializer when {@code initializer}, else a Constant node.
         */
        record ConstMul(boolean constantFirst, long[] dims, boolean initializer) implements Form {
            @Override
            public boolean equals(Object o) {
                return o instanceof ConstMul m && constantFirst == m.constantFirst && Arrays.equals(dims, m.dims)
                        && initializer == m.initializer;
            }

            @Override
            public int hashCode() {
                return Objects.hash(constantFirst, Arrays.hashCode(dims), initializer);
            }

            @Override
            public String toString() {
                return "ConstMul[constantFirst=" + constantFirst + ", dims=" + Arrays.toString(dims) + ", initializer="
                        + initializer + "]";
            }
        }

        /** Flatten of an N×C×1×1 tensor as Squeeze over {@code axes}. */
        record Squeeze(long[] axes) implements Form {
            @Override
            public boolean equals(Object o) {
                return o instanceof Squeeze s && Arrays.equals(axes, s.axes);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(axes);
            }

            @Override
            public String toString() {
                return "Squeeze" + Arrays.toString(axes);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxLayout l && inputName.equals(l.inputName) && outputName.equals(l.outputName)
                && Objects.equals(batchParam, l.batchParam) && fixedBatch == l.fixedBatch && opset == l.opset
                && forms.equals(l.forms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputName, outputName, batchParam, opset, forms);
    }
}
