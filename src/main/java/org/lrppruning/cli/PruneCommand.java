package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import org.lrppruning.criteria.UnitSets;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Masker;
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
 * {@code --scope per-layer}. A plan that would remove every unit of a chain's layer is refused; in a graph the units
 * are channel groups, each keeping a channel ({@link PruningPlan#lowestKeeping}: {@code --rate R} removes between
 * floor(R·U) − G and floor(R·U) of U channels in G groups). {@code --mask} zeroes filters instead ({@link Masker}).
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

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "float32|float64",
            description = "Arithmetic of the CNN criteria (default: ${DEFAULT-VALUE}, as the seed authors' code; float64"
                    + " matches the float64 references, about half as fast). Networks without Conv2d layers keep the"
                    + " toy's definitions.")
    String precision;

    @Option(names = "--mask", description = "Mask instead of removing (the seed authors' ResNet setting): every conv's"
            + " filters, shortcuts included, are scored on their own and the lowest are zeroed (weights and bias; the"
            + " BatchNorm after it stays as it is). Nothing is removed: shapes, parameters and MACs stay.")
    boolean mask;

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
        ScoresCommand.Scored s = ScoresCommand.score(model, data, criterion, ScoresCommand.precision(precision), t,
                mask);
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

        // the sets ranked and cut: a chain's layers, a graph's channel groups, or with --mask every conv on its own
        UnitSets sets = mask ? UnitSets.filters(net) : UnitSets.of(net);
        int[] sizes = sets.unitCounts(net);
        int total = Arrays.stream(sizes).sum();
        boolean keepOne = mask || net.prunesGroups(); // a group (or masked conv) keeps a channel; a chain is refused
        int[] order = s.scores().ranking();
        PruningPlan plan;
        String capped = "";
        if (perLayer) {
            int[] counts = new int[sizes.length];
            for (int h = 0; h < sizes.length; h++) {
                counts[h] = Math.min(floor(r, sizes[h]), keepOne ? sizes[h] - 1 : sizes[h]);
            }
            plan = PruningPlan.lowestPerLayer(order, sizes, counts);
        } else {
            int k = r != null ? floor(r, total) : count;
            if (k < 0 || k >= total) {
                throw new IllegalArgumentException("--count " + k + ": the model has " + total
                        + " prunable units; remove 0 to " + (total - 1));
            }
            int most = total - sizes.length;
            if (keepOne && k > most) {
                if (r == null) {
                    throw new IllegalArgumentException("--count " + k + " would remove all channels of a "
                            + (mask ? "conv" : "group") + ": each of the " + sizes.length + " keeps one, remove at most "
                            + most);
                }
                capped = String.format(Locale.ROOT, "; floor(%s x %d) = %d capped so that each of the %d %s keeps one",
                        r.toPlainString(), total, k, sizes.length, mask ? "convs" : "groups");
                k = most;
            }
            plan = keepOne ? PruningPlan.lowestKeeping(order, sizes, k, 1) : PruningPlan.lowest(order, sizes, k);
        }
        int emptied = plan.emptiedLayer(sizes);
        if (emptied >= 0) {
            throw new IllegalArgumentException("pruning " + plan.total() + " of " + total + " units would remove all "
                    + sizes[emptied] + " units of " + net.prunable(emptied).name()
                    + (perLayer ? "; lower --rate" : "; lower --rate/--count or use --scope per-layer"));
        }
        int[] layers = Arrays.stream(sets.outLayers()).mapToInt(o -> o[0]).toArray();
        Network pruned = mask ? Masker.mask(net, layers, plan) : removed(net, plan);

        PrintWriter o = spec.commandLine().getOut();
        o.println(data.normalisationLine());
        o.print(ScoresCommand.summary(s));
        String what = mask ? "filters" : net.prunesGroups() ? "channels" : "units";
        o.printf(Locale.ROOT, "%s %d of %d %s (%s, %s%s)%n", mask ? "Masking" : "Removing", plan.total(), total, what,
                r != null ? "rate " + r.toPlainString() : "count " + count, perLayer ? "per layer" : "global ranking",
                capped);
        o.print(unitTable(sets, sizes, plan, mask ? "conv" : net.prunesGroups() ? "group (first layer)" : "layer",
                mask ? "masked" : "removed"));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "before", "after"});
        rows.add(new String[] {"parameters", count(net.parameterCount()), count(pruned.parameterCount())});
        rows.add(new String[] {"MACs per sample", count(net.macs()), count(pruned.macs())});
        if (mask) {
            rows.add(new String[] {"all-zero filters", count(IntStream.of(Masker.zeroFilters(net, layers)).sum()),
                count(IntStream.of(Masker.zeroFilters(pruned, layers)).sum())});
        }
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

    /** Per unit set (layer, group or masked conv): units, removed, kept. */
    private static String unitTable(UnitSets sets, int[] sizes, PruningPlan plan, String kind, String gone) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", kind, "units", gone, "kept"});
        int[] removed = plan.counts();
        int total = 0;
        for (int h = 0; h < sizes.length; h++) {
            rows.add(new String[] {String.valueOf(h), sets.names()[h], String.valueOf(sizes[h]),
                String.valueOf(removed[h]), String.valueOf(sizes[h] - removed[h])});
            total += sizes[h];
        }
        rows.add(new String[] {"", "total", String.valueOf(total), String.valueOf(plan.total()),
            String.valueOf(total - plan.total())});
        return InfoCommand.table(rows, 2);
    }

    /**
     * The network without the plan's units; a plan that cuts through a node that cannot shrink (which the channel
     * groups never form: such nodes fix their channels) is one line, before anything is written.
     */
    static Network removed(Network net, PruningPlan plan) {
        try {
            return Pruner.prune(net, plan);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            throw new IllegalArgumentException("cannot prune this plan: " + e.getMessage(), e);
        }
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
