package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lrppruning.onnx.OnnxFixtures.intAttr;
import static org.lrppruning.onnx.OnnxFixtures.ints;
import static org.lrppruning.onnx.OnnxFixtures.model;
import static org.lrppruning.onnx.OnnxFixtures.node;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.model.Add;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.ChannelGroups;
import org.lrppruning.model.Concat;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Flatten;
import org.lrppruning.model.GlobalAvgPool;
import org.lrppruning.model.HardSigmoid;
import org.lrppruning.model.HardSwish;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Mul;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Scale;
import org.lrppruning.model.Sigmoid;
import org.lrppruning.model.Window;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/**
 * Seeded random small graphs (Conv/BN/ReLU chains joined by Add and Concat, depthwise and grouped convs,
 * squeeze-and-excitation gates, SiLU and HardSwish, constant scales, ceil_mode max pooling, a Linear or
 * squeezenet's Conv2d output layer) built with our API: ONNX Runtime
 * computes their logits from our ONNX, they read back identically, and pruning random channel-group plans
 * equals zeroing those channels in every tensor of their group. Malformed graphs answer in one line.
 */
class RandomGraphPropertyTest {
    private static final int N = 3;
    private static final int[] INPUT = {3, 8, 8};

    /** Builds a graph layer by layer: values are network value numbers, each with its channel count. */
    private static final class Builder {
        final Random r;
        final List<Layer> layers = new ArrayList<>();
        final List<int[]> reads = new ArrayList<>();
        final List<Integer> channels = new ArrayList<>(List.of(INPUT[0]));
        final List<Boolean> flat = new ArrayList<>(List.of(false));
        int names;

        Builder(Random r) {
            this.r = r;
        }

        int add(Layer l, int c, int... in) {
            layers.add(l);
            reads.add(in);
            channels.add(c);
            flat.add(false);
            return layers.size();
        }

        String name(String kind) {
            return "b" + (names++) + "." + kind;
        }

        int conv(int v, int out, int k, int groups) {
            int in = channels.get(v);
            float[] w = Cnns.uniform(r, out * (in / groups) * k * k, -1, 1);
            for (int i = 0; i < w.length; i++) {
                w[i] /= (float) Math.sqrt(in / groups * k * k);
            }
            float[] b = r.nextBoolean() ? Cnns.uniform(r, out, -0.2, 0.2) : null;
            return add(new Conv2d(name("conv"), in, out, groups, Window.square(k, 1, k / 2), w, b), out, v);
        }

        /** A random BatchNorm whose eps is a float32 value, as ONNX stores it (so that it reads back the same). */
        BatchNorm bn(int c) {
            BatchNorm b = Cnns.bn(name("bn"), c, r);
            return new BatchNorm(b.name(), b.gamma(), b.beta(), b.mean(), b.var(), 1e-5f);
        }

        int bnAct(int v) {
            int c = channels.get(v);
            int x = add(bn(c), c, v);
            if (r.nextInt(4) == 0) { // a constant scale between BN and the activation: one value or one per channel
                float[] f = Cnns.uniform(r, r.nextBoolean() ? 1 : c, -1.5, 1.5);
                x = add(new Scale(name("scale"), f), c, x);
            }
            switch (r.nextInt(4)) {
                case 0: { // SiLU spelled out: x · sigmoid(x)
                    int s = add(new Sigmoid(name("sig")), c, x);
                    return add(new Mul(name("silu"), 1), c, x, s);
                }
                case 1: {
                    return add(r.nextBoolean() ? new HardSwish(name("hswish")) : new Relu(name("relu")), c, x);
                }
                default:
                    return add(new Relu(name("relu")), c, x);
            }
        }

