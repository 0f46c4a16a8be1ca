package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;

/**
 * Bad input exits with code 2 (the README's promise) and one line that says what is wrong with which file: a
 * missing model, ONNX bytes in an .npz, a folder as a model, a missing merge input, a negative label (blamed on
 * the labels file), curves folders of different setups, a mistyped option among missing required ones.
 */
class ExitCodesCliTest {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private TinyCnnFiles tiny;

    @BeforeEach
    void files() throws IOException {
        tiny = TinyCnnFiles.in(dir, 6);
    }

    private static void fails(CliRun r, String line) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("lrp-pruning: " + line + NL);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void modelFilesThatCannotBeReadAreBadInput() throws IOException, URISyntaxException {
        Path missing = dir.resolve("missing.npz");
        fails(CliRun.run("info", "--model", missing.toString(), "--arch", TinyCnnFiles.ARCH), missing + ": no such file");
        fails(CliRun.run("scores", "--model", missing.toString(), "--arch", TinyCnnFiles.ARCH, "--refs",
                tiny.data().toString(), "-c", "weight", "--out", dir.resolve("s.npz").toString()), missing + ": no such file");
        Path onnxBytes = Files.copy(Paths.get(ExitCodesCliTest.class.getResource("/onnx/cnn_opset13.onnx").toURI()),
                dir.resolve("really-onnx.npz"));
        fails(CliRun.run("info", "--model", onnxBytes.toString(), "--arch", TinyCnnFiles.ARCH),
                "not an .npz file: really-onnx.npz");
        Path folder = Files.createDirectories(dir.resolve("models"));
        fails(CliRun.run("info", "--model", folder.toString()),
                folder + ": is a directory, expected a model file (.onnx, or .npz with --arch)");
        assertThat(dir.resolve("s.npz")).doesNotExist();
    }

    @Test
    void aMissingMergeInputIsBadInputAndNothingIsWritten() {
        Path out = dir.resolve("x");
        Path missing = dir.resolve("missing");
        fails(CliRun.run("merge", "-o", out.toString(), missing.toString()),
                missing + ": no such file or folder (give shard logs or curves folders)");
        assertThat(out).doesNotExist();
    }

    @Test
    void aNegativeLabelIsBlamedOnTheLabelsFile() throws IOException {
        Npy.write(dir.resolve("neg-X.npy"), NpyArray.ofFloats(new float[2 * 64], 2, 1, 8, 8));
        Npy.write(dir.resolve("neg-y.npy"), NpyArray.ofLongs(new long[] {0, -3}, 2));
        fails(CliRun.run("dataset", "--from", dir.resolve("neg.npy").toString(), "-o", dir.resolve("o.csv").toString()),
                dir.resolve("neg-y.npy") + ": label -3 of sample 1 is negative");
        fails(CliRun.run("dataset", "--from", dir.resolve("neg-X.npy") + "," + dir.resolve("neg-y.npy"), "-o",
                dir.resolve("o.csv").toString()), dir.resolve("neg-y.npy") + ": label -3 of sample 1 is negative");
        assertThat(dir.resolve("o.csv")).doesNotExist();
    }

    @Test
    void curvesFoldersOfDifferentSetupsAreNamedWithTheirOwnValues() throws IOException {
        String header = "# lrp-pruning curves: a run appends to this folder only with the same setup\n";
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("setup.txt"), header + "model: m\ncriteria: weight,lrp\n");
        Files.writeString(b.resolve("setup.txt"), header + "model: m\ncriteria: grad\n");
        Path out = dir.resolve("all");
        fails(CliRun.run("merge", "-o", out.toString(), a.toString(), b.toString()), b + " has another setup than " + a
                + ": " + b + " has 'criteria: grad', " + a + " 'criteria: weight,lrp'; nothing written");
        Files.createDirectories(out);
        Files.writeString(out.resolve("setup.txt"), header + "model: m\ncriteria: taylor\n");
        fails(CliRun.run("merge", "-o", out.toString(), a.toString()), out.resolve("setup.txt") + " was written for"
                + " another setup (it has 'criteria: taylor', the folders merged 'criteria: weight,lrp'); give another"
                + " folder to keep both");
    }

    @Test
    void anUnknownOptionIsReportedBeforeMissingRequiredOnes() {
        CliRun r = CliRun.run("prune", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("lrp-pruning: Unknown option: '--bogus'" + NL + "Try 'lrp-pruning prune --help'.");
        CliRun typo = CliRun.run("scores", "--modle", "m.onnx", "-c", "lrp", "--out", "s.npz");
        assertThat(typo.err()).startsWith("lrp-pruning: Unknown option: '--modle' (and 1 more unmatched)" + NL);
    }
}
