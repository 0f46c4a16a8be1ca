package org.lrppruning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.cli.Main;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.model.Network;
import picocli.CommandLine;

/** The API computes what the CLI commands write, bit for bit, and refuses bad input with one-line messages. */
class ApiTest {
    static final String FIXTURE = "cnn_opset13";

    @TempDir
    Path dir;
    Path onnx;
    Data refs;

    static Path resource(String file) throws URISyntaxException {
        return Paths.get(ApiTest.class.getResource("/onnx/" + file).toURI());
    }

    /** The fixture's five samples with torch's predicted classes as labels, as refs-X.npy and refs-y.npy. */
    @BeforeEach
    void refs() throws Exception {
        onnx = resource(FIXTURE + ".onnx");
        Map<String, NpyArray> io = Npz.read(resource(FIXTURE + ".npz"));
        NpyArray logits = io.get("logits");
        float[] l = logits.toFloats();
        int n = logits.dim(0);
        int k = logits.dim(1);
        long[] labels = new long[n];
        int[] ints = Network.argmax(l, n, k);
        for (int i = 0; i < n; i++) {
            labels[i] = ints[i];
        }
        Npy.write(dir.resolve("refs-X.npy"), io.get("input"));
        Npy.write(dir.resolve("refs-y.npy"), NpyArray.ofLongs(labels, n));
        refs = Data.load(dir.resolve("refs.npy").toString());
    }

    private void cli(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).as(String.join(" ", args) + ": " + err).isZero();
    }

    @Test
    void scoresEqualTheScoresCommandsFile() throws IOException {
        Model model = LrpPruning.load(onnx);
        Scores s = model.scores("lrp", refs);
        Path out = dir.resolve("scores.npz");
        cli("scores", "--model", onnx.toString(), "--refs", dir.resolve("refs.npy").toString(), "-c", "lrp",
                "--out", out.toString());
        Map<String, NpyArray> file = Npz.read(out);
        assertThat(s.layers()).containsExactlyElementsOf(model.prunableUnits().keySet());
        for (String layer : s.layers()) {
            assertThat(s.normalised(layer)).containsExactly(file.get(layer).asDoubles());
            assertThat(s.raw(layer)).containsExactly(file.get(layer + ".raw").asDoubles());
        }
        long[] ranking = file.get("ranking").asLongs();
        int[][] r = s.ranking();
        for (int i = 0; i < r.length; i++) {
            assertThat(new long[] {r[i][0], r[i][1]}).containsExactly(ranking[2 * i], ranking[2 * i + 1]);
        }
        assertThat(s.criterion()).isEqualTo("lrp (composite lrp-pruning)");
        Path out64 = dir.resolve("scores64.npz");
        cli("scores", "--model", onnx.toString(), "--refs", dir.resolve("refs.npy").toString(), "-c", "lrp",
                "--precision", "float64", "--out", out64.toString());
        Scores s64 = model.scores("lrp", null, refs, "float64");
        for (String layer : s64.layers()) {
            assertThat(s64.raw(layer)).containsExactly(Npz.read(out64).get(layer + ".raw").asDoubles());
        }
        assertThat(s64.raw(s64.layers().get(0))).isNotEqualTo(s.raw(s.layers().get(0)));
    }

    @Test
    void pruneWritesTheSameOnnxFileAsThePruneCommand() throws IOException {
        Model model = LrpPruning.load(onnx);
        Model pruned = model.prune("lrp", 0.3, refs);
        pruned.save(dir.resolve("api.onnx"));
        cli("prune", "--model", onnx.toString(), "--refs", dir.resolve("refs.npy").toString(), "-c", "lrp",
                "--rate", "0.3", "--out", dir.resolve("cli.onnx").toString());
        assertThat(Files.readAllBytes(dir.resolve("api.onnx"))).isEqualTo(Files.readAllBytes(dir.resolve("cli.onnx")));
        int before = model.prunableUnits().values().stream().mapToInt(Integer::intValue).sum();
        int after = pruned.prunableUnits().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(after).isEqualTo(before - (int) Math.floor(0.3 * before));
        assertThat(pruned.parameters()).isLessThan(model.parameters());
        assertThat(LrpPruning.load(dir.resolve("api.onnx")).parameters()).isEqualTo(pruned.parameters());
        // the model was predicted from, so its own labels give 100 %
        assertThat(model.accuracy(refs)).isEqualTo(100.0);
        assertThat(model.predict(refs)).containsExactly(refs.labels());
    }

    @Test
    void explainEqualsTheExplainCommandsFile() throws IOException {
        Model model = LrpPruning.load(onnx);
        Explanation e = model.explain(refs);
        Path out = dir.resolve("rel.npz");
        cli("explain", "--model", onnx.toString(), "--data", dir.resolve("refs.npy").toString(), "--out", out.toString());
        Map<String, NpyArray> file = Npz.read(out);
        assertThat(e.composite()).isEqualTo("lrp-pruning");
        assertThat(e.samples()).isEqualTo(refs.size());
        assertThat(floats(e.logits())).containsExactly(file.get("logits").toFloats());
        assertThat(floats(e.input())).containsExactly(file.get("input").toFloats());
        assertThat(e.layers()).isNotEmpty();
        for (String layer : e.layers()) {
            assertThat(floats(e.units(layer))).containsExactly(file.get(layer).toFloats());
        }
    }

    @Test
    void theThreadCountDoesNotChangeTheNumbers() throws IOException {
        Model model = LrpPruning.load(onnx);
        Scores one = model.withThreads(1).scores("taylor", refs);
        Scores two = model.withThreads(2).scores("taylor", refs);
        for (String layer : one.layers()) {
            assertThat(one.raw(layer)).containsExactly(two.raw(layer));
        }
    }

    @Test
    void badInputIsAnIllegalArgumentWithOneLine() throws IOException {
        Model model = LrpPruning.load(onnx);
        Scores s = model.scores("weight", refs);
        assertThatThrownBy(() -> model.prune(s, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> model.scores("nope", refs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lrp");
        assertThatThrownBy(() -> model.explain(Data.of(new float[3], new int[] {3}, new int[] {0})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes samples of shape");
        assertThatThrownBy(() -> LrpPruning.load(resource(FIXTURE + ".npz")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("load(file, arch)");
        Model pruned = model.pruneCount(s, 1);
        assertThatThrownBy(() -> pruned.pruneCount(s, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another model");
        for (Throwable t : new Throwable[] {catchIt(() -> model.prune(s, -0.1)), catchIt(() -> s.raw("nope"))}) {
            assertThat(t).isInstanceOf(IllegalArgumentException.class);
            assertThat(t.getMessage()).doesNotContain("\n");
        }
    }

    @Test
    void saveWritesAStateDictAsNpz() throws Exception {
        // loading an npz with its architecture is the README's example (moon.npz, paper)
        Model model = LrpPruning.load(resource("mlp_matmul_opset13.onnx"));
        model.save(dir.resolve("net.npz"));
        Map<String, NpyArray> state = Npz.read(dir.resolve("net.npz"));
        assertThat(state.values().stream().mapToLong(NpyArray::size).sum()).isEqualTo(model.parameters());
        assertThatThrownBy(() -> model.save(dir.resolve("net.txt"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("net.txt: save a model as .onnx or .npz");
    }

    private static Throwable catchIt(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
