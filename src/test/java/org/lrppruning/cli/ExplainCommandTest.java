package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.DataFiles;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.lrp.Explainer.Precision;
import org.lrppruning.lrp.Explainer.Result;
import org.lrppruning.lrp.Explainer.Start;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.testutil.Cnns;

/** {@code explain}: the npz a user gets from a tiny CNN (npz + arch, and ONNX), and one-line errors with nothing written. */
class ExplainCommandTest {
    private static final String ARCH = "in:1x8x8,conv3:3,bn,relu,maxpool2,conv3:4,relu,flatten,linear:5,relu,dropout,linear:3";
    private static final int N = 6;

    @TempDir
    Path dir;

    private Network net;
    private Path model;
    private Path data;
    private LabeledData samples;

    @BeforeEach
    void tinyCnnAndData() throws IOException {
        Network fresh = Architecture.of(ARCH).initialise(3, 5);
        Random r = new Random(6);
        BatchNorm bn = (BatchNorm) fresh.layer(1);
        net = fresh.with(1, Cnns.bn(bn.name(), 3, r));
        model = dir.resolve("tiny.npz");
        ModelIO.save(model, net);
        samples = new LabeledData(Cnns.uniform(r, N * 64, 0, 1), new int[] {1, 8, 8}, new int[] {0, 1, 2, 2, 1, 0});
        data = dir.resolve("d.npy");
        DataFiles.write(data, samples);
    }