        int block(int v) {
            int c = channels.get(v);
            switch (r.nextInt(6)) {
                case 0: { // residual: conv-bn-act-conv-bn + identity
                    int a = bnAct(conv(v, 2 + r.nextInt(4), 3, 1));
                    int b = add(bn(c), c, conv(a, c, 3, 1));
                    return add(new Relu(name("relu")), c, add(new Add(name("add")), c, v, b));
                }
                case 1: { // two branches side by side
                    int a = bnAct(conv(v, 1 + r.nextInt(4), 1, 1));
                    int b = bnAct(conv(v, 1 + r.nextInt(4), 3, 1));
                    return add(new Concat(name("cat"), 2), channels.get(a) + channels.get(b), a, b);
                }
                case 2: // depthwise
                    return bnAct(conv(v, c, 3, c));
                case 3: { // grouped (2 groups)
                    int in = c % 2 == 0 ? v : bnAct(conv(v, c + 1, 1, 1));
                    return bnAct(conv(in, 2 * (1 + r.nextInt(3)), 3, 2));
                }
                case 4: { // squeeze-and-excitation: x · sigmoid(conv(relu(conv(pool(x)))))
                    int p = add(new GlobalAvgPool(name("pool"), true), c, v);
                    int s = add(new Relu(name("relu")), 2, conv(p, 2, 1, 1));
                    int e = conv(s, c, 1, 1);
                    int g = r.nextBoolean() ? add(new Sigmoid(name("gate")), c, e)
                            : add(new HardSigmoid(name("gate"), 1f / 6f, 0.5f), c, e);
                    return add(new Mul(name("se"), 1), c, v, g);
                }
                default:
                    return bnAct(conv(v, 2 + r.nextInt(5), 3, 1));
            }
        }

