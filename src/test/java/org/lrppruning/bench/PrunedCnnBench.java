package org.lrppruning.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.data.LabeledData;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The float32 forward pass of the {@code vgg-small} CNN (shared/cnn's bn architecture, seeded initialisation) on
 * a batch of 256 images of 1×28×28, unpruned and with half its 112 conv filters removed (rate 0.5, global
 * ranking) by the weight or the lrp criterion (lrp on 50 seeded reference images). {@link PrunedCnnSpeedup}
 * prints the speed-ups next to the MAC ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class PrunedCnnBench {
    /** Images per forward pass. */
    public static final int BATCH = 256;

    @Param({"unpruned", "weight-0.5", "lrp-0.5"})
    public String network;

    @Param({"1", "2"})
    public int threads;

    private Network net;
    private float[] x;

    /** The benchmarked network: {@code unpruned}, or {@code CRITERION-0.5}. */
    public static Network network(String which) {
        Network base = Architecture.VGG_SMALL.initialise(10, 1);
        if (which.equals("unpruned")) {
            return base;
        }
        String criterion = which.substring(0, which.indexOf('-'));
        double rate = Double.parseDouble(which.substring(which.indexOf('-') + 1));
        Random r = new Random(2);
        int n = 50;
        float[] refs = new float[n * base.inputs()];
        for (int i = 0; i < refs.length; i++) {
            refs[i] = (float) (r.nextDouble() * 2.83 - 0.81); // Fashion-MNIST's normalised range
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i / 5;
        }
        Composites.Box box = Composites.Box.normalized(new double[] {0.2860}, new double[] {0.3530});
        UnitScores s = Criteria.of(criterion, new Criteria.Options(null, box))
                .score(base, new LabeledData(refs, base.inputShape(), labels), 2);
        int count = (int) Math.floor(rate * base.unitTotal());
        return Pruner.prune(base, PruningPlan.lowest(s.ranking(), base.unitCounts(), count));
    }

    @Setup
    public void setUp() {
        net = network(network);
        Random r = new Random(3);
        x = new float[BATCH * net.inputs()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2.83 - 0.81);
        }
    }

    @Benchmark
    public float[] forward() {
        return net.logits(x, BATCH, threads);
    }
}
