package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lrppruning.criteria.Criterion;
import org.lrppruning.criteria.Definitions;
import org.lrppruning.lrp.Explainer.Precision;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.criteria.UnitSets;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.onnx.OnnxModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scores}: a criterion's scores of a model's prunable units on reference samples, written as one
 * {@code .npz}: per prunable layer {@code LAYER} (normalised per layer, float64) and {@code LAYER.raw}, and
 * {@code ranking} (units × 2 int64: prunable layer counted bottom-up from 0, unit), lowest first — the global
 * order {@code prune} follows, ties to the lower layer, then the lower unit.
 */
@Command(name = "scores", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a model's prunable units (conv filters; --units all adds hidden Linear neurons) by a "
                + "criterion on reference samples.",
                "Writes an .npz with LAYER (normalised per layer) and LAYER.raw for every prunable layer, and 'ranking'"
                        + " (units x 2: layer index from 0, unit), lowest score first."})
final class ScoresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs model;

    @Mixin
    DataArgs data;

    @Mixin
    CriterionArgs criterion;

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "float32|float64",
            description = "Arithmetic of the CNN criteria (default: ${DEFAULT-VALUE}, as the seed authors' code; float64"
                    + " matches the float64 references, about half as fast). Networks without Conv2d layers keep the"
                    + " toy's definitions.")
    String precision;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "Where the scores go.")
    Path out;

    @Option(names = "--force", description = "Replace the output file when it exists (never an input of the command,"
            + " a symbolic link or a read-only file).")
    boolean force;


    /** A model, its reference samples and a criterion's scores of its units. */
    record Scored(OnnxModel model, LabeledData refs, Criterion criterion, Definitions definitions, UnitScores scores) {
    }

    @Override
    public Integer call() throws IOException {
        if (!String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT).endsWith(".npz")) {
            throw new IllegalArgumentException("--out must be an .npz file: " + out);
        }
        model.checkOutput(out, force, data); // before any work
        Scored s = score(model, data, criterion, precision(precision), RunCommand.threads(threads));
        Npz.write(out, arrays(s.scores()));
        PrintWriter o = spec.commandLine().getOut();
        o.println(data.normalisationLine());
        o.print(summary(s));
        o.println("Wrote " + out);
        o.flush();
        return 0;
    }

    /** The steps {@code scores} and {@code prune} share: model, reference samples, criterion, scores. */
    static Scored score(ModelArgs model, DataArgs data, CriterionArgs criterion, Precision precision, int threads)
            throws IOException {
        return score(model, data, criterion, precision, threads, false);
    }

    /** As above; {@code everyConv}: every convolution's filters scored on their own ({@link UnitSets#filters}). */
    static Scored score(ModelArgs model, DataArgs data, CriterionArgs criterion, Precision precision, int threads,
                        boolean everyConv)
            throws IOException {
        Criterion c = criterion.criterion(data); // a bad name or composite fails before any file is read
        OnnxModel m = model.load(data);
        if (m.network().prunableCount() == 0) {
            throw new IllegalArgumentException(model.file.fileName() + " has no prunable units (hidden Linear or"
                    + " Conv2d layers)");
        }
        Definitions defs = Definitions.of(m.network(), precision);
        criterion.checkBounds(java.util.List.of(c), defs);
        LabeledData refs = data.refs(m.network().classes());
        UnitSets sets = everyConv ? UnitSets.filters(m.network()) : UnitSets.of(m.network());
        return new Scored(m, refs, c, defs, c.score(m.network(), sets, refs, defs, threads));
    }

    /** The value of a {@code --precision} option. */
    static Precision precision(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "float32", "f32" -> Precision.FLOAT32;
            case "float64", "f64" -> Precision.FLOAT64;
            default -> throw new IllegalArgumentException("--precision must be float32 or float64, was '" + text + "'");
        };
    }

    /** The output arrays: LAYER, LAYER.raw per prunable layer, then ranking. */
    static Map<String, NpyArray> arrays(UnitScores s) {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        for (int h = 0; h < s.layers().length; h++) {
            String name = s.layers()[h];
            if (a.containsKey(name) || a.containsKey(name + ".raw") || name.equals("ranking")) {
                throw new IllegalArgumentException("layer name '" + name + "' clashes with an output key");
            }
            a.put(name, NpyArray.ofDoubles(s.normalised()[h], s.normalised()[h].length));
            a.put(name + ".raw", NpyArray.ofDoubles(s.raw()[h], s.raw()[h].length));
        }
        int[][] ranked = s.rankedUnits(s.ranking().length);
        long[] pairs = new long[2 * ranked.length];
        for (int i = 0; i < ranked.length; i++) {
            pairs[2 * i] = ranked[i][0];
            pairs[2 * i + 1] = ranked[i][1];
        }
        a.put("ranking", NpyArray.ofLongs(pairs, ranked.length, 2));
        return a;
    }

    /** What was scored, per layer the units and the range of the normalised scores, and the lowest units. */
    static String summary(Scored s) {
        UnitScores u = s.scores();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s on %d reference samples, %s%n",
                s.criterion().describe(s.definitions()), s.refs().size(), s.definitions().words()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "layer", "units", "lowest", "highest"});
        for (int h = 0; h < u.layers().length; h++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : u.normalised()[h]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            rows.add(new String[] {String.valueOf(h), u.layers()[h], String.valueOf(u.normalised()[h].length),
                String.format(Locale.ROOT, "%.4g", lo), String.format(Locale.ROOT, "%.4g", hi)});
        }
        b.append(InfoCommand.table(rows, 2));
        return b.toString();
    }
}
