package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.testutil.Nets;
import org.lrppruning.testutil.Shared;

class ModelIOTest {
    @TempDir
    Path dir;

    @Test
    void saveThenLoadGivesTheSameNetwork() throws IOException {
        Network net = Nets.paperShaped(4, 9, 8, 7, 4, false);
        Path f = dir.resolve("m.npz");
        ModelIO.save(f, net);
        Network back = ModelIO.load(f, Architecture.PAPER);
        float[] x = Nets.samples(1, 10, 4).x();
        assertThat(back.logits(x, 10)).containsExactly(net.logits(x, 10));
        assertThat(back.unitCounts()).containsExactly(9, 8, 7);
        assertThat(back.layers()).hasSameSizeAs(net.layers());
    }

    @Test
    @Tag("shared")
    void theReferenceModelsLoadWithTheirShapes() throws IOException {
        Network mult = ModelIO.load(Shared.file("reference/models/mult.npz"), Architecture.PAPER);
        assertThat(mult.unitCounts()).containsExactly(1000, 1000, 1000);
        assertThat(mult.classes()).isEqualTo(4);
        assertThat(mult.layers()).hasSize(7);
        assertThat(ModelIO.load(Shared.file("reference/models/moon.npz"), Architecture.PAPER_RELU).layers()).hasSize(8);
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        Path f = dir.resolve("m.npz");
        ModelIO.save(f, Nets.paperShaped(4, 3, 3, 3, 2, false));
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(f));
        arrays.remove("network.linear2.bias");
        Npz.write(f, arrays);
        assertThatThrownBy(() -> ModelIO.load(f, Architecture.PAPER)).isInstanceOf(IOException.class)
                .hasMessageContaining("missing key network.linear2.bias");
    }

    @Test
    void aWrongShapeIsNamed() throws IOException {
        Path f = dir.resolve("m.npz");
        ModelIO.save(f, Nets.paperShaped(4, 3, 3, 3, 2, false));
        Map<String, NpyArray> arrays = new LinkedHashMap<>(Npz.read(f));
        arrays.put("network.linear3.weight", NpyArray.ofFloats(new float[12], 3, 4));
        Npz.write(f, arrays);
        assertThatThrownBy(() -> ModelIO.load(f, Architecture.PAPER))
                .hasMessageContaining("network.linear3.weight has shape (3, 4), expected (N, 3)");
    }

    @Test
    void aFileThatIsNotAnNpzIsRejectedInOneLine() throws IOException {
        Path f = dir.resolve("model.npz");
        Files.writeString(f, "hello");
        assertThatThrownBy(() -> ModelIO.load(f, Architecture.PAPER)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an .npz file").satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> ModelIO.load(dir.resolve("none.npz"), Architecture.PAPER))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(dir.resolve("none.npz") + ": no such file");
    }
}
