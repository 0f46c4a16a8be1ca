package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.model.ModelIO;
import org.lrppruning.onnx.OnnxReader;

/** {@code info --model M}: the layer table a user reads, and one-line errors for files it cannot read. */
class InfoCommandTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) {
        try {
            return Paths.get(InfoCommandTest.class.getResource("/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> cells(String line) {
        return Arrays.asList(line.trim().split(" {2,}"));
    }

    @Test
    void printsEveryLayerWithShapeParametersAndMacsAndTheTotals() {
        CliRun r = CliRun.run("info", "--model", fixture("cnn_opset13.onnx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("cnn_opset13.onnx: ONNX opset 13, input 'input' [N, 2, 8, 8], output 'logits' [N, 3]");
        assertThat(cells(lines.get(1))).containsExactly("#", "layer", "kind", "settings", "output", "parameters", "MACs");
        // conv: out × positions × in·k·k MACs, out·in·k·k + out parameters; linear: in·out and in·out + out
        assertThat(cells(lines.get(2))).containsExactly("0", "features.0", "Conv2d", "2 -> 4, 3x3, stride 1, padding 1",
                "[N, 4, 8, 8]", "76", "4,608");
        assertThat(cells(lines.get(3))).containsExactly("1", "features.1", "BatchNorm", "4, eps 1.00e-05",
                "[N, 4, 8, 8]", "16", "0");
        assertThat(cells(lines.get(5))).containsExactly("3", "features.3", "MaxPool2d", "2x2, stride 2, padding 0",
                "[N, 4, 4, 4]", "0", "0");
        assertThat(cells(lines.get(6))).containsExactly("4", "features.4", "Conv2d", "4 -> 6, 3x3, stride 1, padding 1",
                "[N, 6, 4, 4]", "222", "3,456");
        assertThat(cells(lines.get(10))).containsExactly("8", "classifier.0", "Flatten", "[N, 24]", "0", "0");
        assertThat(cells(lines.get(11))).containsExactly("9", "classifier.1", "Linear", "24 -> 8", "[N, 8]", "200", "192");
        assertThat(cells(lines.get(13))).containsExactly("11", "classifier.4", "Linear", "8 -> 3", "[N, 3]", "27", "24");
        assertThat(cells(lines.get(14))).containsExactly("total", "565", "8,280");
        assertThat(lines.get(15)).isEqualTo("prunable units: features.0 (4), features.4 (6), 10 in all");
        assertThat(lines).hasSize(16);
        // numbers right-aligned: every row's last two columns end where the header's do
        for (String line : lines.subList(2, 15)) {
            assertThat(line).hasSize(lines.get(1).length());
        }
    }

    @Test
    void showsConstantScalesAndAConvOutputLayer() {
        CliRun r = CliRun.run("info", "--model", fixture("mul_const_opset13.onnx").toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(cells(lines.get(3))).containsExactly("1", "Mul", "Scale", "x 0.5", "[N, 4, 6, 6]", "0", "0");
        assertThat(cells(lines.get(5))).containsExactly("3", "Mul_1", "Scale", "x constant per channel (4)",
                "[N, 4, 6, 6]", "0", "0");
        assertThat(cells(lines.get(13))).containsExactly("11", "Mul_4", "Scale", "x 1.5", "[N, 3]", "0", "0");
        CliRun fire = CliRun.run("info", "--model", fixture("fire_opset13.onnx").toString());
        assertThat(fire.code()).as(fire.err()).isZero();
        assertThat(fire.out()).contains("prunable units: features.0 (8), features.3.squeeze (4)")
                .contains("      8 channels: features.6.expand1x1 out, classifier.1 in");
        assertThat(fire.out().lines().filter(l -> l.contains("classifier.1 out"))).isEmpty();
    }

    @Test
    void readsAnNpzWithAnArchitectureStringAlike() throws IOException {
        Path npz = dir.resolve("cnn.npz");
        ModelIO.save(npz, OnnxReader.read(fixture("cnn_opset13.onnx")).network());
        CliRun r = CliRun.run("info", "--model", npz.toString(), "--arch",
                "in:2x8x8,conv3:4,bn,relu,maxpool2,conv3:6,bn,relu,avgpool2,flatten,linear:8,relu,dropout,linear:3");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("cnn.npz: state dict, architecture in:2x8x8,").endsWith(", input [N, 2, 8, 8]");
        assertThat(r.out()).contains("classifier.3  Dropout");
        assertThat(cells(lines.get(lines.size() - 2))).containsExactly("total", "565", "8,280");
    }

    @Test
    void refusesUnreadableModelsInOneLineWithExitCode2() throws IOException {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model\n");
        Path cut = dir.resolve("cut.onnx");
        byte[] full = Files.readAllBytes(fixture("cnn_opset13.onnx"));
        Files.write(cut, Arrays.copyOf(full, full.length / 2));
        Path npz = dir.resolve("w.npz");
        ModelIO.save(npz, OnnxReader.read(fixture("mlp_gemm_opset13.onnx")).network());
        String[][] cases = {
            {fixture("bad_lstm.onnx").toString(), "lrp-pruning: bad_lstm.onnx: node '/lstm/"},
            {fixture("bad_dilation.onnx").toString(), "lrp-pruning: bad_dilation.onnx: node '/0/Conv' (op Conv): dilations"},
            {text.toString(), "lrp-pruning: notes.onnx: not an ONNX model"},
            {cut.toString(), "lrp-pruning: cut.onnx: truncated"},
            {dir.resolve("missing.onnx").toString(), "lrp-pruning: " + dir.resolve("missing.onnx") + ": no such file"},
            {npz.toString(), "lrp-pruning: w.npz: an .npz model needs --arch"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.run("info", "--model", c[0]);
            assertThat(r.code()).as(c[0]).isEqualTo(2);
            assertThat(r.out()).as(c[0]).isEmpty();
            assertThat(r.err()).as(c[0]).startsWith(c[1]).hasLineCount(1);
        }
    }
}
