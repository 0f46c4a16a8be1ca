package org.lrppruning.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.playground.Playground;
import org.lrppruning.plot.DecisionGrid;
import org.lrppruning.prune.PrunedForward;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.prune.Ranking;

/**
 * The playground's work per slider move, on the cached toy models: the pruned network's labels over the
 * training set, the noisy test set (seed 1, σ 0.3) and the page's grid (40 steps), LRP on 5 samples per
 * class, computed as {@code Pruner.prune} + {@code Network.predict} (how the single run predicts) and as
 * {@link PrunedForward}, from the inputs alone and starting rows from the unpruned inputs (what the
 * playground runs), one thread, interleaved in one JVM (so load from
 * elsewhere falls on both alike), timed in thread CPU time; prints per prune count the medians and their
 * ratio, and checks that the labels agree. Usage: {@code PlaygroundForwardSpeedup [dataset ...]}.
 */
public final class PlaygroundForwardSpeedup {
    private static final int WARMUP = 3;
    private static final int REPS = 9;
    private static final int[] PRUNE = {0, 500, 1000, 1500, 2000, 2500};

    private PlaygroundForwardSpeedup() {}

    public static void main(String[] args) throws IOException {
        String[] datasets = args.length > 0 ? args : new String[] {"moon", "mult"};
        System.out.println("cpu: " + PlaygroundBench.cpu() + ", load average before: " + PlaygroundBench.load());
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String name : datasets) {
            Dataset d = Dataset.of(name);
            Path file = ModelStore.defaultStore().file(d, Architecture.PAPER);
            if (!Files.isRegularFile(file)) {
                System.out.println(name + ": no cached model (bin/lrp-pruning -d " + name + " trains it), skipped");
                continue;
            }
            Network net = ModelIO.load(file, Architecture.PAPER);
            Samples train = ToyData.training(d);
            Samples test = ToyData.noisyTest(d, 1, 0.3);
            DecisionGrid grid = DecisionGrid.fromTrainingData(train.x(), 40);
            float[] xy = Playground.points(train, test, grid);
            int n = xy.length / 2;
            int[] order = Ranking.ascending(Criteria.of("lrp").scores(net, ToyData.reference(d, 5, 1), 1));
            PrunedForward fast = PrunedForward.of(net);
            PrunedForward.Groups groups = PrunedForward.group(xy, n, 2);
            PrunedForward.Unpruned unpruned = fast.unpruned(groups, 1);
            for (int prune : PRUNE) {
                PruningPlan plan = PruningPlan.lowest(order, net.unitCounts(), prune);
                double[] plain = new double[REPS];
                double[] skip = new double[REPS];
                double[] reuse = new double[REPS];
                boolean same = true;
                for (int i = -WARMUP; i < REPS; i++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    int[] a = Pruner.prune(net, plan).predict(xy, n, 1);
                    long t1 = cpu.getCurrentThreadCpuTime();
                    int[] b = fast.predict(plan, groups, 1);
                    long t2 = cpu.getCurrentThreadCpuTime();
                    int[] c = fast.predict(plan, unpruned, 1);
                    long t3 = cpu.getCurrentThreadCpuTime();
                    same &= Arrays.equals(a, b) && Arrays.equals(a, c);
                    if (i >= 0) {
                        plain[i] = (t1 - t0) / 1e6;
                        skip[i] = (t2 - t1) / 1e6;
                        reuse[i] = (t3 - t2) / 1e6;
                    }
                }
                Arrays.sort(plain);
                Arrays.sort(skip);
                Arrays.sort(reuse);
                System.out.printf("%s, %d points, prune %d (1 thread, CPU time medians): Pruner.prune + predict %.0f ms,"
                                + " PrunedForward %.0f ms (ratio %.2f), starting rows from the unpruned inputs %.0f ms"
                                + " (ratio %.2f); labels %s%n", name, n, prune, plain[REPS / 2], skip[REPS / 2],
                        plain[REPS / 2] / skip[REPS / 2], reuse[REPS / 2], plain[REPS / 2] / reuse[REPS / 2],
                        same ? "equal" : "DIFFER");
            }
        }
        System.out.println("load average after: " + PlaygroundBench.load());
    }
}
