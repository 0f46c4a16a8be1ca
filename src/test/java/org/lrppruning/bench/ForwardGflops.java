package org.lrppruning.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs {@link ForwardBench} and prints the forward pass's speed in GFLOP/s per thread count. */
public final class ForwardGflops {
    private ForwardGflops() {}

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(ForwardBench.class.getSimpleName()).build()).run();
        for (RunResult r : results) {
            double ms = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            System.out.printf("forward pass, batch 2000, paper network, %s thread(s): %.1f ms/op (± %.1f) = %.1f GFLOP/s%n",
                    r.getParams().getParam("threads"), ms, err, ForwardBench.FLOP / (ms * 1e-3) / 1e9);
        }
    }
}
