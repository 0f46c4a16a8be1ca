package org.lrppruning.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.lrppruning.model.Architecture;
import org.lrppruning.onnx.OnnxModel;
import picocli.CommandLine.Option;

/**
 * The options naming a user's model file, shared by every command that reads one ({@code @Mixin}):
 * {@code --model} (ONNX, or an npz state dict) and {@code --arch} (the npz's architecture).
 */
final class ModelFileArgs {
    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "The model: an .onnx file (torch.onnx.export), or an .npz state dict with --arch.")
    Path model;

    @Option(names = "--arch", paramLabel = "ARCH",
            description = "For .npz models: a registered name or a layer string (see the README).")
    String arch;

    /** Whether the input shape must come from the data: an npz whose architecture has no {@code in:} item. */
    boolean needsDataShape() {
        return arch != null && Architecture.of(arch).inputShape() == null;
    }

    /** The model; {@code dataShape} is used only where the architecture names no input shape (may be null). */
    OnnxModel load(int[] dataShape) throws IOException {
        return Models.load(model, arch, needsDataShape() ? dataShape : null);
    }

    /** The model file, an input no output of the command may replace. */
    org.lrppruning.io.OutputPaths.Input input() {
        return new org.lrppruning.io.OutputPaths.Input("--model", model);
    }

    /** The file's name, for messages. */
    String fileName() {
        return String.valueOf(model.getFileName());
    }
}
