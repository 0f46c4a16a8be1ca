package org.lrppruning.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * bench/pruned-resnets.sh: torchvision's resnet18 and resnet50 at 3×224×224, unpruned and pruned by weight (30 and
 * 50 % of the channels, whole groups, each keeping one), timed at batch 8 on our forward pass and in ONNX Runtime
 * (the pruned ONNX files as {@code prune} writes them), unpruned and pruned interleaved so that other load falls on
 * both alike; prints per model and rate the speed-up (from the minimum and the median) next to the MAC ratio.
 * Arguments: the folder with {@code resnet18.onnx} and {@code resnet50.onnx}, then optionally the repetitions.
 */
public final class PrunedResNetSpeedup {
    private static final int BATCH = 8;
    private static final String[] RATES = {"0.3", "0.5"};

    private PrunedResNetSpeedup() {}

    public static void main(String[] args) throws IOException, OrtException {
        Path dir = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.println("machine: " + threads + " CPUs, flags: " + PrunedCnnSpeedup.flags() + ", java "
                + System.getProperty("java.version") + "; batch " + BATCH + ", " + threads + " threads (ours and ONNX"
                + " Runtime's intra-op), " + reps + " repetitions after 1 warm-up");
        System.out.println("load average before: " + PrunedCnnSpeedup.load());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (String name : new String[] {"resnet18", "resnet50"}) {
            OnnxModel m = OnnxReader.read(dir.resolve(name + ".onnx"));
            Network base = m.network();
            float[] x = new float[BATCH * base.inputs()];
            Random r = new Random(3);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            // weight is data-free: the reference samples only satisfy the signature
            LabeledData refs = new LabeledData(Arrays.copyOf(x, base.inputs()), base.inputShape(), new int[] {0});
            int[] order = Criteria.of("weight").score(base, refs, threads).ranking();
            byte[] baseOnnx = Files.readAllBytes(dir.resolve(name + ".onnx"));
            try (OrtSession.SessionOptions o = options(threads); OrtSession sb = env.createSession(baseOnnx, o)) {
                for (String rate : RATES) {
                    int k = (int) Math.floor(Double.parseDouble(rate) * base.unitTotal());
                    PruningPlan plan = PruningPlan.lowestKeeping(order, base.unitCounts(), k, 1);
                    Network pruned = Pruner.prune(base, plan);
                    byte[] prunedOnnx = OnnxWriter.bytes(pruned, m.layout());
                    double macRatio = (double) base.macs() / pruned.macs();
                    double[][] ours = interleaved(reps, () -> base.logits(x, BATCH, threads),
                            () -> pruned.logits(x, BATCH, threads));
                    double[][] ort;
                    try (OrtSession sp = env.createSession(prunedOnnx, o)) {
                        ort = interleaved(reps, () -> run(env, sb, x, base.inputShape()),
                                () -> run(env, sp, x, base.inputShape()));
                    }
                    System.out.printf(Locale.ROOT, "%s pruned %s (%d of %d channels, %,d -> %,d parameters, %,d -> %,d"
                                    + " MACs per image): MAC ratio %.2f%n", name, rate, plan.total(), base.unitTotal(),
                            base.parameterCount(), pruned.parameterCount(), base.macs(), pruned.macs(), macRatio);
                    print("  ours        ", ours);
                    print("  ONNX Runtime", ort);
                }
            }
        }
        System.out.println("load average after: " + PrunedCnnSpeedup.load());
    }

    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setIntraOpNumThreads(threads);
        return o;
    }

    private static float run(OrtEnvironment env, OrtSession s, float[] x, int[] shape) {
        long[] dims = {BATCH, shape[0], shape[1], shape[2]};
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
             OrtSession.Result res = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
            return ((float[][]) res.get(0).getValue())[0][0];
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Milliseconds of {@code a} and {@code b}, alternated, after one warm-up of each; each row sorted. */
    private static double[][] interleaved(int reps, Timed a, Timed b) {
        double[][] t = new double[2][reps];
        for (int i = -1; i < reps; i++) {
            double ta = a.time();
            double tb = b.time();
            if (i >= 0) {
                t[0][i] = ta;
                t[1][i] = tb;
            }
        }
        Arrays.sort(t[0]);
        Arrays.sort(t[1]);
        return t;
    }

    private static void print(String label, double[][] t) {
        int n = t[0].length;
        System.out.printf(Locale.ROOT, "%s: unpruned min %.0f / median %.0f ms, pruned min %.0f / median %.0f ms:"
                        + " speed-up %.2f (min) / %.2f (median)%n", label, t[0][0], t[0][n / 2], t[1][0], t[1][n / 2],
                t[0][0] / t[1][0], t[0][n / 2] / t[1][n / 2]);
    }

    /** A timed call. */
    private interface Timed {
        Object call();

        default double time() {
            long t0 = System.nanoTime();
            Object keep = call();
            long t1 = System.nanoTime();
            if (keep == null) {
                System.out.print(""); // keeps the result alive
            }
            return (t1 - t0) / 1e6;
        }
    }
}
