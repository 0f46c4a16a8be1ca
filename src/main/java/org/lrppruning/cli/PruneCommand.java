package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prune}: scores a model's prunable units, removes the K lowest-ranked physically (a filter with its
 * BatchNorm entries and the next layer's inputs; {@link Pruner}), reports accuracy, parameters and MACs before
 * and after, and writes the smaller model as {@code .onnx} or {@code .npz}. K = floor(R × units) for
 * {@code --rate R} (exactly, in decimal), or {@code --count K}; per layer floor(R × the layer's units) with
 * {@code --scope per-layer}. A plan that would remove every unit of a layer is refused.
 */
@Command(name = "prune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prune a model: remove its lowest-scoring units (conv filters; --units all adds hidden Linear"
                + " neurons) and write the smaller model.",
                "Prints accuracy on --data and --test, parameters and MACs before and after, and the units removed per layer."})
final class PruneCommand implements Callable<Integer> {
    /** From this many samples on, evaluations show a progress bar. */
    private static final int PROGRESS_FROM = 2048;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs model;

    @Mixin
    DataArgs data;

    @Mixin
    CriterionArgs criterion;

    @Option(names = "--rate", paramLabel = "R", description = "Remove floor(R x units) units, 0 <= R < 1.")
    String rate;

    @Option(names = "--count", paramLabel = "K", description = "Instead of --rate: remove K units.")
    Integer count;

    @Option(names = "--scope", defaultValue = "global", paramLabel = "global|per-layer",
            description = "global: the lowest of one ranking over all layers (default); per-layer: the same rate in every layer.")
    String scope;

