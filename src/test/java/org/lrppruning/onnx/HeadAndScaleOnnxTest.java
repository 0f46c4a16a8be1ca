package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lrppruning.onnx.OnnxFixtures.intAttr;
import static org.lrppruning.onnx.OnnxFixtures.model;
import static org.lrppruning.onnx.OnnxFixtures.node;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.io.NpyArray;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.ChannelGroups;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Scale;
import org.lrppruning.model.Window;
import org.lrppruning.onnx.OnnxLayout.Form;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/**
 * The fixtures of make_head_fixtures.py: a small squeezenet (its output layer a Conv2d before ReLU, global average
 * pooling and Flatten) and Mul by constants (a Constant scalar, per-channel initializers either side, per feature
 * of a flat tensor, a scale after the output layer), against torch's logits and the relevances Zennit's mechanism
 * gives them. The reader/writer suites (OnnxFixtures.WITH_LOGITS) run both through ONNX Runtime and onnx.checker.
 */
class HeadAndScaleOnnxTest {
    private static OnnxModel read(String name) throws Exception {
        return OnnxReader.read(OnnxFixtures.path(name));
    }

    private static String[] kinds(Network net) {
        return net.layers().stream().map(l -> l.getClass().getSimpleName()).toArray(String[]::new);
    }

    @Test
    void readsSqueezenetsConvOutputLayer() throws Exception {
        Network net = read("fire_opset13").network();
        assertThat(net.layer(net.outputLayer()).name()).isEqualTo("classifier.1");
        assertThat(net.layer(net.outputLayer())).isInstanceOf(Conv2d.class);
        assertThat(kinds(net)).endsWith("Conv2d", "Relu", "GlobalAvgPool", "Flatten");
        assertThat(net.classes()).isEqualTo(3);
        // groups: features.0 and every squeeze and expand conv; never the output conv
        assertThat(net.prunableNames()).containsExactly("features.0", "features.3.squeeze", "features.3.expand1x1",
                "features.3.expand3x3", "features.4.squeeze", "features.4.expand1x1", "features.4.expand3x3",
                "features.6.squeeze", "features.6.expand1x1", "features.6.expand3x3");
        for (ChannelGroups.Group g : net.channelGroups().groups()) {
            assertThat(g.outLayers()).doesNotContain(net.outputLayer());
        }
    }

