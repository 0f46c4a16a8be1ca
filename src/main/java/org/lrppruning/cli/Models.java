package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.io.PyFloat;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.train.Trainer;

/** Finds the model a command runs on: the given file, the cached one, or a freshly trained (then cached) one. */
final class Models {
    private Models() {}

    /**
     * The model of a data set as far as it exists without training: the given file, else the
     * cached one, else null (then {@link #obtain} trains it). Checks, before any work, that runs of
     * up to {@code maxPerClass} samples per class, {@code parallel} at once, fit the heap on the
     * model's shape (the architecture's when it is yet to be trained), and that the cache can take
     * a model yet to be trained.
     */
    static Network find(Dataset d, Architecture arch, Path model, int maxPerClass, int parallel) throws IOException {
        ModelStore store = ModelStore.defaultStore();
        Network net;
        if (model != null) {
            net = ModelIO.load(model, arch);
        } else {
            try {
                net = store.find(d, arch);
            } catch (IOException e) {
                throw new IOException(brokenCache(d, arch, store.file(d, arch), e.getMessage()), e);
            }
        }
        RunConfig.checkFits(d, maxPerClass, net != null ? net.valuesPerRow() : arch.valuesPerRow(d.classes()), parallel);
        if (net == null) {
            OutputPaths.checkFolder(store.dir()); // before the training, not after it
        }
        return net;
    }

    /** The model {@link #find} found, or (when it found none) one trained now and cached. */
    static Network obtain(Dataset d, Architecture arch, Network found, int threads, PrintWriter err) throws IOException {
        if (found != null) {
            return found;
        }
        ModelStore store = ModelStore.defaultStore();
        err.println("No trained " + d + " model (" + arch + ") in " + store.dir() + ": training it once.");
        Trainer.Result r = train(d, arch, threads, true);
        Path f = store.save(d, arch, r.network());
        err.println("Trained " + d + " in " + r.epochs() + " epochs to " + PyFloat.format(r.trainAccuracy(), 2)
                + " % train accuracy; saved to " + f);
        return r.network();
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

    /** The one-line error of an unreadable cached model: its full path, the reason and the two remedies. */
    static String brokenCache(Dataset d, Architecture arch, Path file, String reason) {
        String firstLine = reason == null ? "unreadable" : reason.lines().findFirst().orElse(reason);
        return "the cached " + d + " model " + file.toAbsolutePath() + " is broken (" + firstLine
                + "): train it again with '" + GenerateScripts.LAUNCHER + " train -d " + d
                + (arch == Architecture.PAPER ? "" : " --arch " + arch) + "' or delete the file";
    }

    static Trainer.Result train(Dataset d, Architecture arch, int threads, boolean progress) {
        Trainer.Settings s = Trainer.Settings.defaults(d);
        if (!progress) {
            return Trainer.train(arch, d, ToyData.training(d), s, threads, null);
        }
        try (TrainingBar bar = new TrainingBar("train " + d, s.maxEpochs(), new ConsoleProgressBarConsumer(System.err))) {
            Trainer.Result r = Trainer.train(arch, d, ToyData.training(d), s, threads, bar);
            bar.finish(r);
            return r;
        }
    }
}
