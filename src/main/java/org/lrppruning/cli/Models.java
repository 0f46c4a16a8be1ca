package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.study.ToyModels;
import org.lrppruning.train.TrainedModels;
import org.lrppruning.train.Trainer;

/** Finds the model a command runs on: the given file, the cached one, or a freshly trained (then cached) one. */
final class Models {
    private Models() {}

    /** {@link ToyModels#find}. */
    static Network find(Dataset d, Architecture arch, Path model, int maxPerClass, int parallel) throws IOException {
        return ToyModels.find(d, arch, model, maxPerClass, parallel);
    }

    /** {@link ToyModels#obtain}, its lines on {@code err} and a bar of the training's epochs. */
    static Network obtain(Dataset d, Architecture arch, Network found, int threads, PrintWriter err) throws IOException {
        return ToyModels.obtain(d, arch, found, threads, console(d, true, err));
    }

    /** What {@link ToyModels#obtain} tells, on {@code err}: its lines and (when {@code progress}) a bar of the epochs. */
    static TrainedModels.Listener console(Dataset d, boolean progress, PrintWriter err) {
        return new DataModels.Console(progress, err, (epochs, batches) -> bar(d));
    }

    /**
     * A user's model file: {@code .onnx} (with how it was written, to write it back alike), or {@code .npz}
     * (PyTorch state-dict names) with the architecture {@code arch}; {@code inputShape} (per sample, from
     * the data; may be null) is needed when the architecture string has no {@code in:} item.
     */
    static OnnxModel load(Path model, String arch, int[] inputShape) throws IOException {
        String name = String.valueOf(model.getFileName()).toLowerCase(java.util.Locale.ROOT);
        org.lrppruning.io.InputFiles.checkRegular(model, "a model file (.onnx, or .npz with --arch)");
        if (name.endsWith(".onnx")) {
            if (arch != null) {
                throw new IllegalArgumentException("--arch is for .npz models; " + model.getFileName()
                        + " is ONNX and names its layers itself");
            }
            OnnxModel m = OnnxReader.read(model);
            ModelIO.checkFinite(m.network(), model.toString());
            return m;
        }
        if (name.endsWith(".npz")) {
            if (arch == null) {
                throw new IllegalArgumentException(model.getFileName() + ": an .npz model needs --arch (a name: "
                        + Architecture.names() + ", or a layer string: " + Architecture.GRAMMAR + ")");
            }
            return new OnnxModel(ModelIO.load(model, Architecture.of(arch), inputShape), OnnxLayout.defaults());
        }
        throw new IllegalArgumentException(model.getFileName() + ": a model is an .onnx file, or an .npz with --arch");
    }

    /** Writes {@code net} as {@code out} says: {@code .onnx} (in the form {@code layout} gives) or {@code .npz}. */
    static void save(Network net, OnnxLayout layout, Path out) throws IOException {
        String name = String.valueOf(out.getFileName()).toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".onnx")) {
            OnnxWriter.write(net, layout, out);
        } else if (name.endsWith(".npz")) {
            ModelIO.save(out, net);
        } else {
            throw new IllegalArgumentException(out.getFileName() + ": write a model as .onnx or .npz");
        }
    }

    /** Trains the model of {@code d} ({@link ToyModels#train}), with a bar of its epochs on stderr when asked. */
    static Trainer.Result train(Dataset d, Architecture arch, int threads, boolean progress) {
        if (!progress) {
            return ToyModels.train(d, arch, threads, null);
        }
        try (TrainingBar bar = bar(d)) {
            Trainer.Result r = ToyModels.train(d, arch, threads, bar);
            bar.finish(r);
            return r;
        }
    }

    /** The bar of a toy model's training epochs, on stderr. */
    static TrainingBar bar(Dataset d) {
        return new TrainingBar("train " + d, Trainer.Settings.defaults(d).maxEpochs(),
                new ConsoleProgressBarConsumer(System.err));
    }
}
