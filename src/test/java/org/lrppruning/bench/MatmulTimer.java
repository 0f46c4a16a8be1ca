package org.lrppruning.bench;

import java.util.Arrays;
import java.util.Random;

import org.lrppruning.linalg.MatOps;

/**
 * Times one MatOps kernel on random data and prints one line with the median and best GFLOP/s
 * of several repetitions after a warm-up (used by {@code bench/matmul-vs-numpy.sh}).
 * Usage: {@code MatmulTimer kernel m k n threads [reps]}, kernel one of mulTransB, mul,
 * mulTransA; the product is C[m×n] with inner size k.
 */
public final class MatmulTimer {
    private MatmulTimer() {}

    public static void main(String[] args) {
        String kernel = args[0];
        int m = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int n = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        int reps = args.length > 5 ? Integer.parseInt(args[5]) : 15;
        Random rnd = new Random(1);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] bias = random(rnd, n);
        float[] c = new float[m * n];
        Runnable op = switch (kernel) {
            case "mulTransB" -> () -> MatOps.mulTransB(a, b, bias, c, m, k, n, threads);
            case "mul" -> () -> MatOps.mul(a, b, c, m, k, n, threads);
            case "mulTransA" -> () -> MatOps.mulTransA(a, b, c, k, m, n, threads);
            default -> throw new IllegalArgumentException("unknown kernel " + kernel);
        };
        // warm up until the JIT has compiled the kernels: at least 1 s and 10 calls
        long until = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 10 || System.nanoTime() < until; i++) {
            op.run();
        }
        double[] secs = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            op.run();
            secs[r] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(secs);
        double flops = 2.0 * m * k * n;
        System.out.printf("java %s %dx%dx%d threads=%d reps=%d median_ms=%.3f median_gflops=%.1f best_gflops=%.1f%n",
                kernel, m, k, n, threads, reps, secs[reps / 2] * 1e3, flops / secs[reps / 2] * 1e-9,
                flops / secs[0] * 1e-9);
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2f - 1f;
        }
        return x;
    }
}
