package org.lrppruning.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;
import org.lrppruning.lrp.Composite;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;

/**
 * Times the scoring pass of bench/vs-pytorch.sh: forward + LRP backward of one batch under the composite
 * {@code lrp-pruning} (first conv z^B on the fixtures' box, other convs bias-free z⁺, Linear ε), relevance from
 * the true-class logit, through {@link Explainer} exactly as {@code explain} (float32) and the {@code lrp}
 * criterion (float64) run it. Median of {@code reps} passes after {@code warm} passes, wall and process CPU time
 * (all threads: on a busy machine the CPU time of a single-threaded pass hardly depends on the other load). Prints
 * one line: {@code java pass=score precision=... batch=... threads=... reps=... ms_median=... ms_min=...
 * cpu_ms_median=...}, and writes the
 * relevances (input heatmaps and per-unit Σ R of the taps) of the batch to {@code out} for the PyTorch side to
 * compare with.
 *
 * <p>Arguments: model.onnx input.npy labels.npy precision(float32|float64) threads reps warm out.npz
 */
public final class ScoreTimer {
    private ScoreTimer() {}

    public static void main(String[] args) throws IOException {
        Network net = OnnxReader.read(Path.of(args[0])).network();
        float[] x = Npy.read(Path.of(args[1])).toFloats();
        int[] labels = Arrays.stream(Npy.read(Path.of(args[2])).asLongs()).mapToInt(v -> (int) v).toArray();
        Explainer.Precision precision = args[3].equals("float64") ? Explainer.Precision.FLOAT64
                : Explainer.Precision.FLOAT32;
        int threads = Integer.parseInt(args[4]);
        int reps = Integer.parseInt(args[5]);
        int warm = Integer.parseInt(args[6]);
        Path out = Path.of(args[7]);
        int n = labels.length;
        Composite c = Composites.of("lrp-pruning", Composites.Box.normalized(new double[] {0.2860},
                new double[] {0.3530}));
        Explainer e = new Explainer(net, c, Explainer.Start.LOGIT, precision);
        Explainer.Result r = null;
        for (int i = 0; i < warm; i++) {
            r = e.explain(x, labels, n, threads, null);
        }
        double[] ms = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = TrainTimer.processCpuNanos();
            long t0 = System.nanoTime();
            r = e.explain(x, labels, n, threads, null);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (TrainTimer.processCpuNanos() - c0) / 1e6;
        }
        Arrays.sort(ms);
        Arrays.sort(cpu);
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        int[] shape = new int[1 + r.inputShape().length];
        shape[0] = n;
        System.arraycopy(r.inputShape(), 0, shape, 1, r.inputShape().length);
        arrays.put("input", NpyArray.ofDoubles(r.input(), shape));
        arrays.put("logits", NpyArray.ofDoubles(r.logits(), n, r.classes()));
        for (Explainer.Tap t : r.taps()) {
            arrays.put(t.name() + "__sum", NpyArray.ofDoubles(t.sum(), n, t.units()));
        }
        Npz.write(out, arrays);
        System.out.printf(Locale.ROOT, "java pass=score precision=%s batch=%d threads=%d reps=%d ms_median=%.1f"
                + " ms_min=%.1f cpu_ms_median=%.1f%n", args[3], n, threads, reps, ms[reps / 2], ms[0], cpu[reps / 2]);
    }
}
