package org.lrppruning.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Times the scoring pass of bench/vs-pytorch.sh and bench/graph-vs-pytorch.sh: forward + LRP backward of one batch
 * of an ONNX model under a composite, relevance from the true-class logit, through {@link Explainer} exactly as
 * {@code explain} (float32) and the {@code lrp} criterion (float64) run it. Median of {@code reps} passes after
 * {@code warm} passes, wall and process CPU time (all threads: on a busy machine the CPU time of a single-threaded
 * pass hardly depends on the other load). Prints one line {@code java pass=NAME precision=... batch=... threads=...
 * reps=... ms_median=... ms_min=... cpu_ms_median=...} (with {@code --heap} also {@code heap_mb=...}, the heap in use
 * after the passes) and writes the relevances (input heatmaps, logits and each tap's per-unit Σ R under its layer's
 * name) to {@code out} for the PyTorch side to compare with.
 *
 * <p>Arguments: [--pass NAME (default score)] [--normalize MEAN,STD (the z-box of the inputs' [0, 1]; default [0, 1])]
 * [--heap] model.onnx input.npy labels.npy composite precision(float32|float64) threads reps warm out.npz
 */
public final class ScoreTimer {
    private ScoreTimer() {}

    public static void main(String[] argv) throws IOException {
        String pass = "score";
        Composites.Box box = Composites.Box.UNIT;
        boolean heap = false;
        List<String> args = new ArrayList<>(List.of(argv));
        while (!args.isEmpty() && args.get(0).startsWith("--")) {
            String option = args.remove(0);
            switch (option) {
                case "--pass" -> pass = args.remove(0);
                case "--normalize" -> {
                    String[] meanStd = args.remove(0).split(",");
                    box = Composites.Box.normalized(new double[] {Double.parseDouble(meanStd[0])},
                            new double[] {Double.parseDouble(meanStd[1])});
                }
                case "--heap" -> heap = true;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        Network net = OnnxReader.read(Path.of(args.get(0))).network();
        float[] x = Npy.read(Path.of(args.get(1))).toFloats();
        int[] labels = Arrays.stream(Npy.read(Path.of(args.get(2))).asLongs()).mapToInt(v -> (int) v).toArray();
        String composite = args.get(3);
        Explainer.Precision precision = args.get(4).equals("float64") ? Explainer.Precision.FLOAT64
                : Explainer.Precision.FLOAT32;
        int threads = Integer.parseInt(args.get(5));
        int reps = Integer.parseInt(args.get(6));
        int warm = Integer.parseInt(args.get(7));
        Path out = Path.of(args.get(8));
        int n = labels.length;
        Explainer e = new Explainer(net, Composites.of(composite, box), Explainer.Start.LOGIT, precision);
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
        System.out.printf(Locale.ROOT, "java pass=%s precision=%s batch=%d threads=%d reps=%d ms_median=%.1f"
                + " ms_min=%.1f cpu_ms_median=%.1f%s%n", pass, args.get(4), n, threads, reps, ms[reps / 2], ms[0],
                cpu[reps / 2], heap ? " heap_mb=" + ((rt.totalMemory() - rt.freeMemory()) >> 20) : "");
    }
}
