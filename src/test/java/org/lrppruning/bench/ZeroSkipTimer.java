package org.lrppruning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.linalg.ZeroSkip;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PrunedForward;

/**
 * {@link ZeroSkip#mulTiles} on the toy networks' hidden layers 2 and 3 over their training sets (points grouped by
 * place, in blocks of 16 tiles, as the sweeps label them), one thread: best time of {@code reps} after a warm-up and the rate of the
 * products it does (the nonzero columns of each tile of rows, every strip of outputs). The model is
 * {@code MODELS/{dataset}.npz} of the paper architecture (a random one when it is missing). Run by
 * {@code bench/zero-skip.sh}.
 *
 * <pre>ZeroSkipTimer MODELS reps dataset...</pre>
 */
public final class ZeroSkipTimer {
    private ZeroSkipTimer() {}

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        for (int round = 0; round < 3; round++) {
            for (int i = 2; i < args.length; i++) {
                time(models, reps, args[i], round == 2);
            }
        }
    }

    /** Times the hidden layers of one data set's model; prints when {@code print} (the rounds before warm up). */
    private static void time(Path models, int reps, String dataset, boolean print) throws java.io.IOException {
        {
            Dataset d = Dataset.of(dataset);
            Path file = models.resolve(d.id() + ".npz");
            Network net = Files.isRegularFile(file) ? ModelIO.load(file, Architecture.PAPER)
                    : Architecture.PAPER.initialise(d.classes(), 1);
            Samples train = ToyData.training(d);
            int n = train.size();
            PrunedForward.Groups g = PrunedForward.group(train.x(), n, net.inputs());
            List<Layer> layers = net.layers();
            float[] a = g.x();
            int width = net.inputs();
            for (int li = 0; li < layers.size(); li++) {
                Layer layer = layers.get(li);
                if (layer instanceof Linear l && l.in() > ZeroSkip.STRIP / 2 && l.out() > ZeroSkip.STRIP / 2) {
                    float[] panels = panels(l);
                    float[] in = a;
                    float[] c = new float[n * l.out()];
                    boolean finite = ZeroSkip.finite(l.weight());
                    blocks(in, n, l, panels, finite, c);
                    long best = Long.MAX_VALUE;
                    for (int r = 0; r < reps; r++) {
                        long t = System.nanoTime();
                        blocks(in, n, l, panels, finite, c);
                        best = Math.min(best, System.nanoTime() - t);
                    }
                    double flops = 2.0 * work(in, n, l.in()) * ZeroSkip.strips(l.out()) * ZeroSkip.STRIP;
                    if (print) System.out.printf("%s %s %d -> %d over %d points: %.2f ms, %.1f GFLOP/s in tiles (%.0f %% of"
                                    + " the columns nonzero per tile, %.0f %% per row)%n", d.id(), l.name(), l.in(), l.out(), n,
                            best / 1e6, flops / best, 100.0 * work(in, n, l.in()) / ((double) tiles(n) * ZeroSkip.TILE * l.in()),
                            100.0 * nonzero(in) / in.length);
                }
                a = layer.forward(a, n, new int[] {width}, 1);
                if (layer instanceof Linear l) {
                    width = l.out();
                }
            }
        }
    }

    /** Rows per call, as PrunedForward labels them: 16 tiles. */
    private static final int BLOCK = 16 * ZeroSkip.TILE;

    private static void blocks(float[] in, int n, Linear l, float[] panels, boolean finite, float[] c) {
        for (int from = 0; from < n; from += BLOCK) {
            int rows = Math.min(BLOCK, n - from);
            float[] a = java.util.Arrays.copyOfRange(in, from * l.in(), (from + rows) * l.in());
            float[] z = new float[rows * l.out()];
            ZeroSkip.mulTiles(a, rows, l.in(), panels, l.out(), l.bias(), finite, z);
            System.arraycopy(z, 0, c, from * l.out(), rows * l.out());
        }
    }

    private static long nonzero(float[] a) {
        long c = 0;
        for (float v : a) {
            c += v != 0f ? 1 : 0;
        }
        return c;
    }

    private static int tiles(int n) {
        return (n + ZeroSkip.TILE - 1) / ZeroSkip.TILE;
    }

    /** Σ over tiles of TILE × (columns nonzero in some row of the tile). */
    private static long work(float[] a, int n, int k) {
        long w = 0;
        for (int r0 = 0; r0 < n; r0 += ZeroSkip.TILE) {
            for (int q = 0; q < k; q++) {
                boolean nz = false;
                for (int r = r0; r < Math.min(n, r0 + ZeroSkip.TILE); r++) {
                    nz |= a[r * k + q] != 0f;
                }
                w += nz ? ZeroSkip.TILE : 0;
            }
        }
        return w;
    }

    private static float[] panels(Linear l) {
        float[] p = new float[ZeroSkip.strips(l.out()) * l.in() * ZeroSkip.STRIP];
        float[] w = l.weight();
        for (int j = 0; j < l.out(); j++) {
            for (int q = 0; q < l.in(); q++) {
                p[ZeroSkip.panelIndex(l.in(), q, j)] = w[j * l.in() + q];
            }
        }
        return p;
    }
}