    @Option(names = "--precision", defaultValue = "float64", paramLabel = "float32|float64",
            description = "Arithmetic of the CNN criteria (default: ${DEFAULT-VALUE}, matching the float64 references;"
                    + " float32 as the seed authors' code, about twice as fast). Networks without Conv2d layers keep"
                    + " the toy's definitions.")
    String precision;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--out", required = true, paramLabel = "FILE.onnx|FILE.npz",
            description = "Where the pruned model goes: ONNX, or an npz state dict (the printed --arch loads it).")
    Path out;

    @Option(names = "--force", description = "Replace the output file when it exists (never an input of the command,"
            + " a symbolic link or a read-only file).")
    boolean force;


    @Override
    public Integer call() throws IOException {
        String kind = String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT);
        if (!kind.endsWith(".onnx") && !kind.endsWith(".npz")) {
            throw new IllegalArgumentException("--out must be an .onnx or .npz file: " + out);
        }
        model.checkOutput(out, force, data); // before any work
        boolean perLayer = switch (scope.toLowerCase(Locale.ROOT)) {
            case "global" -> false;
            case "per-layer" -> true;
            default -> throw new IllegalArgumentException("--scope must be global or per-layer, was '" + scope + "'");
        };
        BigDecimal r = rate();
        if (perLayer && r == null) {
            throw new IllegalArgumentException("--scope per-layer takes --rate R (the same rate in every layer)");
        }
        int t = RunCommand.threads(threads);
        ScoresCommand.Scored s = ScoresCommand.score(model, data, criterion, ScoresCommand.precision(precision), t);
        Network net = s.model().network();
        int classes = net.classes();
        LabeledData d = data.hasData() ? data.data(classes) : null;
        LabeledData test = data.test(classes);
        if (d != null) {
            model.checkFits(net, d, "--data " + data.data);
        }
        if (test != null) {
            model.checkFits(net, test, "--test " + data.test);
        }

        int[] sizes = net.unitCounts();
        int total = net.unitTotal();
        int[] order = s.scores().ranking();
        PruningPlan plan;
        if (perLayer) {
            int[] counts = new int[sizes.length];
            for (int h = 0; h < sizes.length; h++) {
                counts[h] = floor(r, sizes[h]);
            }
            plan = PruningPlan.lowestPerLayer(order, sizes, counts);
        } else {
            int k = r != null ? floor(r, total) : count;
            if (k < 0 || k >= total) {
                throw new IllegalArgumentException("--count " + k + ": the model has " + total
                        + " prunable units; remove 0 to " + (total - 1));
            }
            plan = PruningPlan.lowest(order, sizes, k);
        }
        int emptied = plan.emptiedLayer(sizes);
        if (emptied >= 0) {
            throw new IllegalArgumentException("pruning " + plan.total() + " of " + total + " units would remove all "
                    + sizes[emptied] + " units of " + net.prunable(emptied).name()
                    + (perLayer ? "; lower --rate" : "; lower --rate/--count or use --scope per-layer"));
        }
        Network pruned = Pruner.prune(net, plan);

        PrintWriter o = spec.commandLine().getOut();
        o.println(data.normalisationLine());
        o.print(ScoresCommand.summary(s));
        o.printf(Locale.ROOT, "Removing %d of %d units (%s, %s)%n", plan.total(), total,
                r != null ? "rate " + r.toPlainString() : "count " + count, perLayer ? "per layer" : "global ranking");
        o.print(unitTable(net, plan));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "before", "after"});
        rows.add(new String[] {"parameters", count(net.parameterCount()), count(pruned.parameterCount())});
        rows.add(new String[] {"MACs per sample", count(net.macs()), count(pruned.macs())});
        o.flush();
        if (d != null) {
            rows.add(accuracyRow("accuracy --data", net, pruned, d, t));
        }
        if (test != null) {
            rows.add(accuracyRow("accuracy --test", net, pruned, test, t));
        }
        int label = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        rows.forEach(row -> row[0] = row[0] + " ".repeat(label - row[0].length())); // labels left-aligned
        o.print(InfoCommand.table(rows, 1));
        Models.save(pruned, s.model().layout(), out);
        o.println("Wrote " + out + (kind.endsWith(".npz") ? " (load it with --arch '" + arch(pruned) + "')" : ""));
        o.flush();
        return 0;
    }

    /** --rate as an exact decimal in [0, 1), or null when --count is given instead. */
    private BigDecimal rate() {
        if ((rate == null) == (count == null)) {
            throw new IllegalArgumentException(rate == null ? "give --rate R or --count K" : "give --rate R or --count K, not both");
        }
        if (rate == null) {
            return null;
        }
        BigDecimal r;
        try {
            r = new BigDecimal(rate.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate '" + rate + "' is not a number");
        }
        if (r.signum() < 0 || r.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("--rate " + rate + " is outside [0, 1)");
        }
        return r;
    }

    /** floor(r × units), exactly. */
    static int floor(BigDecimal r, int units) {
        return r.multiply(BigDecimal.valueOf(units)).setScale(0, RoundingMode.FLOOR).intValueExact();
    }

    /** Per prunable layer: units, removed, kept. */
    private static String unitTable(Network net, PruningPlan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "layer", "units", "removed", "kept"});
        int[] removed = plan.counts();
        int[] sizes = net.unitCounts();
        for (int h = 0; h < sizes.length; h++) {
            rows.add(new String[] {String.valueOf(h), net.prunable(h).name(), String.valueOf(sizes[h]),
                String.valueOf(removed[h]), String.valueOf(sizes[h] - removed[h])});
        }
        rows.add(new String[] {"", "total", String.valueOf(net.unitTotal()), String.valueOf(plan.total()),
            String.valueOf(net.unitTotal() - plan.total())});
        return InfoCommand.table(rows, 2);
    }

    private String[] accuracyRow(String label, Network before, Network after, LabeledData d, int t) {
        int a = correct(before, d, t, label + " before");
        int b = correct(after, d, t, label + " after");
        return new String[] {label + " (" + count(d.size()) + ")", percent(a, d.size()), percent(b, d.size())};
    }

    private int correct(Network net, LabeledData d, int t, String task) {
        if (noProgress || d.size() < PROGRESS_FROM) {
            return Accuracy.correct(net, d, t, null);
        }
        try (ProgressBar pb = LazyBar.of(task, d.size())) {
            int c = Accuracy.correct(net, d, t, pb::stepTo);
            pb.stepTo(d.size());
            return c;
        }
    }

    /** The pruned network's architecture string, or a note when none describes it. */
    private static String arch(Network net) {
        try {
            return org.lrppruning.model.Architecture.describe(net);
        } catch (IllegalArgumentException e) {
            return "no architecture string: " + e.getMessage();
        }
    }

    private static String percent(int correct, int n) {
        return String.format(Locale.ROOT, "%.2f %% (%,d)", 100.0 * correct / n, correct);
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
