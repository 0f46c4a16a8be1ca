package org.lrppruning.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.model.Shapes;
import org.lrppruning.onnx.OnnxModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The model options of the commands that run a user's model on data ({@code @Mixin ModelArgs model;}):
 * {@code --model} (ONNX, or an npz state dict with {@code --arch}) and {@code --units}. The model must take
 * the data's samples: the same per-sample shape, or the same number of values when one side is flat.
 */
final class ModelArgs {
    @Mixin
    ModelFileArgs file;

    @Option(names = "--units", defaultValue = "conv", paramLabel = "conv|all",
            description = "Prunable units: conv = the conv filters (an MLP: its hidden neurons), all = also the "
                    + "hidden Linear neurons of a CNN; never the output layer (default: ${DEFAULT-VALUE}).")
    String units;

    /** The model with the chosen prunable units; an npz without an {@code in:} item takes the data's sample shape. */
    OnnxModel load(DataSetArgs data) throws IOException {
        PrunableUnits u = units();
        int[] shape = data.sampleShape();
        OnnxModel m = file.load(shape);
        Network net = m.network().withUnits(u);
        checkFits(net, shape, data.shapeSource());
        return new OnnxModel(net, m.layout());
    }

    /**
     * Checks an output file before any work: not the model or a data file of the command, not a link, not an
     * existing file unless {@code force} (OutputPaths.checkOutput).
     */
    void checkOutput(java.nio.file.Path out, boolean force, DataSetArgs data) {
        java.util.List<org.lrppruning.io.OutputPaths.Input> in = new java.util.ArrayList<>(data.inputs());
        in.add(0, file.input());
        org.lrppruning.io.OutputPaths.checkOutput(out, force, in);
    }

    /** Refuses data whose samples the network does not take, naming both shapes. */
    void checkFits(Network net, LabeledData d, String what) {
        checkFits(net, d.sampleShape(), what);
    }

    private void checkFits(Network net, int[] shape, String what) {
        int[] in = net.inputShape();
        boolean fits = Arrays.equals(in, shape)
                || ((in.length == 1 || shape.length == 1) && Shapes.size(in) == Shapes.size(shape));
        if (!fits) {
            throw new IllegalArgumentException(file.fileName() + " takes samples of shape " + Shapes.format(in)
                    + ", but " + what + " has samples of shape " + Shapes.format(shape));
        }
    }

    private PrunableUnits units() {
        return switch (units.toLowerCase(Locale.ROOT)) {
            case "conv" -> PrunableUnits.DEFAULT;
            case "all" -> PrunableUnits.ALL;
            default -> throw new IllegalArgumentException("--units " + units + ": expected conv or all");
        };
    }
}
