package org.lrppruning.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lrppruning.analysis.CurveBands;
import org.lrppruning.curves.CurveLog;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.CurveSpec;
import org.lrppruning.curves.Curves;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.model.Network;
import org.lrppruning.sweep.Grid;
import org.lrppruning.sweep.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code curves}: the paper's CNN experiment (Yeom et al. 2021, Fig. 6) on a user's model: test accuracy against the
 * pruning rate per criterion, one shot and with fine-tuning ({@link Curves}), logged in {@code DIR/log.txt};
 * resumable and shardable like {@code sweep}.
 */
@Command(name = "curves", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pruning-rate curves: per criterion, reference samples per class and seed, remove the lowest-scoring"
                + " units at each rate (one global ranking) and measure test accuracy; with --finetune also iteratively,"
                + " fine-tuning and re-scoring after every step. -c takes a comma-separated list.",
                "One line per point in DIR/log.txt, a curve appended whole; a re-run resumes, --shard i/N splits the"
                        + " work, 'merge -o DIR SHARD_DIR...' joins shards (docs/curves.md)."})
final class CurvesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs model;

    @Mixin
    DataSetArgs data;

    @Mixin
    CriterionArgs criterion;

    @Option(names = "--rates", split = ",", defaultValue = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9", paramLabel = "R",
            description = "Cumulative pruning rates, strictly ascending in [0, 1); rate R removes floor(R x units)"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> rates;

    @Option(names = {"-n", "--numsamples"}, split = ",", defaultValue = "1,5,20,50", paramLabel = "N",
            description = "Reference samples per class, drawn from --data with each seed (default: ${DEFAULT-VALUE}).")
    List<Integer> perClass;

    @Option(names = "--seeds", defaultValue = "0-4", paramLabel = "SEEDS",
            description = "Seeds: a list or ranges, e.g. 0-4 or 1,3,5 (default: ${DEFAULT-VALUE}).")
    String seeds;

    @Option(names = "--finetune", paramLabel = "BATCHES", arity = "0..1",
            fallbackValue = "" + CurveSpec.FineTune.DEFAULT_STEPS,
            description = "Also the fine-tuned curves: after every step train BATCHES mini-batches of the training set"
                    + " (Adam at a constant rate; BATCHES defaults to ${FALLBACK-VALUE}).")
    Integer finetune;

    @Option(names = "--finetune-n", split = ",", paramLabel = "N",
            description = "Samples per class of the fine-tuned curves (default: those of -n).")
    List<Integer> finetuneN;

    @Option(names = "--finetune-seeds", paramLabel = "SEEDS", description = "Seeds of the fine-tuned curves (default: --seeds).")
    String finetuneSeeds;

    @Option(names = "--finetune-batch", defaultValue = "" + CurveSpec.FineTune.DEFAULT_BATCH, paramLabel = "B",
            description = "Fine-tuning mini-batch size (default: ${DEFAULT-VALUE}).")
    int finetuneBatch;

    @Option(names = "--finetune-lr", defaultValue = "1e-4", paramLabel = "LR",
            description = "Fine-tuning learning rate, constant (default: ${DEFAULT-VALUE}).")
    float finetuneLr;

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "float32|float64",
            description = "Arithmetic of the CNN criteria (default: ${DEFAULT-VALUE}, as the seed authors' code; float64"
                    + " matches the float64 references, about half as fast). Networks without Conv2d layers keep the"
                    + " toy's definitions.")
    String precision;

    @Option(names = "--mask", description = "Mask instead of removing (the seed authors' ResNet setting): every conv's"
            + " filters, shortcuts included, ranked on their own and zeroed (weights and bias; BatchNorm kept).")
    boolean mask;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--shard", defaultValue = "0/1", paramLabel = "i/N",
            description = "Compute only shard i of N (0-based) of the curves (default: ${DEFAULT-VALUE}).")
    String shard;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The curves folder: setup.txt and log.txt.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (finetune == null) {
            Flags.refuse(spec, "without --finetune", "--finetune-n", "--finetune-seeds", "--finetune-batch", "--finetune-lr");
        }
        List<String> names = criterion.names();
        List<String> rateList = CurveSpec.canonicalRates(rates);
        List<Long> seedList = Grid.parseSeeds(seeds);
        Shard sh = Shard.parse(shard);
        int t = RunCommand.threads(threads);
        OutputPaths.checkFolder(out);
        String testSpec = testSpec();
        if (!data.hasData()) {
            throw new IllegalArgumentException("give --data DATA (" + DataSources.FORMS + "): reference samples and"
                    + " fine-tuning batches come from it");
        }
        Network net = model.load(data).network();
        criterion.checkBounds(names.stream().map(n -> org.lrppruning.criteria.Criteria.of(n,
                new org.lrppruning.criteria.Criteria.Options(criterion.composite, criterion.box(data)))).toList(),
                org.lrppruning.criteria.Definitions.of(net));
        int classes = net.classes();
        LabeledData train = data.data(classes);
        LabeledData test = DataSources.load(testSpec, data.optionsFor(testSpec));
        DataSources.checkLabels(test, classes, testSpec);
        model.checkFits(net, test, "--test " + testSpec);
        CurveSpec.FineTune ft = finetune == null ? null : new CurveSpec.FineTune(finetune, finetuneBatch, finetuneLr,
                finetuneN != null ? finetuneN : perClass, finetuneSeeds != null ? Grid.parseSeeds(finetuneSeeds) : seedList);
        CurveSpec s = new CurveSpec(net, train, data.data, test, testSpec, names, criterion.composite,
                criterion.box(data), rateList, perClass, seedList, ft, ScoresCommand.precision(precision), mask);

        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        o.println(data.normalisationLine(testSpec));
        o.flush();
        long start = System.nanoTime();
        Curves.Summary sum;
        try (LazyBar pb = new LazyBar()) {
            sum = Curves.run(s, out, sh, t, new Curves.Progress() {
                @Override
                public void start(int curves, int skipped, long points) {
                    if (skipped > 0) {
                        err.println("Resuming " + out + ": " + skipped + " curves already logged.");
                        err.flush();
                    }
                    pb.start(!noProgress, "curve points", points);
                }

                @Override
                public void point(CurvePoint p) {
                    pb.step();
                }
            });
        }
        double secs = (System.nanoTime() - start) / 1e9;
        if (sum.repairedTail() != null) {
            err.println("Repaired " + sum.log() + ": removed a torn last line '" + sum.repairedTail() + "'");
        }
        o.printf(Locale.ROOT, "%d curves in %.1f s, %d already in %s%s%n", sum.ran(), secs, sum.skipped(), sum.log(),
                sum.loggedByOthers() > 0 ? ", " + sum.loggedByOthers() + " logged meanwhile by another writer" : "");
        o.print(table(CurveLog.read(out), names.stream().map(s::label).toList(), rateList));
        o.flush();
        return 0;
    }

    /** --test, else the test split of fashion-mnist data. */
    private String testSpec() {
        if (data.hasTest()) {
            return data.test;
        }
        if (data.hasData() && DataSources.isFashionMnist(data.data) && !data.data.strip().endsWith(":test")) {
            return "fashion-mnist:test";
        }
        throw new IllegalArgumentException("give --test DATA: the held-out set the curves are measured on (the default,"
                + " fashion-mnist:test, applies to --data fashion-mnist)");
    }

    /**
     * Per mode the mean test accuracy (%) over the logged samples per class and seeds: a row per rate, a column per
     * criterion; points of other grids in the log are left out.
     */
    static String table(List<CurvePoint> points, List<String> labels, List<String> rates) {
        StringBuilder b = new StringBuilder();
        for (CurvePoint.Mode mode : CurvePoint.Mode.values()) {
            Map<String, Double> means = new LinkedHashMap<>(); // label|rate -> mean accuracy over n and seeds
            for (CurveBands.Band band : CurveBands.of(points, true)) {
                if (band.mode() == mode && labels.contains(band.criterion()) && rates.contains(band.rate())) {
                    means.put(band.criterion() + "|" + band.rate(), band.mean());
                }
            }
            if (means.isEmpty()) {
                continue;
            }
            LinkedHashSet<Long> curves = new LinkedHashSet<>();
            points.stream().filter(p -> p.mode() == mode).forEach(p -> curves.add((long) p.samplesPerClass() << 32 | p.seed()));
            b.append(mode == CurvePoint.Mode.ONESHOT ? "One shot" : "Fine-tuned")
                    .append(": mean test accuracy (%) over ").append(curves.size()).append(" (n, seed) pairs\n");
            List<String[]> rows = new ArrayList<>();
            List<String> head = new ArrayList<>(List.of("rate", "removed"));
            head.addAll(labels);
            rows.add(head.toArray(new String[0]));
            for (String r : rates) {
                List<String> row = new ArrayList<>();
                row.add(r);
                row.add(points.stream().filter(p -> p.rate().equals(r)).findFirst().map(p -> p.removed() + "/" + p.units())
                        .orElse(""));
                for (String l : labels) {
                    Double m = means.get(l + "|" + r);
                    row.add(m == null ? "" : String.format(Locale.ROOT, "%.2f", 100 * m));
                }
                rows.add(row.toArray(new String[0]));
            }
            b.append(InfoCommand.table(rows, 1));
        }
        return b.toString();
    }
}
