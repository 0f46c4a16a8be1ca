package org.lrppruning.lrp;

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
import org.lrppruning.lrp.Explainer.Precision;
import org.lrppruning.lrp.Explainer.Result;
import org.lrppruning.lrp.Explainer.Start;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.Shared;

/**
 * Our LRP equals Zennit's on the CNN fixtures of {@code shared/cnn}: for both models and every composite there,
 * the input heatmaps of test images 0..3 and the per-unit Σ R, Σ |R| of the taps conv1..conv3, fc1 and the input
 * sum on the 50 reference samples, each within a tolerance times the largest |value| of that sample and layer
 * (float64: 1e-12; float32: 1e-4, the bound), and the float64 logits. {@code -Dlrp.report=true} prints the worst errors.
 */
@Tag("shared")
class ZennitFixtureTest {
    private static final String DIR = "cnn/";
    private static final Composites.Box BOX = Composites.Box.normalized(new double[] {0.2860}, new double[] {0.3530});
    private static final String[] TAPS = {"conv1", "conv2", "conv3", "fc1"};

    static List<Arguments> cases() {
        List<Arguments> a = new java.util.ArrayList<>();
        for (String model : List.of("bn", "nobn")) {
            List<String> composites = new java.util.ArrayList<>(List.of("epsilon_plus_flat", "epsilon_alpha2_beta1_flat",
                    "zplus_flat", "lrp_pruning"));
            if (model.equals("bn")) {
                composites.add("epsilon_plus_flat_nocanon");
            }
            for (String c : composites) {
                for (Precision p : Precision.values()) {
                    a.add(Arguments.of(model, c, p));
                }
            }
        }
        return a;
    }

    /** The cases in float64: one precision suffices for the reading path. */
    static List<Arguments> float64Cases() {
        return cases().stream().filter(a -> a.get()[2] == Precision.FLOAT64).toList();
    }

    private static Network model(String model) throws IOException {
        return ModelIO.load(Shared.file(DIR + "model_" + model + ".npz"),
                model.equals("bn") ? Architecture.VGG_SMALL : Architecture.VGG_SMALL_NOBN);
    }

    /** The state-dict name of each tap of the fixtures. */
    private static String layerOf(String model, String tap) {
        boolean bn = model.equals("bn");
        return switch (tap) {
            case "conv1" -> "features.0";
            case "conv2" -> bn ? "features.4" : "features.3";
            case "conv3" -> bn ? "features.8" : "features.6";
            default -> "classifier.1";
        };
    }

    private static int[] labels(String file) throws IOException {
        long[] l = Npy.read(Shared.file(DIR + file)).asLongs();
        return Arrays.stream(l).mapToInt(v -> (int) v).toArray();
    }

