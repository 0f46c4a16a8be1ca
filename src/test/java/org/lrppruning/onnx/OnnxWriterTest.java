package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lrppruning.onnx.OnnxReaderTest.relativeError;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

class OnnxWriterTest {
    @TempDir
    Path dir;

    /** Same kind, name, settings and bit-identical parameters. */
    static void assertSameLayers(Network a, Network b, String what) {
        assertThat(b.inputShape()).as(what).containsExactly(a.inputShape());
        assertThat(b.layers()).as(what).hasSameSizeAs(a.layers());
        for (int i = 0; i < a.layers().size(); i++) {
            Layer x = a.layer(i);
            Layer y = b.layer(i);
            String at = what + " layer " + i + " " + x.name();
            assertThat(y.getClass()).as(at).isEqualTo(x.getClass());
            assertThat(y.toString()).as(at).isEqualTo(x.toString());
            assertThat(y.parameters()).as(at).hasSameSizeAs(x.parameters());
            for (int p = 0; p < x.parameters().size(); p++) {
                Layer.Param px = x.parameters().get(p);
                Layer.Param py = y.parameters().get(p);
                assertThat(py.key()).as(at).isEqualTo(px.key());
                assertThat(py.shape()).as(at + " " + px.key()).containsExactly(px.shape());
                assertBitIdentical(py.data(), px.data(), at + " " + px.key());
            }
        }
        for (int i = 0; i < a.layers().size(); i++) {
            if (a.layer(i) instanceof Linear la) {
                assertThat(((Linear) b.layer(i)).bias() == null).isEqualTo(la.bias() == null);
            }
        }
    }

    /** Same length and the same float bits everywhere; the message names the first difference. */
    static void assertBitIdentical(float[] actual, float[] expected, String what) {
        assertThat(actual.length).as(what + " length").isEqualTo(expected.length);
        for (int k = 0; k < expected.length; k++) {
            if (Float.floatToRawIntBits(actual[k]) != Float.floatToRawIntBits(expected[k])) {
                throw new AssertionError(what + ": value " + k + " is " + actual[k] + ", expected " + expected[k]);
            }
        }
    }

    private static List<String> dataOps(byte[] model) {
        return OnnxGraph.parse(model, "m.onnx").chain.stream().map(Node::op)
                .filter(op -> !op.equals("Identity")).toList();
    }

    @Test
    void readWriteReadGivesIdenticalLayersOpsAndNames() throws IOException {
        for (String name : OnnxFixtures.WITH_LOGITS) {
            OnnxModel m = OnnxReader.read(OnnxFixtures.path(name));
            byte[] written = OnnxWriter.bytes(m.network(), m.layout());
            OnnxModel back = OnnxReader.read(written, name + " (written)");
            assertSameLayers(m.network(), back.network(), name);
            assertThat(back.layout()).as(name).isEqualTo(m.layout());
            assertThat(dataOps(written)).as(name).isEqualTo(dataOps(OnnxFixtures.bytes(name)));
            OnnxGraph g = OnnxGraph.parse(written, name);
            assertThat(g.inputName).isEqualTo("input");
            assertThat(g.outputName).isEqualTo("logits");
            assertThat(g.batchParam).isEqualTo("batch");
            assertThat(g.opset).isEqualTo(OnnxGraph.parse(OnnxFixtures.bytes(name), name).opset);
        }
    }

    @Test
    void keepsTorchsNodeAndInitializerNames() throws IOException {
        OnnxModel m = OnnxReader.read(OnnxFixtures.path("cnn_opset11"));
        OnnxGraph g = OnnxGraph.parse(OnnxWriter.bytes(m.network(), m.layout()), "w.onnx");
        assertThat(g.chain.get(0).name()).isEqualTo("/features/features.0/Conv");
        assertThat(g.chain.get(0).input(1)).isEqualTo("onnx::Conv_34");
        assertThat(g.chain.get(0).output()).isEqualTo("/features/features.0/Conv_output_0");
        assertThat(g.model.getGraph().getInitializerList().stream().map(t -> t.getName()))
                .contains("classifier.1.weight", "classifier.4.bias");
    }

