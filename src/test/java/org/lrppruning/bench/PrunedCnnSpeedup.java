package org.lrppruning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.lrppruning.model.Network;

/**
 * Times {@link PrunedCnnBench}'s networks in one JVM, interleaved (unpruned, pruned, unpruned, ... after a
 * warm-up), so that load from elsewhere on the machine falls on both alike, and prints per pruned network and
 * thread count the speed-up of the forward pass (unpruned time / pruned time, from the minimum and from the
 * median of the repetitions) next to the ratio of multiply-accumulates, with the CPU's vector flags and the load
 * average before and after. {@code bench/jmh.sh PrunedCnnBench} runs the same networks under JMH.
 */
public final class PrunedCnnSpeedup {
    private static final int WARMUP = 10;
    private static final int REPS = 40;

    private PrunedCnnSpeedup() {}

    public static void main(String[] args) throws IOException {
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, flags: " + flags()
                + ", java " + System.getProperty("java.version"));
        System.out.println("load average before: " + load());
        Network base = PrunedCnnBench.network("unpruned");
        float[] x = new float[PrunedCnnBench.BATCH * base.inputs()];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2.83 - 0.81);
        }
        for (String which : new String[] {"weight-0.5", "lrp-0.5"}) {
            Network pruned = PrunedCnnBench.network(which);
            double macRatio = (double) base.macs() / pruned.macs();
            for (int t = 1; t <= 2; t++) {
                double[] before = new double[REPS];
                double[] after = new double[REPS];
                for (int i = -WARMUP; i < REPS; i++) {
                    double b = time(base, x, t);
                    double a = time(pruned, x, t);
                    if (i >= 0) {
                        before[i] = b;
                        after[i] = a;
                    }
                }
                Arrays.sort(before);
                Arrays.sort(after);
                System.out.printf("vgg-small, batch %d, %d thread(s), %s: unpruned min %.1f / median %.1f ms, pruned min"
                                + " %.1f / median %.1f ms: speed-up %.2f (min) / %.2f (median), MAC ratio %.2f (%,d -> %,d"
                                + " MACs per image; filters %s)%n",
                        PrunedCnnBench.BATCH, t, which, before[0], before[REPS / 2], after[0], after[REPS / 2],
                        before[0] / after[0], before[REPS / 2] / after[REPS / 2], macRatio, base.macs(), pruned.macs(),
                        Arrays.toString(pruned.unitCounts()));
            }
        }
        System.out.println("load average after: " + load());
    }

    /** One forward pass of the batch, in milliseconds. */
    private static double time(Network net, float[] x, int threads) {
        long t0 = System.nanoTime();
        float[] y = net.logits(x, PrunedCnnBench.BATCH, threads);
        long t1 = System.nanoTime();
        if (y[0] == 12345.678f) {
            System.out.print(""); // keeps the result alive
        }
        return (t1 - t0) / 1e6;
    }

    /** The CPU's AVX flags from /proc/cpuinfo (Linux), else "unknown". */
    static String flags() throws IOException {
        Path info = Path.of("/proc", "cpuinfo");
        if (!Files.isReadable(info)) {
            return "unknown";
        }
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("flags")) {
                StringBuilder b = new StringBuilder();
                for (String f : line.substring(line.indexOf(':') + 1).trim().split(" ")) {
                    if (f.startsWith("avx") || f.equals("fma")) {
                        b.append(b.length() == 0 ? "" : " ").append(f);
                    }
                }
                return b.length() == 0 ? "no AVX" : b.toString();
            }
        }
        return "unknown";
    }

    /** The 1, 5 and 15 minute load averages (Linux), else "unknown". */
    static String load() throws IOException {
        Path p = Path.of("/proc", "loadavg");
        if (!Files.isReadable(p)) {
            return "unknown";
        }
        String[] f = Files.readString(p).trim().split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
