package org.lrppruning.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.lrp.Explainer.Precision;
import org.lrppruning.lrp.Explainer.Result;
import org.lrppruning.lrp.Explainer.Start;
import org.lrppruning.model.Affine;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.testutil.Shared;

/**
 * The graph networks of {@code shared/graph} (residual ResNets, MobileNetV2) read from their ONNX exports give
 * torch's logits, and on the ResNets our LRP equals Zennit's with its ResNet canonizer: input heatmaps and the
 * per-layer relevances (Σ over H×W) of every Conv2d and Linear, per sample within 1e-4 of the largest |R|
 * (the contract of {@code shared/graph/README.md}; float64).
 */
@Tag("shared")
class GraphFixtureSharedTest {
    private static final String DIR = "graph/";

    /** Model, input set, logits key. */
    static List<Arguments> logitCases() {
        return List.of(Arguments.of("resnet8", "fmnist_first256", "first256"),
                Arguments.of("resnet8", "fmnist_refset_n5", "refset_n5"),
                Arguments.of("resnet18", "inputs_s0", "inputs_s0"),
                Arguments.of("mobilenet_v2", "inputs_s0", "inputs_s0"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("logitCases")
    void logitsEqualTorchs(String model, String set, String key) throws IOException {
        Network net = OnnxReader.read(Shared.file(DIR + model + ".onnx")).network();
        float[] x = Npy.read(Shared.file(DIR + set + "-X.npy")).asFloats();
        int n = x.length / net.inputs();
        Map<String, NpyArray> ref = Npz.read(Shared.file(DIR + model + "_logits.npz"));
        double[] want = ref.get(key + "__f64").asDoubles();
        double[] got64 = net.logits64(AccurateOps.widen(x, x.length), n);
        float[] got32 = net.logits(x, n, 2);
        double[] w32 = new double[got32.length];
        for (int i = 0; i < w32.length; i++) {
            w32[i] = got32[i];
        }
        assertThat(worstRelative(got64, want, n, 10)).as("float64 logits").isLessThan(1e-6);
        assertThat(worstRelative(w32, want, n, 10)).as("float32 logits").isLessThan(1e-4);
        assertThat(Network.argmax(got32, n, 10)).isEqualTo(argmax(want, n, 10));
    }

    @org.junit.jupiter.api.Test
    void theStateDictOfResnet8LoadsAsArchitectureResnet8WithTheOnnxLogits() throws IOException {
        Network fromNpz = org.lrppruning.model.ModelIO.load(Shared.file(DIR + "resnet8.npz"),
                org.lrppruning.model.Architecture.of("resnet8"), new int[] {1, 28, 28});
        float[] x = Npy.read(Shared.file(DIR + "fmnist_first256-X.npy")).asFloats();
        double[] want = Npz.read(Shared.file(DIR + "resnet8_logits.npz")).get("first256__f64").asDoubles();
        assertThat(worstRelative(fromNpz.logits64(AccurateOps.widen(x, x.length), 256), want, 256, 10)).isLessThan(1e-6);
        assertThat(fromNpz.channelGroups().size()).isEqualTo(6);
    }

    static List<Arguments> lrpCases() {
        List<Arguments> a = new java.util.ArrayList<>();
        for (String c : List.of("epsilon_plus_flat", "epsilon_alpha2_beta1_flat")) {
            a.add(Arguments.of("resnet8", "fmnist_refset_n5", "refset_n5", c));
            a.add(Arguments.of("resnet18", "inputs_s0", "inputs_s0", c));
        }
        return a;
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("lrpCases")
    void relevancesEqualZennitsResNetCanonizer(String model, String set, String key, String composite)
            throws IOException {
        Network net = OnnxReader.read(Shared.file(DIR + model + ".onnx")).network();
        float[] x = Npy.read(Shared.file(DIR + set + "-X.npy")).asFloats();
        int n = x.length / net.inputs();
        Map<String, NpyArray> ref = Npz.read(Shared.file(DIR + model + "_lrp_" + key + ".npz"));
        int[] y = Arrays.stream(ref.get("labels").asLongs()).mapToInt(v -> (int) v).toArray();
        Result r = new Explainer(net, Composites.of(composite), Start.LOGIT, Precision.FLOAT64).explain(x, y, n, 2, null);
        assertThat(worstRelative(r.input(), ref.get(composite + "__input").asDoubles(), n, net.inputs()))
                .as("%s %s input heatmap", model, composite).isLessThan(1e-4);
        int checked = 0;
        for (Explainer.Tap t : r.taps()) {
            NpyArray want = ref.get(composite + "__" + t.name());
            assertThat(want).as("fixture has layer %s", t.name()).isNotNull();
            assertThat(worstRelative(t.sum(), want.asDoubles(), n, t.units()))
                    .as("%s %s relevance of %s", model, composite, t.name()).isLessThan(1e-4);
            checked++;
        }
        long affine = net.layers().stream().filter(Affine.class::isInstance).count();
        assertThat(checked).as("every Conv2d and Linear is a tap").isEqualTo(affine);
    }

    static double worstRelative(double[] got, double[] want, int rows, int width) {
        return org.lrppruning.testutil.Relative.worst(got, want, rows, width);
    }

    private static int[] argmax(double[] m, int n, int k) {
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            for (int c = 1; c < k; c++) {
                if (m[r * k + c] > m[r * k + out[r]]) {
                    out[r] = c;
                }
            }
        }
        return out;
    }
}
