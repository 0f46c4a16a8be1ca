package org.lrppruning.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;

/**
 * The CPU time of one whole run (criterion, prune, train and test evaluation, no caches, one thread) per
 * data set and criterion: the median thread CPU time of {@code -Druns=N} runs after {@code -Dwarmup=N}.
 * CPU time, unlike wall time, hardly depends on what else the machine runs, so two builds can be compared
 * on a busy machine ({@code bench/compare-cputime.sh}). Prints one line per configuration, then the total.
 */
public final class RunCpuTime {
    private RunCpuTime() {}

    public static void main(String[] args) throws IOException {
        int warmup = Integer.getInteger("warmup", 3);
        int runs = Integer.getInteger("runs", 9);
        int perClass = Integer.getInteger("perClass", 50);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double total = 0;
        for (String dataset : new String[] {"moon", "mult"}) {
            Dataset d = Dataset.of(dataset);
            Path model = Paths.get("..", "shared", "reference", "models", d.id() + ".npz");
            Network net = Files.isRegularFile(model) ? ModelIO.load(model, Architecture.PAPER)
                    : Architecture.PAPER.initialise(d.classes(), 1);
            Samples train = ToyData.training(d);
            for (String criterion : new String[] {"weight", "taylor", "grad", "lrp"}) {
                RunConfig cfg = RunConfig.of(d, criterion, perClass, 3, 0.3);
                double[] ms = new double[runs];
                for (int r = -warmup; r < runs; r++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    Experiment.run(net, train, cfg, 1, Experiment.QUIET);
                    long t1 = mx.getCurrentThreadCpuTime();
                    if (r >= 0) {
                        ms[r] = (t1 - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                double median = ms[runs / 2];
                total += median;
                System.out.printf(Locale.ROOT, "%s %s %.2f ms%n", dataset, criterion, median);
            }
        }
        System.out.printf(Locale.ROOT, "total %.2f ms%n", total);
    }
}
