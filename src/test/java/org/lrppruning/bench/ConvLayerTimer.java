package org.lrppruning.bench;

import java.util.Random;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Window;

/**
 * Float32 3×3 stride-1 convolutions of resnet18's four stages (batch 16 at 224 × 224) and of the fixture CNN
 * (batch 16): the direct map and Winograd's F(2×2, 3×3) ({@code Conv2d.relevanceAffine}), the direct transpose and
 * Winograd's ({@code relevanceTranspose}); and resnet18's 3×3 stride-2 max pooling. Best of {@code reps} after a
 * second of warm-up each, in one JVM. Run by {@code bench/conv-layers.sh}.
 *
 * <pre>ConvLayerTimer threads reps</pre>
 */
public final class ConvLayerTimer {
    private ConvLayerTimer() {}

    @FunctionalInterface
    private interface Pass {
        void run();
    }

    private static double best(int reps, Pass p) {
        // warm up for a second at least: a 1 ms product needs hundreds of calls before C2 has compiled its kernels
        long warm = System.nanoTime();
        do {
            p.run();
        } while (System.nanoTime() - warm < 1_000_000_000L);
        long best = Long.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            p.run();
            best = Math.min(best, System.nanoTime() - t);
        }
        return best / 1e6;
    }

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int reps = Integer.parseInt(args[1]);
        Random rnd = new Random(1);
        // {samples, channels in, channels out, plane}
        int[][] layers = {{16, 64, 64, 56}, {16, 128, 128, 28}, {16, 256, 256, 14}, {16, 512, 512, 7},
                {16, 16, 32, 14}, {16, 32, 64, 7}};
        for (int[] l : layers) {
            int n = l[0], in = l[1], out = l[2], h = l[3];
            float[] x = new float[n * in * h * h];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(0f, (float) rnd.nextGaussian());
            }
            float[] w = new float[out * in * 9];
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(0f, (float) rnd.nextGaussian());
            }
            Conv2d conv = new Conv2d("c", in, out, Window.square(3, 1, 1), w, null);
            int[] shape = {in, h, h};
            float[] q = conv.affine(x, w, null, n, shape, threads);
            double direct = best(reps, () -> conv.affine(x, w, null, n, shape, threads));
            double winograd = best(reps, () -> conv.relevanceAffine(x, w, null, n, shape, threads));
            double directT = best(reps, () -> conv.transpose(q, w, n, shape, threads));
            double winogradT = best(reps, () -> conv.relevanceTranspose(q, w, n, shape, threads));
            double gmac = (double) n * in * out * 9 * h * h / 1e9;
            System.out.printf("conv 3x3 %d->%d at %dx%d, batch %d, %d thread(s): map direct %.1f ms winograd %.1f ms"
                            + " (ratio %.2f), transpose direct %.1f ms winograd %.1f ms (ratio %.2f); direct map %.1f GFLOP/s%n",
                    in, out, h, h, n, threads, direct, winograd, direct / winograd, directT, winogradT,
                    directT / winogradT, 2 * gmac / (direct / 1e3));
        }
        int n = 16;
        int[] in = {64, 112, 112};
        float[] x = new float[n * 64 * 112 * 112];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.max(0f, (float) rnd.nextGaussian());
        }
        MaxPool2d pool = new MaxPool2d("pool", Window.square(3, 2, 1));
        System.out.printf("maxpool 3x3/2 of 16x64x112x112, %d thread(s): %.1f ms%n", threads,
                best(reps, () -> pool.forwardKeeping(x, n, in, threads)));
    }
}
