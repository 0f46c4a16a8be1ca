package org.lrppruning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.experiment.RunResult;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
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
 * One whole run (criterion, prune, train and test evaluation, no caches), single-threaded, on the
 * reference models of ../shared (random paper networks when they are absent).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class RunBench {
    @Param({"moon", "mult"})
    public String dataset;

    @Param({"weight", "taylor", "grad", "lrp"})
    public String criterion;

    @Param({"5", "50", "200"})
    public int perClass;

    private Network net;
    private Samples train;
    private RunConfig cfg;

    @Setup
    public void setUp() throws IOException {
        Dataset d = Dataset.of(dataset);
        Path model = Paths.get("..", "shared", "reference", "models", d.id() + ".npz");
        net = Files.isRegularFile(model) ? ModelIO.load(model, Architecture.PAPER)
                : Architecture.PAPER.initialise(d.classes(), 1);
        train = ToyData.training(d);
        cfg = RunConfig.of(d, criterion, perClass, 3, 0.3);
    }

    @Benchmark
    public RunResult run() {
        return Experiment.run(net, train, cfg, 1, Experiment.QUIET);
    }
}
