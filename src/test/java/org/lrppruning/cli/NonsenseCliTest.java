package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout;

/**
 * Input that would give a result without meaning is refused in one line with exit code 2 and nothing written:
 * a model with NaN or infinite parameters (all-NaN scores otherwise), and flags the run would silently ignore
 * ({@code --bounds} without a z-box rule, {@code -s} with {@code --pick first} or {@code --refs}).
 */
class NonsenseCliTest {
    @TempDir
    Path dir;

    private TinyCnnFiles tiny;

    @BeforeEach
    void files() throws IOException {
        tiny = TinyCnnFiles.in(dir, 12);
    }

    private static String[] concat(String[] head, String... more) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private void refused(String line, String... args) throws IOException {
        Path out = dir.resolve("out.npz");
        Files.writeString(out, "kept");
        CliRun r = CliRun.run(concat(args, "--force"));
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo("lrp-pruning: " + line + System.lineSeparator());
        assertThat(Files.readString(out)).isEqualTo("kept");
    }

    @Test
    void aModelWithNanOrInfiniteParametersIsRefusedNamingTheParameter() throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(tiny.model()));
        float[] w = arrays.get("features.4.weight").asFloats().clone();
        w[7] = Float.NaN;
        arrays.put("features.4.weight", NpyArray.ofFloats(w, arrays.get("features.4.weight").shape()));
        Path nan = dir.resolve("nan.npz");
        Npz.write(nan, arrays);
        String out = dir.resolve("out.npz").toString();
        refused(nan + ": parameter features.4.weight holds NaN at index 7; a model's parameters must be finite",
                "scores", "--model", nan.toString(), "--arch", TinyCnnFiles.ARCH, "--refs", tiny.data().toString(),
                "-c", "lrp", "--out", out);

        Network net = Architecture.of(TinyCnnFiles.ARCH).initialise(3, 5);
        net.layers().get(0).parameters().get(1).data()[2] = Float.NEGATIVE_INFINITY;
        Path inf = dir.resolve("inf.onnx");
        Models.save(net, OnnxLayout.defaults(), inf);
        refused(inf + ": parameter features.0.bias holds -Inf at index 2; a model's parameters must be finite",
                "prune", "--model", inf.toString(), "--refs", tiny.data().toString(), "-c", "weight", "--rate", "0.3",
                "--out", dir.resolve("out.npz").toString());
        refused(inf + ": parameter features.0.bias holds -Inf at index 2; a model's parameters must be finite",
                "explain", "--model", inf.toString(), "--data", tiny.data().toString(), "--out", out);
    }

    @Test
    void flagsTheRunWouldIgnoreAreRefused() throws IOException {
        String m = tiny.model().toString();
        String d = tiny.data().toString();
        String out = dir.resolve("out.npz").toString();
        String[] scores = {"scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--out", out};
        refused("--bounds does not apply with -c weight (it uses no LRP rule)",
                concat(scores, "-c", "weight", "--refs", d, "--bounds", "-1,1"));
        refused("--bounds does not apply with -c lrp (composite epsilon-plus has no z-box rule)",
                concat(scores, "-c", "lrp", "--composite", "epsilon-plus", "--refs", d, "--bounds", "-1,1"));
        refused("-s does not apply with --pick first (the first N of each class in file order; no seed)",
                concat(scores, "-c", "weight", "--data", d, "-n", "2", "--pick", "first", "-s", "3"));
        refused("-s does not apply with --refs (they shape the draw of -n N from --data)",
                concat(scores, "-c", "weight", "--refs", d, "-s", "3"));
        refused("--pick does not apply with --refs (they shape the draw of -n N from --data)",
                concat(scores, "-c", "weight", "--refs", d, "--pick", "first"));
        refused("-s does not apply without -n N (they shape the draw of N samples per class)",
                "explain", "--model", m, "--arch", TinyCnnFiles.ARCH, "--data", d, "-s", "3", "--out", out);
        refused("--bounds does not apply with composite epsilon-plus (it has no z-box rule)",
                "explain", "--model", m, "--arch", TinyCnnFiles.ARCH, "--data", d, "--composite", "epsilon-plus",
                "--bounds", "0,1", "--out", out);
        // with a z-box rule the same --bounds is taken
        CliRun ok = CliRun.run(concat(scores, "-c", "lrp", "--refs", d, "--bounds", "-1,1", "--force"));
        assertThat(ok.code()).as(ok.err()).isZero();
    }
}
