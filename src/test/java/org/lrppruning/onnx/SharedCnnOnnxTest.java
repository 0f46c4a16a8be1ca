package org.lrppruning.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lrppruning.onnx.OnnxReaderTest.relativeError;

import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lrppruning.io.Npy;
import org.lrppruning.io.Npz;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Layer;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Shared;

/** The two PyTorch CNNs of ../shared/cnn read from ONNX: torch's logits, the npz twin, the pruned round trip. */
@Tag("shared")
class SharedCnnOnnxTest {
    private static Network onnx(String model) throws IOException {
        return OnnxReader.read(Shared.file("cnn/model_" + model + ".onnx")).network();
    }

    @ParameterizedTest
    @CsvSource({"bn", "nobn"})
    void forwardPassGivesTorchsLogitsAndPredictions(String model) throws IOException {
        Network net = onnx(model);
        float[] x = Npy.read(Shared.file("cnn/first256_input.npy")).asFloats();
        float[] torch = Npz.read(Shared.file("cnn/" + model + "_logits_first256.npz")).get("logits_f32").asFloats();
        float[] ours = net.logits(x, 256, 2);
        assertThat(relativeError(ours, torch)).isLessThan(1e-4);
        assertThat(Network.argmax(ours, 256, 10)).containsExactly(Network.argmax(torch, 256, 10));
    }

    @ParameterizedTest
    @CsvSource({"bn, vgg-small", "nobn, vgg-small-nobn"})
    void onnxAndNpzWithTheArchitectureStringGiveIdenticalParameters(String model, String arch) throws IOException {
        Network fromOnnx = onnx(model);
        Network fromNpz = ModelIO.load(Shared.file("cnn/model_" + model + ".npz"), Architecture.of(arch));
        int withParams = 0;
        for (Layer l : fromOnnx.layers()) {
            int i = fromNpz.indexOf(l.name());
            assertThat(i).as(l.name()).isNotNegative();
            Layer twin = fromNpz.layer(i);
            assertThat(twin.getClass()).as(l.name()).isEqualTo(l.getClass());
            assertThat(twin.parameters()).as(l.name()).hasSameSizeAs(l.parameters());
            for (int p = 0; p < l.parameters().size(); p++) {
                assertThat(twin.parameters().get(p).key()).isEqualTo(l.parameters().get(p).key());
                assertThat(twin.parameters().get(p).shape()).containsExactly(l.parameters().get(p).shape());
                OnnxWriterTest.assertBitIdentical(twin.parameters().get(p).data(), l.parameters().get(p).data(),
                        l.name() + "." + l.parameters().get(p).key());
            }
            withParams += l.parameters().isEmpty() ? 0 : 1;
        }
        assertThat(withParams).isEqualTo(model.equals("bn") ? 7 : 5);
        assertThat(fromNpz.parameterCount()).isEqualTo(fromOnnx.parameterCount());
        assertThat(fromNpz.prunablePositions().length).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource({"bn", "nobn"})
    void prunedAndWrittenRunsInOnnxRuntimeAsOurForwardPass(String model) throws Exception {
        OnnxModel m = OnnxReader.read(Shared.file("cnn/model_" + model + ".onnx"));
        PruningPlan plan = OnnxWriterTest.someUnits(m.network(), 11);
        Network pruned = Pruner.prune(m.network(), plan);
        float[] x = Npy.read(Shared.file("cnn/first256_input.npy")).asFloats();
        float[] ours = pruned.logits(x, 256, 2);
        float[] ort = OnnxWriterTest.runtime(OnnxWriter.bytes(pruned, m.layout()), x, new long[] {256, 1, 28, 28});
        assertThat(relativeError(ort, ours)).isLessThan(1e-5);
        assertThat(relativeError(ours, OnnxWriterTest.zeroed(m.network(), plan).logits(x, 256, 2))).isLessThan(1e-5);
    }
}
