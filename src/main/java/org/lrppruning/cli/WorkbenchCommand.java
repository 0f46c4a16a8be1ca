package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.train.Trainer;
import org.lrppruning.web.LocalServer;
import org.lrppruning.workbench.Workbench;
import org.lrppruning.workbench.WorkbenchServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves the pruning workbench for a user's CNN: one page and its JSON API on a local port, until Ctrl-C. */
@Command(name = "workbench", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "Start the pruning workbench: a local page for your own CNN (chain or graph) that shows what each "
                + "criterion would remove at a pruning rate, the accuracy, parameters and MACs it costs, LRP heatmaps "
                + "before and after, accuracy-vs-rate curves, and writes the pruned model as ONNX with the prune "
                + "command that reproduces it. Without --model: vgg-small on Fashion-MNIST (trained once, then cached). "
                + "Ctrl-C stops it.")
final class WorkbenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "The model: an .onnx file, or an .npz state dict with --arch (default: the cached --arch "
                    + "model trained on --data).")
    Path model;

    @Option(names = "--arch", paramLabel = "ARCH", completionCandidates = Choices.Architectures.class,
            description = "For an .npz --model: its architecture; without --model: the cached model of this "
                    + "architecture trained on --data (default: vgg-small).")
    String arch;

    @Mixin
    DataSetArgs data;

    @Mixin
    ServerArgs server;

    @Option(names = "--no-progress", description = "No progress bar while the default model trains.")
    boolean noProgress;

    /** Called once the server listens (tests stop it from here); the command returns once it is stopped. */
    Consumer<ServerArgs.Started> onStart = s -> { };

    /** The cache file as {@code ~/...} when it is under the home folder: the command stays short and portable. */
    static String home(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        return abs.startsWith(home) && !abs.equals(home) ? "~/" + home.relativize(abs) : abs.toString();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int t = server.threads();
        LocalServer.Options options = server.options();
        if (data.data == null) {
            if (model != null) {
                throw new IllegalArgumentException("--model needs --data DATA: the reference samples are drawn from it");
            }
            data.data = "fashion-mnist";
        }
        if (data.test == null) {
            if (!DataSources.isFashionMnist(data.data)) {
                throw new IllegalArgumentException("give --test DATA: the held-out images the page evaluates on");
            }
            data.test = "fashion-mnist:test";
        }
        LabeledData train = DataSources.load(data.data, data.optionsFor(data.data));
        LabeledData test = DataSources.load(data.test, data.optionsFor(data.test));
        Network net;
        OnnxLayout layout;
        List<String> cliModel = new ArrayList<>();
        if (model != null) {
            boolean needsShape = arch != null && Architecture.of(arch).inputShape() == null;
            OnnxModel m = Models.load(model, arch, needsShape ? train.sampleShape() : null);
            net = m.network();
            layout = m.layout();
            cliModel.addAll(List.of("--model", model.toString()));
            if (arch != null) {
                cliModel.addAll(List.of("--arch", arch));
            }
        } else {
            Architecture a = Architecture.of(arch != null ? arch : Architecture.VGG_SMALL.id());
            Trainer.Settings ts = Trainer.Settings.images(TrainCommand.DEFAULT_EPOCHS, Trainer.DEFAULT_SEED);
            var got = DataModels.obtain(data.data, train, a, ts, t, !noProgress, err);
            net = got.network();
            layout = OnnxLayout.defaults();
            cliModel.addAll(List.of("--model", home(got.file()), "--arch", a.id()));
        }
        net = net.withUnits(PrunableUnits.DEFAULT); // prune's default --units conv
        DataSources.checkLabels(train, net.classes(), data.data);
        DataSources.checkLabels(test, net.classes(), data.test);
        List<String> cliData = new ArrayList<>(List.of("--data", data.data, "--test", data.test));
        if (data.normalize != null) {
            cliData.addAll(List.of("--normalize", data.normalize));
        }
        String label = model != null ? String.valueOf(model.getFileName()) : cliModel.get(3) + " on " + data.data;
        Workbench bench = new Workbench(new Workbench.Inputs(net, layout, label, cliModel, train, data.data, test,
                cliData, DataOptions.forData(data.data, data.normalize).normalize(),
                ExplainCommand.box(null, data.normalizeText()), t));
        return server.serve(() -> WorkbenchServer.start(bench, options), () -> { }, "Workbench for " + label, out,
                onStart);
    }
}