    /** A plan removing about a third of every prunable layer's units (at least one, never all), seeded. */
    static PruningPlan someUnits(Network net, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] removed = new int[net.prunableCount()][];
        for (int h = 0; h < removed.length; h++) {
            int units = net.prunable(h).units();
            List<Integer> pick = new ArrayList<>();
            for (int j = 0; j < units; j++) {
                if (pick.size() < units - 1 && rng.nextInt(3) == 0) {
                    pick.add(j);
                }
            }
            if (pick.isEmpty() && units > 1) {
                pick.add(rng.nextInt(units));
            }
            removed[h] = pick.stream().mapToInt(Integer::intValue).toArray();
        }
        return new PruningPlan(removed);
    }

    /**
     * The unpruned network with the planned units silenced instead: their weights and bias zero and, when a
     * BatchNorm follows, its γ and β for them zero (the channel is zero after BN, as removing it).
     */
    static Network zeroed(Network net, PruningPlan plan) {
        Network out = net;
        int[] pos = net.prunablePositions();
        for (int h = 0; h < pos.length; h++) {
            Affine a = (Affine) out.layer(pos[h]);
            float[] w = a.weight().clone();
            float[] b = a.bias() == null ? null : a.bias().clone();
            int fan = a.fanIn();
            for (int j : plan.perLayer()[h]) {
                Arrays.fill(w, j * fan, (j + 1) * fan, 0f);
                if (b != null) {
                    b[j] = 0;
                }
            }
            Layer z = a instanceof Conv2d c ? new Conv2d(c.name(), c.in(), c.out(), c.window(), w, b)
                    : new Linear(a.name(), ((Linear) a).in(), ((Linear) a).out(), w, b);
            out = out.with(pos[h], z);
            for (int i = pos[h] + 1; i < out.layers().size() && !(out.layer(i) instanceof Affine); i++) {
                if (out.layer(i) instanceof BatchNorm bn) {
                    float[] gamma = bn.gamma().clone();
                    float[] beta = bn.beta().clone();
                    for (int j : plan.perLayer()[h]) {
                        gamma[j] = 0;
                        beta[j] = 0;
                    }
                    out = out.with(i, new BatchNorm(bn.name(), gamma, beta, bn.mean(), bn.var(), bn.eps()));
                }
            }
        }
        return out;
    }

    static float[] runtime(byte[] model, float[] x, long[] shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                float[][] y = (float[][]) r.get(0).getValue();
                float[] flat = new float[y.length * y[0].length];
                for (int i = 0; i < y.length; i++) {
                    System.arraycopy(y[i], 0, flat, i * y[0].length, y[0].length);
                }
                return flat;
            }
        }
    }

    private static long[] batchShape(Network net, int n) {
        int[] s = net.inputShape();
        long[] d = new long[s.length + 1];
        d[0] = n;
        for (int k = 0; k < s.length; k++) {
            d[k + 1] = s[k];
        }
        return d;
    }

    @Test
    void onnxRuntimeRunsWrittenAndPrunedModelsAsOurForwardPass() throws Exception {
        for (String name : OnnxFixtures.WITH_LOGITS) {
            OnnxModel m = OnnxReader.read(OnnxFixtures.path(name));
            Network net = m.network();
            float[] x = OnnxFixtures.io(name).get("input").asFloats();
            int n = x.length / net.inputs();
            float[] ours = net.logits(x, n);
            assertThat(relativeError(runtime(OnnxWriter.bytes(net, m.layout()), x, batchShape(net, n)), ours))
                    .as(name + " unpruned").isLessThan(1e-5);

            PruningPlan plan = someUnits(net, name.hashCode());
            assertThat(plan.total()).as(name).isPositive();
            Network pruned = Pruner.prune(net, plan);
            assertThat(pruned.parameterCount()).isLessThan(net.parameterCount());
            float[] prunedOurs = pruned.logits(x, n);
            byte[] written = OnnxWriter.bytes(pruned, m.layout());
            assertThat(relativeError(runtime(written, x, batchShape(net, n)), prunedOurs))
                    .as(name + " pruned").isLessThan(1e-5);
            assertSameLayers(pruned, OnnxReader.read(written, name).network(), name + " pruned");
            // removing the units computes what silencing them in the unpruned network computes
            assertThat(relativeError(prunedOurs, zeroed(net, plan).logits(x, n))).as(name + " zeroed")
                    .isLessThan(1e-5);
        }
    }

    @Test
    void writtenModelKeepsTheInputOutputNamesAndTheDynamicBatch() throws Exception {
        OnnxModel m = OnnxReader.read(OnnxFixtures.path("cnn_opset13"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(OnnxWriter.bytes(m.network(), m.layout()), new OrtSession.SessionOptions())) {
            NodeInfo in = s.getInputInfo().get("input");
            NodeInfo out = s.getOutputInfo().get("logits");
            assertThat(((TensorInfo) in.getInfo()).getShape()).containsExactly(-1, 2, 8, 8);
            assertThat(((TensorInfo) out.getInfo()).getShape()).containsExactly(-1, 3);
        }
        float[] x = new float[7 * 2 * 8 * 8];
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rng.nextGaussian();
        }
        float[] y = runtime(OnnxWriter.bytes(m.network(), m.layout()), x, new long[] {7, 2, 8, 8});
        assertThat(relativeError(y, m.network().logits(x, 7))).isLessThan(1e-5);
    }

    @Test
    void writesNetworksThatDidNotComeFromOnnxWithTorchsConventions() throws Exception {
        OnnxModel m = OnnxReader.read(OnnxFixtures.path("cnn_gap_opset13"));
        byte[] plain = OnnxWriter.bytes(m.network(), OnnxLayout.defaults());
        OnnxGraph g = OnnxGraph.parse(plain, "plain.onnx");
        assertThat(g.chain.get(0).name()).isEqualTo("/conv1/Conv");
        assertThat(g.chain.get(0).input(1)).isEqualTo("conv1.weight");
        assertThat(g.opset).isEqualTo(OnnxLayout.DEFAULT_OPSET);
        assertSameLayers(m.network(), OnnxReader.read(plain, "plain.onnx").network(), "defaults");
        float[] x = OnnxFixtures.io("cnn_gap_opset13").get("input").asFloats();
        int n = x.length / m.network().inputs();
        assertThat(relativeError(runtime(plain, x, batchShape(m.network(), n)), m.network().logits(x, n)))
                .isLessThan(1e-5);
    }

    @Test
    void writesAtomicallyLeavingNoTemporaryFiles() throws IOException {
        OnnxModel m = OnnxReader.read(OnnxFixtures.path("mlp_gemm_opset13"));
        Path f = dir.resolve("out.onnx");
        Files.writeString(f, "old");
        OnnxWriter.write(m.network(), m.layout(), f);
        assertThat(Files.readAllBytes(f)).isEqualTo(OnnxWriter.bytes(m.network(), m.layout()));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out.onnx");
        }
    }

    /** The Python with the onnx package that checks written models (a system property may name another). */
    private static final String PYTHON = System.getProperty("lrp.python", "/usr/bin/python3");

    private static String python(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, "-c"));
        cmd.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish in 120 s");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return p.exitValue() == 0 ? text : "FAILED (exit " + p.exitValue() + "): " + text;
    }

    @Test
    void onnxCheckerAcceptsWrittenAndPrunedModels() throws Exception {
        String probe = python(List.of("import onnx; print('ok')"));
        Assumptions.assumeTrue(probe != null && probe.startsWith("ok"),
                "skipped: " + PYTHON + " with the onnx package is not available (Debian: apt-get install python3-onnx)");
        List<String> args = new ArrayList<>(List.of(
                "import onnx, sys\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
                        + "print('ok', len(sys.argv) - 1)"));
        for (String name : OnnxFixtures.WITH_LOGITS) {
            OnnxModel m = OnnxReader.read(OnnxFixtures.path(name));
            Path f = dir.resolve(name + ".onnx");
            OnnxWriter.write(m.network(), m.layout(), f);
            Path p = dir.resolve(name + "_pruned.onnx");
            OnnxWriter.write(Pruner.prune(m.network(), someUnits(m.network(), 5)), m.layout(), p);
            Path d = dir.resolve(name + "_defaults.onnx");
            OnnxWriter.write(m.network(), OnnxLayout.defaults(), d);
            args.addAll(List.of(f.toString(), p.toString(), d.toString()));
        }
        assertThat(python(args)).isEqualTo("ok " + 3 * OnnxFixtures.WITH_LOGITS.size() + "\n");
    }
}
