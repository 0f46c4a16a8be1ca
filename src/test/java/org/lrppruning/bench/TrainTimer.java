package org.lrppruning.bench;

import java.util.Locale;
import java.util.Random;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.FashionMnist;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.train.Trainer;

/**
 * Times training steps of an architecture (default vgg-small): one epoch of Trainer (Adam, shuffled
 * mini-batches, dropout, BatchNorm on batch statistics) over the first {@code batches}·{@code batch}
 * Fashion-MNIST training images (random images when the data set is not installed), after a warm-up
 * epoch over {@code warm} batches. Prints one line:
 * {@code java arch=... batch=... threads=... batches=... seconds=... ms_per_batch=... cpu_ms_per_batch=...} (process
 * CPU time, all threads).
 *
 * <p>Arguments: threads batches [batch [arch [warm [reps]]]]; the median of {@code reps} timed epochs.
 */
public final class TrainTimer {
    private TrainTimer() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int batches = Integer.parseInt(args[1]);
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        Architecture arch = Architecture.of(args.length > 3 ? args[3] : "vgg-small");
        int warm = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        int reps = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        LabeledData data = images(batches * batch);
        Network start = arch.initialise(data.sampleShape(), 10, 0);
        Trainer.Settings s = new Trainer.Settings(batch, 1e-3f, 1, Double.NaN, 0, Trainer.Schedule.CONSTANT);
        int[] first = new int[Math.min(data.size(), warm * batch)];
        for (int i = 0; i < first.length; i++) {
            first[i] = i;
        }
        Trainer.train(start, data.select(first), s, threads, null); // warm-up: the JIT compiles the same paths
        double[] times = new double[reps];
        double[] cpu = new double[reps];
        for (int r = 0; r < reps; r++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            Trainer.train(start, data, s, threads, null);
            times[r] = (System.nanoTime() - t0) / 1e9;
            cpu[r] = (processCpuNanos() - c0) / 1e9;
        }
        java.util.Arrays.sort(times);
        java.util.Arrays.sort(cpu);
        double median = times[reps / 2];
        System.out.printf(Locale.ROOT, "java arch=%s batch=%d threads=%d batches=%d seconds=%.3f ms_per_batch=%.1f"
                + " cpu_ms_per_batch=%.1f%n", arch.id(), batch, threads, batches, median, median * 1000 / batches,
                cpu[reps / 2] * 1000 / batches);
    }

    /** CPU time of the whole JVM process (all threads) in nanoseconds, or -1 where the platform does not say. */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** The first n Fashion-MNIST training images, normalised as the fixtures, or random ones. */
    private static LabeledData images(int n) {
        if (FashionMnist.installed(false)) {
            LabeledData all = DataSources.load("fashion-mnist", DataOptions.forData("fashion-mnist", null));
            int[] idx = new int[Math.min(n, all.size())];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            return all.select(idx);
        }
        Random r = new Random(0);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
        }
        return new LabeledData(x, new int[] {1, 28, 28}, y);
    }
}