    private static Path fixture(String name) {
        try {
            return Paths.get(ExplainCommandTest.class.getResource("/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void writesLogitsInputRelevanceAndOneArrayPerHiddenLayerAsTheLibraryComputesThem() throws IOException {
        Path out = dir.resolve("rel.npz");
        CliRun r = CliRun.run("explain", "--model", model.toString(), "--arch", ARCH, "--data", data.toString(),
                "--composite", "epsilon-plus-flat", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Explained 6 samples of 1×8×8 with epsilon-plus-flat (start logit, float32,"
                + " BatchNorm merged)").contains("Wrote " + out + ": logits, input, features.0 (3), features.4 (4),"
                + " classifier.1 (5)");
        Map<String, NpyArray> a = Npz.read(out);
        assertThat(a.keySet()).containsExactly("logits", "input", "features.0", "features.4", "classifier.1",
                "classifier.4");
        assertThat(a.get("logits").shape()).containsExactly(N, 3);
        assertThat(a.get("input").shape()).containsExactly(N, 1, 8, 8);
        assertThat(a.get("features.4").shape()).containsExactly(N, 4);
        assertThat(a.get("input").dtype()).isEqualTo(NpyArray.FLOAT32);
        Result want = new Explainer(net, Composites.of("epsilon-plus-flat"), Start.LOGIT, Precision.FLOAT32)
                .explain(samples.x(), samples.labels(), N, 1, null);
        assertThat(a.get("input").asFloats()).containsExactly(rounded(want.input()));
        assertThat(a.get("logits").asFloats()).containsExactly(rounded(want.logits()));
        assertThat(a.get("features.0").asFloats()).containsExactly(rounded(want.tap("features.0").sum()));
        assertThat(a.get("classifier.1").asFloats()).containsExactly(rounded(want.tap("classifier.1").sum()));
    }

    @Test
    void float64AndTheOneHotStartAndTheDefaultComposite() throws IOException {
        Path out = dir.resolve("rel64.npz");
        CliRun r = CliRun.run("explain", "--model", model.toString(), "--arch", ARCH, "--data", data.toString(),
                "--start", "one-hot", "--precision", "float64", "--threads", "2", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("with lrp-pruning (start one-hot, float64, BatchNorm merged)");
        Map<String, NpyArray> a = Npz.read(out);
        assertThat(a.get("input").dtype()).isEqualTo(NpyArray.FLOAT64);
        Result want = new Explainer(net, Composites.of("lrp-pruning"), Start.ONE_HOT, Precision.FLOAT64)
                .explain(samples.x(), samples.labels(), N, 1, null);
        assertThat(a.get("input").asDoubles()).containsExactly(want.input());
        assertThat(a.get("features.4").asDoubles()).containsExactly(want.tap("features.4").sum());
    }

    @Test
    void minusNExplainsThatManySamplesPerClassOfTheData() throws IOException {
        Path out = dir.resolve("n.npz");
        CliRun r = CliRun.run("explain", "--model", model.toString(), "--arch", ARCH, "--data", data.toString(),
                "-n", "1", "--pick", "first", "--composite", "zplus-flat", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        LabeledData first = samples.select(new int[] {0, 1, 2}); // labels 0, 1, 2, 2, 1, 0: the first of each class
        Result want = new Explainer(net, Composites.of("zplus-flat"), Start.LOGIT, Precision.FLOAT32)
                .explain(first.x(), first.labels(), 3, 1, null);
        assertThat(Npz.read(out).get("input").asFloats()).containsExactly(rounded(want.input()));
    }

    @Test
    void explainsAnOnnxModel() throws IOException {
        Path onnx = fixture("cnn_opset13.onnx");
        Network n = OnnxReader.read(onnx).network();
        LabeledData d = new LabeledData(Cnns.uniform(new Random(2), 4 * n.inputs(), -1, 1), n.inputShape(),
                new int[] {0, 1, 2, 1});
        Path f = dir.resolve("o.npy");
        DataFiles.write(f, d);
        Path out = dir.resolve("o.npz");
        CliRun r = CliRun.run("explain", "--model", onnx.toString(), "--data", f.toString(), "--composite",
                "epsilon-alpha2-beta1-flat-nocanon", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Result want = new Explainer(n, Composites.of("epsilon-alpha2-beta1-flat-nocanon"), Start.LOGIT,
                Precision.FLOAT32).explain(d.x(), d.labels(), 4, 1, null);
        assertThat(Npz.read(out).get("input").asFloats()).containsExactly(rounded(want.input()));
        assertThat(r.out()).doesNotContain("BatchNorm merged");
    }

    @Test
    void theZBoxWarnsAboutInputsOutsideIt() {
        Path out = dir.resolve("w.npz");
        CliRun r = CliRun.run("explain", "--model", model.toString(), "--arch", ARCH, "--data", data.toString(),
                "--normalize", "0.5,0.1", "--bounds", "0,1", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("input values lie outside the z-box [[0.0], [1.0]]");
        CliRun fine = CliRun.run("explain", "--model", model.toString(), "--arch", ARCH, "--data", data.toString(),
                "--normalize", "0.5,0.1", "--out", out.toString());
        assertThat(fine.err()).doesNotContain("outside");
    }

    @Test
    void badInputIsOneLineWithNothingWritten() throws IOException {
        Path out = dir.resolve("bad.npz");
        String m = model.toString();
        String d = data.toString();
        LabeledData wrongShape = new LabeledData(new float[2 * 49], new int[] {1, 7, 7}, new int[] {0, 1});
        Path small = dir.resolve("small.npy");
        DataFiles.write(small, wrongShape);
        LabeledData badLabels = new LabeledData(new float[2 * 64], new int[] {1, 8, 8}, new int[] {0, 7});
        Path labels = dir.resolve("labels.npy");
        DataFiles.write(labels, badLabels);
        String[][] cases = {
            {"--composite", "zennit", "--data", d},
            {"--start", "argmax", "--data", d},
            {"--precision", "half", "--data", d},
            {"--bounds", "0,1,2", "--data", d},
            {"--bounds", "1,0", "--data", d},
            {"--data", small.toString()},
            {"--data", labels.toString()},
            {"--data", dir.resolve("missing.npy").toString()},
            {"--data", d, "--refs", d},
            {"--data", d, "-n", "1"},
        };
        String[] reasons = {"unknown LRP composite 'zennit'", "--start must be logit or one-hot",
            "--precision must be float32 or float64", "even count", "low <= high", "do not fit the model's input",
            "label 7 of sample 1", "missing", "--test and --refs do not apply", "give -s SEED"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 8];
            String[] head = {"explain", "--model", m, "--arch", ARCH, "--out", out.toString()};
            System.arraycopy(head, 0, args, 0, head.length);
            System.arraycopy(cases[i], 0, args, head.length, cases[i].length);
            args[args.length - 1] = "--no-progress";
            CliRun r = CliRun.run(args);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", cases[i])).startsWith("lrp-pruning: ").contains(reasons[i]);
            assertThat(Files.exists(out)).isFalse();
        }
        CliRun notNpz = CliRun.run("explain", "--model", m, "--arch", ARCH, "--data", d, "--out",
                dir.resolve("rel.txt").toString());
        assertThat(notNpz.err()).contains("--out must be an .npz file");
        assertThat(Files.exists(dir.resolve("rel.txt"))).isFalse();
    }

    private static float[] rounded(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