        Network build(int blocks) {
            int v = bnAct(conv(0, 4, 3, 1));
            for (int k = 0; k < blocks; k++) {
                v = block(v);
                if (k == 1) { // 8x8 → 4x4, where floor mode would give 3x3
                    v = add(new MaxPool2d(name("pool"), new Window(3, 3, 2, 2, 0, 0, true)), channels.get(v), v);
                }
            }
            int c = channels.get(v);
            boolean convHead = r.nextInt(3) == 0;
            if (convHead) { // squeezenet's head: a 1×1 conv to the classes, ReLU, global average pooling, Flatten
                int o = add(new Relu(name("relu")), 4, conv(v, 4, 1, 1));
                add(new Flatten(name("flatten")), 4, add(new GlobalAvgPool(name("gap")), 4, o));
            } else {
                int p = add(new GlobalAvgPool(name("gap")), c, v);
                add(new Linear("fc", c, 4, Cnns.uniform(r, 4 * c, -1, 1), Cnns.uniform(r, 4, -0.1, 0.1)), 4, p);
            }
            int[][] in = reads.toArray(int[][]::new);
            Network net = new Network(INPUT, layers, in, PrunableUnits.DEFAULT);
            assertThat(net.shape(net.outputLayer())).containsExactly(convHead ? new int[] {c, 4, 4} : new int[] {c});
            assertThat(net.outputLayer()).isEqualTo(net.layers().size() - (convHead ? 4 : 1));
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof MaxPool2d) {
                    assertThat(net.shape(i + 1)).endsWith(4, 4);
                }
            }
            return net;
        }
    }

    @Test
    void randomGraphsRunInOnnxRuntimeReadBackAndPruneAsZeroing() throws Exception {
        int graphs = 0;
        int pruned = 0;
        int convHeads = 0;
        int scaled = 0;
        for (long seed = 0; seed < 24; seed++) {
            Random r = new Random(seed);
            Network net = new Builder(r).build(3 + r.nextInt(3));
            convHeads += net.layer(net.outputLayer()) instanceof Conv2d ? 1 : 0;
            scaled += net.layers().stream().anyMatch(Scale.class::isInstance) ? 1 : 0;
            float[] x = Cnns.uniform(r, N * net.inputs(), -2, 2);
            double[] x64 = AccurateOps.widen(x, x.length);
            double[] ours = net.logits64(x64, N);
            // opset 13 spells HardSwish as x · HardSigmoid(x) with α = 1/6 in float32: read back, ~3e-8 off
            int opset = seed % 2 == 0 ? 13 : 17;
            OnnxLayout layout = new OnnxLayout("input", "logits", "batch", 0, opset, 8, "main_graph", java.util.Map.of());
            boolean exact = opset >= 14 || net.layers().stream().noneMatch(HardSwish.class::isInstance);
            byte[] bytes = OnnxWriter.bytes(net, layout);
            float[] ort = OnnxWriterTest.runtime(bytes, x, new long[] {N, INPUT[0], INPUT[1], INPUT[2]});
            assertClose(AccurateOps.widen(ort, ort.length), ours, 1e-5, "seed " + seed + ": ONNX Runtime");
            Network back = OnnxReader.read(bytes, "g.onnx").network();
            if (exact) {
                assertThat(back.logits64(x64, N)).as("seed %d read back", seed).containsExactly(ours);
                assertThat(back.logits(x, N)).as("seed %d read back, float32", seed).containsExactly(net.logits(x, N));
            } else {
                assertClose(back.logits64(x64, N), ours, 1e-7, "seed " + seed + " read back");
            }
            graphs++;
            if (net.prunableCount() == 0) {
                continue;
            }
            for (int plan = 0; plan < 2; plan++) {
                int[][] removed = new int[net.prunableCount()][];
                for (int h = 0; h < removed.length; h++) {
                    int c = net.group(h).channels();
                    int k = r.nextInt(c); // fewer than all
                    removed[h] = r.ints(0, c).distinct().limit(k).sorted().toArray();
                }
                Network p = Pruner.prune(net, new PruningPlan(removed));
                double[] want = zeroed(net, removed).logits64(x64, N);
                assertClose(p.logits64(x64, N), want, 1e-12, "seed " + seed + " plan " + plan + ": pruned vs zeroed");
                byte[] pb = OnnxWriter.bytes(p, layout);
                float[] port = OnnxWriterTest.runtime(pb, x, new long[] {N, INPUT[0], INPUT[1], INPUT[2]});
                assertClose(AccurateOps.widen(port, port.length), want, 1e-5, "seed " + seed + ": pruned in ONNX Runtime");
                assertClose(OnnxReader.read(pb, "p.onnx").network().logits64(x64, N), p.logits64(x64, N), exact ? 0 : 1e-7,
                        "seed " + seed + ": pruned read back");
                pruned++;
            }
        }
        assertThat(graphs).isEqualTo(24);
        assertThat(pruned).isGreaterThan(30);
        assertThat(convHeads).isBetween(4, 20);
        assertThat(scaled).isBetween(4, 20);
    }

    /** The network with the plan's channels zeroed in every parameter tensor of their group (inputs: nothing to do). */
    static Network zeroed(Network net, int[][] plan) {
        List<Layer> layers = new ArrayList<>(net.layers());
        for (int h = 0; h < plan.length; h++) {
            for (ChannelGroups.Member m : net.group(h).members()) {
                if (m.side() == ChannelGroups.Side.IN || net.layer(m.layer()) instanceof Scale) {
                    continue; // a zero input contributes nothing, and a scaled zero is zero
                }
                int[] ch = Arrays.stream(plan[h]).map(c -> m.start() + c).toArray();
                Layer l = layers.get(m.layer());
                if (l instanceof BatchNorm bn) {
                    float[] g = bn.gamma().clone();
                    float[] b = bn.beta().clone();
                    for (int c : ch) {
                        g[c] = 0;
                        b[c] = 0;
                    }
                    layers.set(m.layer(), new BatchNorm(bn.name(), g, b, bn.mean(), bn.var(), bn.eps()));
                } else {
                    Affine a = (Affine) l;
                    double[] w = a.weight64().clone();
                    double[] b = a.bias64() == null ? null : a.bias64().clone();
                    for (int c : ch) {
                        Arrays.fill(w, c * a.fanIn(), (c + 1) * a.fanIn(), 0);
                        if (b != null) {
                            b[c] = 0;
                        }
                    }
                    layers.set(m.layer(), a.withParameters64(w, b));
                }
            }
        }
        return net.withLayers(layers);
    }

    private static void assertClose(double[] got, double[] want, double rel, String what) {
        double max = Arrays.stream(want).map(Math::abs).max().orElse(0);
        for (int i = 0; i < want.length; i++) {
            assertThat(Math.abs(got[i] - want[i])).as("%s, logit %d", what, i).isLessThanOrEqualTo(rel * max);
        }
    }

    // ------------------------------------------------------------------ malformed graphs: one line each

    private static TensorProto weight(String name, long... dims) {
        int size = (int) Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        return TensorData.floats(name, dims, new float[size]);
    }

    private static String refusal(byte[] bytes) {
        try {
            OnnxReader.read(bytes, "bad.onnx");
        } catch (OnnxFormatException e) {
            assertThat(e.getMessage()).startsWith("bad.onnx: ").doesNotContain("\n");
            return e.getMessage();
        }
        throw new AssertionError("read a malformed graph");
    }

    @Test
    void malformedGraphsAnswerInOneLine() {
        long[] in = {-1, 2, 4, 4};
        TensorProto w = weight("w", 3, 2, 1, 1);
        TensorProto fc = weight("fc", 3, 3);
        // a cycle: the Add reads its own later output
        assertThat(refusal(model(in, List.of(
                node("c", "Conv", List.of("input", "w"), "a"),
                node("add", "Add", List.of("a", "r"), "s"),
                node("relu", "Relu", List.of("s"), "r"),
                node("gap", "GlobalAveragePool", List.of("r"), "g"),
                node("flat", "Flatten", List.of("g"), "f"),
                node("fc", "Gemm", List.of("f", "fc"), "logits", intAttr("transB", 1))), List.of(w, fc), -1, 3)))
                .contains("node 'add' (op Add)", "cycle");
        // a missing input
        assertThat(refusal(model(in, List.of(
                node("c", "Conv", List.of("input", "w"), "a"),
                node("add", "Add", List.of("a", "nowhere"), "s"),
                node("gap", "GlobalAveragePool", List.of("s"), "g"),
                node("flat", "Flatten", List.of("g"), "f"),
                node("fc", "Gemm", List.of("f", "fc"), "logits", intAttr("transB", 1))), List.of(w, fc), -1, 3)))
                .contains("'nowhere'", "missing tensor");
        // forged dims: the weight claims more values than it holds, or channels the input does not have
        TensorProto forged = w.toBuilder().setDims(0, 300).build();
        assertThat(refusal(model(in, List.of(
                node("c", "Conv", List.of("input", "w"), "a"),
                node("gap", "GlobalAveragePool", List.of("a"), "g"),
                node("flat", "Flatten", List.of("g"), "f"),
                node("fc", "Gemm", List.of("f", "fc"), "logits", intAttr("transB", 1))), List.of(forged, fc), -1, 3)))
                .contains("declares dims [300, 2, 1, 1]");
        assertThat(refusal(model(new long[] {-1, 5, 4, 4}, List.of(
                node("c", "Conv", List.of("input", "w"), "a"),
                node("gap", "GlobalAveragePool", List.of("a"), "g"),
                node("flat", "Flatten", List.of("g"), "f"),
                node("fc", "Gemm", List.of("f", "fc"), "logits", intAttr("transB", 1))), List.of(w, fc), -1, 3)))
                .contains("node 'c' (op Conv)", "expects 2 input channels", "the input has 5");
        assertThat(refusal(model(in, List.of(
                node("c", "Conv", List.of("input", "w"), "a"),
                node("c2", "Conv", List.of("input", "w"), "b"),
                node("cat", "Concat", List.of("a", "b"), "s", intAttr("axis", 1)),
                node("gap", "GlobalAveragePool", List.of("s"), "g"),
                node("flat", "Flatten", List.of("g"), "f"),
                node("fc", "Gemm", List.of("f", "fc"), "logits", intAttr("transB", 1))), List.of(w, fc), -1, 3)))
                .contains("node 'fc' (op Gemm)", "expects 3 input features, the input has 6");
        // an op we do not know
        assertThat(refusal(model(in, List.of(
                node("c", "Conv", List.of("input", "w"), "a"),
                node("e", "Einsum", List.of("a"), "s"),
                node("gap", "GlobalAveragePool", List.of("s"), "g"),
                node("flat", "Flatten", List.of("g"), "f"),
                node("fc", "Gemm", List.of("f", "fc"), "logits", intAttr("transB", 1))), List.of(w, fc), -1, 3)))
                .contains("node 'e' (op Einsum) is not supported");
        assertThatThrownBy(() -> OnnxReader.read(model(in, List.of(
                node("p", "MaxPool", List.of("input"), "a", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                        intAttr("ceil_mode", 1)),
                node("avg", "AveragePool", List.of("a"), "b", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                        intAttr("ceil_mode", 1), intAttr("count_include_pad", 1)),
                node("flat", "Flatten", List.of("b"), "f"),
                node("fc", "Gemm", List.of("f", "fc"), "logits", intAttr("transB", 1))), List.of(fc), -1, 3), "p.onnx"))
                .hasMessageContaining("ceil_mode 1 with count_include_pad 1 is not supported");
    }
}
