package org.lrppruning.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Arrays;
import java.util.Set;

/** One ONNX node with typed attribute access; every message it makes names the file and the node. */
final class Node {
    private final NodeProto proto;
    private final String file;

    Node(NodeProto proto, String file) {
        this.proto = proto;
        this.file = file;
    }

    NodeProto proto() {
        return proto;
    }

    String op() {
        return proto.getOpType();
    }

    String name() {
        return proto.getName();
    }

    /** Input {@code i}, or "" when absent (ONNX's optional inputs). */
    String input(int i) {
        return i < proto.getInputCount() ? proto.getInput(i) : "";
    }

    String output() {
        return proto.getOutput(0);
    }

    /** {@code node 'NAME' (op OP)}; nodes without a name are called by their first output. */
    String describe() {
        String n = proto.getName().isEmpty() ? "producing '" + (proto.getOutputCount() > 0 ? output() : "") + "'"
                : "'" + proto.getName() + "'";
        return "node " + n + " (op " + op() + ")";
    }

    /** The one-line error {@code FILE: node 'NAME' (op OP): WHAT}. */
    OnnxFormatException error(String what) {
        return new OnnxFormatException(file + ": " + describe() + ": " + what);
    }

    /** Refuses any attribute not in {@code known}: an attribute we ignore could change the result. */
    void onlyAttributes(String... known) {
        Set<String> ok = Set.of(known);
        for (AttributeProto a : proto.getAttributeList()) {
            if (!ok.contains(a.getName())) {
                throw error("attribute '" + a.getName() + "' is not supported");
            }
        }
    }

    private AttributeProto attribute(String name, AttributeType type) {
        for (AttributeProto a : proto.getAttributeList()) {
            if (a.getName().equals(name)) {
                if (a.getType() != type && a.getType() != AttributeType.UNDEFINED) {
                    throw error("attribute '" + name + "' is " + a.getType() + ", expected " + type);
                }
                return a;
            }
        }
        return null;
    }

    boolean has(String name) {
        return proto.getAttributeList().stream().anyMatch(a -> a.getName().equals(name));
    }

    long i(String name, long fallback) {
        AttributeProto a = attribute(name, AttributeType.INT);
        return a == null ? fallback : a.getI();
    }

    float f(String name, float fallback) {
        AttributeProto a = attribute(name, AttributeType.FLOAT);
        return a == null ? fallback : a.getF();
    }

    String s(String name, String fallback) {
        AttributeProto a = attribute(name, AttributeType.STRING);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    long[] ints(String name, long[] fallback) {
        AttributeProto a = attribute(name, AttributeType.INTS);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The INTS attribute {@code name} as ints, refusing values beyond int range. */
    int[] intList(String name, int[] fallback) {
        long[] v = ints(name, null);
        if (v == null) {
            return fallback;
        }
        int[] out = new int[v.length];
        for (int k = 0; k < v.length; k++) {
            if (v[k] < Integer.MIN_VALUE || v[k] > Integer.MAX_VALUE) {
                throw error("attribute '" + name + "' value " + Arrays.toString(v) + " is out of range");
            }
            out[k] = (int) v[k];
        }
        return out;
    }

    AttributeProto tensorAttribute(String name) {
        return attribute(name, AttributeType.TENSOR);
    }
}
