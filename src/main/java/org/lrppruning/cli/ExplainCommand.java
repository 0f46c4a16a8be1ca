package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.LabeledData;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.lrp.Composite;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.lrp.Explainer.Precision;
import org.lrppruning.lrp.Explainer.Result;
import org.lrppruning.lrp.Explainer.Start;
import org.lrppruning.lrp.Explainer.Tap;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code explain}: LRP relevances of a model on data, under a composite, written as one {@code .npz}:
 * {@code logits} (N × K), {@code input} (the relevance at the input, N × the data's sample shape) and, for every
 * Linear and Conv2d layer but the output layer, its name with N × units (each unit's relevance summed over
 * its spatial positions).
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain a model's decisions by LRP (as Zennit computes it): the relevance of every input value"
                + " and of every unit of the hidden Linear and Conv2d layers, from the true class's logit.",
                "Writes an .npz with 'logits' (N x K), 'input' (shaped as the data) and one N x units array per hidden"
                        + " Linear/Conv2d layer, named after it (relevance summed over positions)."})
final class ExplainCommand implements Callable<Integer> {
    /** From this many samples on, a progress bar shows. */
    private static final int PROGRESS_FROM = 512;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelFileArgs file;

    @Mixin
    DataArgs dataArgs;

    @Option(names = "--composite", paramLabel = "NAME",
            description = "The LRP rules per layer (default: lrp-pruning for CNNs, paper for MLPs). One of: "
                    + "${COMPLETION-CANDIDATES}; any with -nocanon keeps BatchNorm layers unmerged.",
            completionCandidates = Choices.CompositeNames.class)
    String composite;

    @Option(names = "--start", defaultValue = "logit", paramLabel = "logit|one-hot",
            description = "Relevance at the output: the true class's logit, others 0 (default), or 1 at the true class.")
    String start;

    @Option(names = "--bounds", paramLabel = "LOW,HIGH",
            description = "The input box of the z-box rule (epsilon-gamma-box, lrp-pruning): one pair, or C lows then C"
                    + " highs (default: [0, 1], normalised by --normalize).")
    String bounds;

    @Option(names = "--precision", defaultValue = "float32", paramLabel = "float32|float64",
            description = "Arithmetic and output type (default: ${DEFAULT-VALUE}; float64 as Zennit's references).")
    String precision;

