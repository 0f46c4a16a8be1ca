package org.lrppruning.cli;

import java.io.PrintWriter;
import org.lrppruning.data.Dataset;
import org.lrppruning.study.ToyStudy;
import org.lrppruning.train.TrainedModels;

/** {@code reproduce}'s bars on stderr: a model's training epochs (with the cache's lines), then each grid's runs. */
final class ToyStudyConsole implements ToyStudy.Listener, AutoCloseable {
    private final boolean progress;
    private final LazyBar runs = new LazyBar();

    ToyStudyConsole(boolean progress) {
        this.progress = progress;
    }

    @Override
    public TrainedModels.Listener training(Dataset d, PrintWriter err) {
        return Models.console(d, progress, err);
    }

    @Override
    public void gridStarts(String what, int count) {
        runs.start(progress, what, count);
    }

    @Override
    public void runDone() {
        runs.step();
    }

    @Override
    public void gridEnded() {
        runs.close();
    }

    @Override
    public void close() {
        runs.close();
    }
}
