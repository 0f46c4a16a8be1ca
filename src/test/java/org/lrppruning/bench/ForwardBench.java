package org.lrppruning.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
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
 * The forward pass of the paper network (2→1000→1000→1000→2) on a batch of 2000 points:
 * 2·2000·(2·1000 + 2·1000² + 1000·2) ≈ 8.02 GFLOP per call. {@link ForwardGflops} prints GFLOP/s.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ForwardBench {
    /** Floating-point operations of one forward pass of a batch of 2000. */
    public static final double FLOP = 2.0 * 2000 * (2 * 1000 + 2 * 1000 * 1000 + 1000 * 2);

    @Param({"1", "2"})
    public int threads;

    private Network net;
    private float[] x;

    @Setup
    public void setUp() {
        net = Architecture.PAPER.initialise(2, 1);
        Random r = new Random(1);
        x = new float[2 * 2000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 * r.nextDouble() - 1.5);
        }
    }

    @Benchmark
    public float[] forward() {
        return net.logits(x, 2000, threads);
    }
}
