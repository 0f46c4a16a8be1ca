package org.lrppruning.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.lrppruning.linalg.MatOps;
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
 * Time per call of the MatOps kernels on the network's shapes. A shape "m x k x n" means
 * C[m×n] with inner size k: 2000x1000x1000 is a hidden layer on a batch of 2000, 2000x2x1000 the
 * first layer, 2000x1000x4 the output layer. Run with {@code bench/jmh.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class MatOpsBench {
    @Param({"2000x1000x1000", "2000x2x1000", "2000x1000x4"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] bias;
    private float[] c;

    @Setup
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        n = Integer.parseInt(s[2]);
        Random rnd = new Random(1);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        bias = random(rnd, n);
        c = new float[m * n];
    }

    private static float[] random(Random rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rnd.nextFloat() * 2f - 1f;
        }
        return x;
    }

    /** Forward pass: x·Wᵀ + b. */
    @Benchmark
    public float[] mulTransB() {
        MatOps.mulTransB(a, b, bias, c, m, k, n, threads);
        return c;
    }

    /** Backward pass to the layer input: g·W. */
    @Benchmark
    public float[] mul() {
        MatOps.mul(a, b, c, m, k, n, threads);
        return c;
    }

    /** Weight gradient: gᵀ·x (A is k×m). */
    @Benchmark
    public float[] mulTransA() {
        MatOps.mulTransA(a, b, c, k, m, n, threads);
        return c;
    }
}
