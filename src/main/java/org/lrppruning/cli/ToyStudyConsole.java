package org.lrppruning.cli;

import org.lrppruning.data.Dataset;
import org.lrppruning.study.ToyStudy;
import org.lrppruning.train.Trainer;

/** {@code reproduce}'s bars on stderr: a model's training epochs, then each grid's runs. */
final class ToyStudyConsole implements ToyStudy.Listener, AutoCloseable {
    private final boolean progress;
    private final LazyBar runs = new LazyBar();
    private TrainingBar training;

    ToyStudyConsole(boolean progress) {
        this.progress = progress;
    }

    @Override
    public Trainer.Progress trainingStarts(Dataset d, int maxEpochs) {
        training = progress ? Models.bar(d) : null;
        return training;
    }

    @Override
    public void trainingEnded(Dataset d, Trainer.Result result) {
        if (training != null) {
            if (result != null) {
                training.finish(result);
            }
            training.close();
            training = null;
        }
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
        trainingEnded(null, null);
        runs.close();
    }
}