    private static double tolerance(Precision p) {
        return p == Precision.FLOAT64 ? 1e-12 : 1e-4;
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void heatmapsOfTheFirstFourTestImagesEqualZennits(String model, String composite, Precision p) throws IOException {
        double worst = heatmapError(model(model), model, composite, p);
        report(model, composite, p, "heatmap", worst);
        assertThat(worst).as("%s %s heatmaps, worst error / max|R|", model, composite).isLessThan(tolerance(p));
    }

    /** The ONNX exports explain alike (their BatchNorm ε is the float32 1e-5, hence the looser bound). */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("float64Cases")
    void theOnnxExportsGiveTheSameHeatmaps(String model, String composite, Precision p) throws IOException {
        Network net = org.lrppruning.onnx.OnnxReader.read(Shared.file(DIR + "model_" + model + ".onnx")).network();
        double worst = heatmapError(net, model, composite, p);
        report(model, composite, p, "onnx-heatmap", worst);
        assertThat(worst).as("%s %s heatmaps from ONNX", model, composite).isLessThan(1e-9);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void unitRelevancesOfTheReferenceSetEqualZennits(String model, String composite, Precision p) throws IOException {
        Network net = model(model);
        float[] x = Npy.read(Shared.file(DIR + "refset_n5_input.npy")).asFloats();
        int[] y = labels("refset_n5_labels.npy");
        Result r = new Explainer(net, Composites.of(composite, BOX), Start.LOGIT, p).explain(x, y, 50, 2, null);
        Map<String, NpyArray> ref = Npz.read(Shared.file(DIR + model + "_lrp_n5.npz"));
        for (String tap : TAPS) {
            Explainer.Tap t = r.tap(layerOf(model, tap));
            double sum = worstRelative(t.sum(), ref.get(composite + "__" + tap + "__sum").asDoubles(), 50, t.units());
            double abs = worstRelative(t.absSum(), ref.get(composite + "__" + tap + "__abssum").asDoubles(), 50, t.units());
            report(model, composite, p, tap, Math.max(sum, abs));
            assertThat(sum).as("%s %s %s sum", model, composite, tap).isLessThan(tolerance(p));
            assertThat(abs).as("%s %s %s abssum", model, composite, tap).isLessThan(tolerance(p));
        }
        double[] inputSum = new double[50];
        for (int s = 0; s < 50; s++) {
            for (int i = 0; i < 784; i++) {
                inputSum[s] += r.input()[s * 784 + i];
            }
        }
        double[] wantSum = ref.get(composite + "__input__sum").asDoubles();
        double worst = 0;
        for (int s = 0; s < 50; s++) {
            worst = Math.max(worst, Math.abs(inputSum[s] - wantSum[s]) / Math.abs(wantSum[s]));
        }
        report(model, composite, p, "input-sum", worst);
        assertThat(worst).as("%s %s input sum", model, composite).isLessThan(tolerance(p));
        double logits = worstRelative(r.logits(), ref.get("logits_f64").asDoubles(), 50, 10);
        report(model, composite, p, "logits", logits);
        assertThat(logits).isLessThan(p == Precision.FLOAT64 ? 1e-12 : 1e-5);
    }

    @org.junit.jupiter.api.Test
    void theBatchNormMergedFixtureModelGivesTheSameLogits() throws IOException {
        Network net = model("bn");
        Network merged = Canonizer.mergeBatchNorm().apply(net);
        assertThat(merged.layers()).hasSize(net.layers().size() - 2);
        float[] x = Npy.read(Shared.file(DIR + "first256_input.npy")).asFloats();
        Map<String, NpyArray> ref = Npz.read(Shared.file(DIR + "bn_logits_first256.npz"));
        double[] want64 = ref.get("logits_f64").asDoubles();
        double[] got64 = merged.logits64(org.lrppruning.linalg.AccurateOps.widen(x, x.length), 256);
        float[] a = net.logits(x, 256);
        float[] b = merged.logits(x, 256);
        double[] a32 = new double[a.length];
        double[] b32 = new double[b.length];
        for (int i = 0; i < a.length; i++) {
            a32[i] = a[i];
            b32[i] = b[i];
        }
        double f64 = worstRelative(got64, want64, 256, 10);
        double f32 = worstRelative(b32, a32, 256, 10);
        report("bn", "merged", Precision.FLOAT64, "logits-vs-torch", f64);
        report("bn", "merged", Precision.FLOAT32, "logits-vs-unmerged", f32);
        assertThat(f64).isLessThan(1e-12);
        assertThat(f32).isLessThan(1e-5);
    }

    /** The worst relative error of our heatmaps of test images 0..3 against the fixture's. */
    private static double heatmapError(Network net, String model, String composite, Precision p) throws IOException {
        float[] x = Arrays.copyOf(Npy.read(Shared.file(DIR + "first256_input.npy")).asFloats(), 4 * 784);
        int[] y = Arrays.copyOf(labels("first256_labels.npy"), 4);
        Result r = new Explainer(net, Composites.of(composite, BOX), Start.LOGIT, p).explain(x, y, 4, 2, null);
        double[] want = Npz.read(Shared.file(DIR + model + "_heatmaps_img0-3.npz")).get(composite).asDoubles();
        return worstRelative(r.input(), want, 4, 784);
    }

    static double worstRelative(double[] got, double[] want, int rows, int width) {
        return org.lrppruning.testutil.Relative.worst(got, want, rows, width);
    }

    private static void report(String model, String composite, Precision p, String what, double worst) {
        if (Boolean.getBoolean("lrp.report")) {
            System.out.printf("ZENNIT %s %s %s %s %.3e%n", model, composite, p, what, worst);
        }
    }
}