    @Test
    void readsEveryMulByAConstantAsAScale() throws Exception {
        OnnxModel m = read("mul_const_opset13");
        Network net = m.network();
        assertThat(kinds(net)).containsExactly("Conv2d", "Scale", "Relu", "Scale", "Conv2d", "Scale", "Relu",
                "GlobalAvgPool", "Flatten", "Scale", "Linear", "Scale");
        assertThat(((Scale) net.layer(1)).factor()).containsExactly(0.5f);
        assertThat(((Scale) net.layer(3)).factor()).hasSize(4);
        assertThat(((Scale) net.layer(5)).factor()).hasSize(5);
        assertThat(((Scale) net.layer(9)).factor()).hasSize(5);
        assertThat(((Scale) net.layer(11)).factor()).containsExactly(1.5f);
        assertThat(net.outputLayer()).isEqualTo(10); // the Linear; the scale after it is the logits' tail
        // the forms it was read in: operand order, the constant's dims, initializer or Constant node
        assertThat(m.layout().form(net.layer(1).name()).form()).isEqualTo(new Form.ConstMul(false, new long[0], false));
        assertThat(m.layout().form(net.layer(3).name()).form()).isEqualTo(new Form.ConstMul(false, new long[] {4, 1, 1},
                true));
        assertThat(m.layout().form(net.layer(5).name()).form()).isEqualTo(new Form.ConstMul(true,
                new long[] {1, 5, 1, 1}, true));
        assertThat(m.layout().form(net.layer(9).name()).form()).isEqualTo(new Form.ConstMul(false, new long[] {5}, true));
        // the per-channel constants belong to their channel groups, so pruning shrinks them
        Network pruned = Pruner.prune(net, new PruningPlan(new int[][] {{0, 2}, {3}}));
        assertThat(((Scale) pruned.layer(3)).factor()).hasSize(2);
        assertThat(((Scale) pruned.layer(5)).factor()).hasSize(4);
        assertThat(((Scale) pruned.layer(9)).factor()).hasSize(4);
        OnnxGraph back = OnnxGraph.parse(OnnxWriter.bytes(pruned, m.layout()), "p.onnx");
        TensorProto beta = back.model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("beta"))
                .findFirst().orElseThrow();
        assertThat(beta.getDimsList()).containsExactly(1L, 4L, 1L, 1L);
    }

    @Test
    void explainsAsZennitDoes() throws Exception {
        for (String name : List.of("fire_opset13", "mul_const_opset13")) {
            Network net = read(name).network();
            Map<String, NpyArray> io = OnnxFixtures.io(name);
            float[] x = io.get("input").asFloats();
            int n = io.get("input").shape()[0];
            int[] labels = java.util.Arrays.stream(io.get("labels").asLongs()).mapToInt(v -> (int) v).toArray();
            Explainer.Result r = new Explainer(net, Composites.of("epsilon-plus-flat"), Explainer.Start.LOGIT,
                    Explainer.Precision.FLOAT64).explain(x, labels, n, 2, null);
            assertClose(r.logits(), io.get("logits64").asDoubles(), n, 1e-12, name + " logits");
            assertClose(r.input(), io.get("rel:input").asDoubles(), n, 1e-10, name + " input");
            for (Explainer.Tap tap : r.taps()) {
                assertClose(tap.sum(), io.get("rel:" + tap.name()).asDoubles(), n, 1e-10, name + " " + tap.name());
            }
            assertThat(r.taps()).hasSize((int) io.keySet().stream().filter(k -> k.startsWith("rel:")).count() - 1);
        }
    }

    /** |got − want| ≤ tol · max|want| per sample. */
    private static void assertClose(double[] got, double[] want, int n, double tol, String what) {
        assertThat(got).as(what).hasSameSizeAs(want);
        int per = want.length / n;
        for (int s = 0; s < n; s++) {
            double max = 0;
            for (int i = s * per; i < (s + 1) * per; i++) {
                max = Math.max(max, Math.abs(want[i]));
            }
            for (int i = s * per; i < (s + 1) * per; i++) {
                assertThat(Math.abs(got[i] - want[i])).as("%s sample %d entry %d", what, s, i - s * per)
                        .isLessThanOrEqualTo(tol * max);
            }
        }
    }

    @Test
    void constantsThatDoNotBroadcastPerChannelAreRefusedInOneLine() {
        // on N x 2 x 3 x 4: a [4] constant runs along W (ONNX aligns from the right), a [2, 3, 4] one is per value
        for (long[] dims : new long[][] {{4}, {2, 3, 4}, {2, 1}, {2, 2, 1, 1}}) {
            int size = 1;
            for (long d : dims) {
                size *= (int) d;
            }
            TensorProto c = TensorData.floats("c", dims, new float[size]);
            byte[] bytes = model(new long[] {-1, 2, 3, 4}, List.of(node("/m/Mul", "Mul", List.of("input", "c"), "y"),
                    node("/Flatten", "Flatten", List.of("y"), "f", intAttr("axis", 1)),
                    node("/fc/Gemm", "Gemm", List.of("f", "fc.weight"), "logits", intAttr("transB", 1))),
                    List.of(c, TensorData.floats("fc.weight", new long[] {2, 24}, new float[48])), -1, 2);
            assertThatThrownBy(() -> OnnxReader.read(bytes, "t.onnx")).isInstanceOf(OnnxFormatException.class)
                    .hasMessage("t.onnx: node '/m/Mul' (op Mul): multiplies [N, 2, 3, 4] by a constant of shape "
                            + TensorData.of(c, "c").shapeText() + "; a single value or one per channel ([C, 1, 1] on"
                            + " images, [F] on flat tensors) is supported");
        }
    }

    @Test
    void networksThatDidNotComeFromOnnxWriteTheirScalesAsTorchWould() throws Exception {
        Random r = new Random(8);
        List<Layer> layers = List.of(Cnns.conv("conv", 2, 3, Window.square(3, 1, 1), true, r),
                new Scale("half", new float[] {0.5f}), new Relu("relu"), new Scale("gamma", new float[] {2f, -1f, 0.25f}),
                new org.lrppruning.model.GlobalAvgPool("pool"), new org.lrppruning.model.Flatten("flatten"),
                new Scale("feat", new float[] {1f, 3f, -2f}),
                new Linear("fc", 3, 2, Cnns.uniform(r, 6, -1, 1), Cnns.uniform(r, 2, -1, 1)));
        Network net = new Network(new int[] {2, 5, 5}, layers);
        byte[] bytes = OnnxWriter.bytes(net, OnnxLayout.defaults());
        OnnxModel back = OnnxReader.read(bytes, "d.onnx");
        OnnxWriterTest.assertSameLayers(net, back.network(), "defaults");
        assertThat(back.layout().form("half").form()).isEqualTo(new Form.ConstMul(false, new long[0], false));
        assertThat(back.layout().form("gamma").form()).isEqualTo(new Form.ConstMul(false, new long[] {3, 1, 1}, true));
        assertThat(back.layout().form("feat").form()).isEqualTo(new Form.ConstMul(false, new long[] {3}, true));
        float[] x = Cnns.uniform(r, 3 * 50, -1, 1);
        float[] ort = OnnxWriterTest.runtime(bytes, x, new long[] {3, 2, 5, 5});
        double[] ours = net.logits64(AccurateOps.widen(x, x.length), 3);
        for (int i = 0; i < ours.length; i++) {
            assertThat((double) ort[i]).isCloseTo(ours[i], org.assertj.core.api.Assertions.within(1e-5));
        }
    }
}
