package org.lrppruning.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.onnx.OnnxReader;

/** The entry point of the Java API: loads a model (ONNX, or an npz state dict with its architecture). */
public final class LrpPruning {
    private LrpPruning() {}

    /**
     * Loads an ONNX model as {@code torch.onnx.export} writes it (a sequential graph; docs/models.md says which ops).
     *
     * @param onnx an {@code .onnx} file
     * @return the model, which {@link Model#save} writes back in the same spelling
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not ONNX, or holds an op or a graph shape that is not supported
     */
    public static Model load(Path onnx) throws IOException {
        if (!lowerName(onnx).endsWith(".onnx")) {
            throw new IllegalArgumentException(onnx.getFileName() + ": load(file) takes an .onnx model; an .npz state"
                    + " dict needs load(file, arch)");
        }
        return new Model(OnnxReader.read(onnx), Model.ALL_CORES);
    }

    /**
     * Loads a PyTorch state dict saved as {@code .npz} ({@code np.savez(f, **state_dict)}), built as {@code arch}.
     *
     * @param npz the {@code .npz} file
     * @param arch a registered architecture ({@code paper}, {@code vgg-small}, ...) or a layer string such as
     *     {@code in:1x28x28,conv3:16,bn,relu,maxpool2,flatten,linear:10} (docs/models.md)
     * @return the model; saved as ONNX it gets torch's conventions (opset 13)
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException for an unknown architecture, or a key or shape the file lacks
     */
    public static Model load(Path npz, String arch) throws IOException {
        if (!lowerName(npz).endsWith(".npz")) {
            throw new IllegalArgumentException(npz.getFileName() + ": load(file, arch) takes an .npz state dict; an"
                    + " .onnx model names its layers itself: load(file)");
        }
        return new Model(new OnnxModel(ModelIO.load(npz, Architecture.of(arch), null), OnnxLayout.defaults()),
                Model.ALL_CORES);
    }

    /** The criteria {@link Model#scores} takes: {@code weight}, {@code grad}, {@code taylor}, {@code lrp} and variants. */
    public static List<String> criteria() {
        return Criteria.all();
    }

    /** The LRP composites {@link Model#explain} and the {@code lrp} criterion take. */
    public static List<String> composites() {
        return Composites.ids();
    }

    private static String lowerName(Path p) {
        return String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT);
    }
}
