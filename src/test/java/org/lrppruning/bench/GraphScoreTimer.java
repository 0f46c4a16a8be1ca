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
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;

/**
 * Times the graph scoring pass of bench/graph-vs-pytorch.sh: forward + LRP backward of one batch of an ONNX graph
 * (torchvision's resnet18) under a composite (BatchNorm merged by its canonizer), relevance from the true-class
 * logit, through {@link Explainer} as {@code explain} runs it. Median of {@code reps} passes after {@code warm},
 * wall and process CPU time. Prints one line {@code java pass=graph precision=... batch=... threads=... reps=...
 * ms_median=... ms_min=... cpu_ms_median=... heap_mb=...} and writes the input relevance and each tap's per-unit
 * Σ R (by layer name) to {@code out} for the PyTorch side to compare with.
 *
 * <p>Arguments: model.onnx input.npy labels.npy composite precision(float32|float64) threads reps warm out.npz
 */
public final class GraphScoreTimer {
    private GraphScoreTimer() {}

    public static void main(String[] args) throws IOException {
        Network net = OnnxReader.read(Path.of(args[0])).network();
        float[] x = Npy.read(Path.of(args[1])).toFloats();
        int[] labels = Arrays.stream(Npy.read(Path.of(args[2])).asLongs()).mapToInt(v -> (int) v).toArray();
        String composite = args[3];
        Explainer.Precision precision = args[4].equals("float64") ? Explainer.Precision.FLOAT64
                : Explainer.Precision.FLOAT32;
        int threads = Integer.parseInt(args[5]);
        int reps = Integer.parseInt(args[6]);
        int warm = Integer.parseInt(args[7]);
        Path out = Path.of(args[8]);
        int n = labels.length;
        Explainer e = new Explainer(net, Composites.of(composite), Explainer.Start.LOGIT, precision);
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
            arrays.put(t.name(), NpyArray.ofDoubles(t.sum(), n, t.units()));
        }
        Npz.write(out, arrays);
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "java pass=graph precision=%s batch=%d threads=%d reps=%d ms_median=%.1f"
                + " ms_min=%.1f cpu_ms_median=%.1f heap_mb=%d%n", args[4], n, threads, reps, ms[reps / 2], ms[0],
                cpu[reps / 2], (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
}