    @Option(names = "--threads", paramLabel = "T", description = "Threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "Where the relevances go.")
    Path out;

    @Option(names = "--force", description = "Replace the output file when it exists (never an input of the command,"
            + " a symbolic link or a read-only file).")
    boolean force;


    @Override
    public Integer call() throws IOException {
        if (!String.valueOf(out.getFileName()).toLowerCase(Locale.ROOT).endsWith(".npz")) {
            throw new IllegalArgumentException("--out must be an .npz file: " + out);
        }
        java.util.List<org.lrppruning.io.OutputPaths.Input> inputs = new java.util.ArrayList<>(dataArgs.inputs());
        inputs.add(0, file.input());
        org.lrppruning.io.OutputPaths.checkOutput(out, force, inputs); // before any work
        Start s = switch (start.toLowerCase(Locale.ROOT)) {
            case "logit" -> Start.LOGIT;
            case "one-hot", "onehot" -> Start.ONE_HOT;
            default -> throw new IllegalArgumentException("--start must be logit or one-hot, was '" + start + "'");
        };
        Precision p = switch (precision.toLowerCase(Locale.ROOT)) {
            case "float32", "f32" -> Precision.FLOAT32;
            case "float64", "f64" -> Precision.FLOAT64;
            default -> throw new IllegalArgumentException("--precision must be float32 or float64, was '" + precision + "'");
        };
        int t = RunCommand.threads(threads);
        Composites.Box box = box(bounds, dataArgs.normalizeText());
        if (composite != null) {
            Composites.of(composite, box); // an unknown name fails before any file is read
        }
        if (dataArgs.hasTest() || dataArgs.refs != null) {
            throw new IllegalArgumentException("explain explains --data (with -n N: N per class of it); --test and --refs"
                    + " do not apply");
        }
        dataArgs.checkDrawFlags();
        String dataSpec = dataArgs.data;
        // loaded before the model (an architecture without in: takes the data's shape); labels checked below
        LabeledData d = dataArgs.data(Integer.MAX_VALUE);
        // the data's shape only where the architecture names none, so a mismatch is reported below in the data's terms
        Network net = file.load(d.sampleShape()).network();
        if (!Arrays.equals(net.inputShape(), d.sampleShape())) {
            throw new IllegalArgumentException(dataSpec + ": samples of shape " + LabeledData.shapeString(d.sampleShape())
                    + " do not fit the model's input " + LabeledData.shapeString(net.inputShape()));
        }
        DataSources.checkLabels(d, net.classes(), dataSpec);
        if (dataArgs.perClass != null) {
            d = dataArgs.refs(net.classes()); // N per class drawn from the (cached) --data
        }
        String name = composite != null ? composite : Composites.defaultFor(net);
        if (bounds != null && !Composites.usesBox(name)) {
            throw new IllegalArgumentException("--bounds does not apply with composite " + name + " (it has no z-box rule)");
        }
        Composite c = Composites.of(name, box);
        PrintWriter err = spec.commandLine().getErr();
        if (Composites.usesBox(name)) {
            warnOutsideBox(d, box, err);
        }
        Explainer explainer = new Explainer(net, c, s, p);
        long t0 = System.nanoTime();
        Result r = explain(explainer, d, t);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Npz.write(out, arrays(r, d, p));
        PrintWriter o = spec.commandLine().getOut();
        o.println(dataArgs.normalisationLine());
        o.printf(Locale.ROOT, "Explained %d samples of %s with %s (start %s, %s%s) in %.1f s%n", r.n(),
                LabeledData.shapeString(d.sampleShape()), c.name(), s == Start.LOGIT ? "logit" : "one-hot",
                p == Precision.FLOAT32 ? "float32" : "float64",
                explainer.explained().layers().size() < net.layers().size() ? ", BatchNorm merged" : "", seconds);
        o.printf(Locale.ROOT, "Relevance kept at the input: %.4f of the start (mean over samples)%n", kept(r, s, d.labels()));
        StringBuilder keys = new StringBuilder("logits, input");
        for (Tap tap : r.taps()) {
            keys.append(", ").append(tap.name()).append(" (").append(tap.units()).append(')');
        }
        o.println("Wrote " + out + ": " + keys);
        o.flush();
        return 0;
    }

    /** The z-box: --bounds, else [0, 1] through --normalize (parsed in float64), else [0, 1]. */
    static Composites.Box box(String bounds, String normalize) {
        if (bounds != null) {
            double[] v = numbers("--bounds", bounds);
            int c = v.length / 2;
            try {
                return new Composites.Box(Arrays.copyOfRange(v, 0, c), Arrays.copyOfRange(v, c, v.length));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--bounds '" + bounds + "': " + e.getMessage());
            }
        }
        if (normalize != null && !normalize.isBlank() && !normalize.strip().equals("none")) {
            double[] v = numbers("--normalize", normalize);
            int c = v.length / 2;
            try {
                return Composites.Box.normalized(Arrays.copyOfRange(v, 0, c), Arrays.copyOfRange(v, c, v.length));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--normalize '" + normalize + "': " + e.getMessage());
            }
        }
        return Composites.Box.UNIT;
    }

    /** An even count of numbers: C firsts then C seconds. */
    private static double[] numbers(String option, String text) {
        String[] parts = text.split(",", -1);
        if (parts.length == 0 || parts.length % 2 != 0) {
            throw new IllegalArgumentException(option + " '" + text + "': expected two numbers, or C then C (an even count)");
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + text + "': '" + parts[i].strip() + "' is not a number");
            }
        }
        return v;
    }

    /** One warning line when input values lie outside the z-box (beyond float32 rounding). */
    private static void warnOutsideBox(LabeledData d, Composites.Box box, PrintWriter err) {
        double[] lo = box.low();
        double[] hi = box.high();
        if (lo.length != 1 && lo.length != d.channels()) {
            throw new IllegalArgumentException("the z-box has " + lo.length + " channels, the data " + d.channels());
        }
        int per = d.sampleSize();
        int block = per / d.channels();
        float[] x = d.x();
        long outside = 0;
        for (int i = 0; i < x.length; i++) {
            int c = lo.length == 1 ? 0 : (i % per) / block;
            double slack = 1e-6 * (hi[c] - lo[c]);
            if (x[i] < lo[c] - slack || x[i] > hi[c] + slack) {
                outside++;
            }
        }
        if (outside > 0) {
            err.println("lrp-pruning: warning: " + outside + " input values lie outside the z-box " + box
                    + "; give --normalize or --bounds");
        }
    }

    private Result explain(Explainer explainer, LabeledData d, int t) {
        int n = d.size();
        if (noProgress || n < PROGRESS_FROM) {
            return explainer.explain(d.x(), d.labels(), n, t, null);
        }
        try (ProgressBar pb = new ProgressBarBuilder().setTaskName("explain").setInitialMax(n)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            IntConsumer progress = pb::stepTo;
            Result r = explainer.explain(d.x(), d.labels(), n, t, progress);
            pb.stepTo(n);
            return r;
        }
    }

    /** Mean over samples of Σ R_input / R_start (R_start: the true logit, or 1). */
    private static double kept(Result r, Start s, int[] labels) {
        int per = r.input().length / Math.max(1, r.n());
        double total = 0;
        int counted = 0;
        for (int i = 0; i < r.n(); i++) {
            double sum = 0;
            for (int j = 0; j < per; j++) {
                sum += r.input()[i * per + j];
            }
            double startValue = s == Start.ONE_HOT ? 1 : r.logits()[i * r.classes() + labels[i]];
            if (startValue != 0) {
                total += sum / startValue;
                counted++;
            }
        }
        return counted == 0 ? Double.NaN : total / counted;
    }

    /** The output arrays in the precision of the computation. */
    static Map<String, NpyArray> arrays(Result r, LabeledData d, Precision p) {
        Map<String, NpyArray> a = new LinkedHashMap<>();
        int[] inputShape = new int[d.sampleShape().length + 1];
        inputShape[0] = r.n();
        System.arraycopy(d.sampleShape(), 0, inputShape, 1, d.sampleShape().length);
        a.put("logits", array(r.logits(), p, r.n(), r.classes()));
        a.put("input", array(r.input(), p, inputShape));
        for (Tap tap : r.taps()) {
            if (a.containsKey(tap.name())) {
                throw new IllegalArgumentException("layer name '" + tap.name() + "' clashes with an output key");
            }
            a.put(tap.name(), array(tap.sum(), p, r.n(), tap.units()));
        }
        return a;
    }

    private static NpyArray array(double[] v, Precision p, int... shape) {
        if (p == Precision.FLOAT64) {
            return NpyArray.ofDoubles(v, shape);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return NpyArray.ofFloats(f, shape);
    }
}
