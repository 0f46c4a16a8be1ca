package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BiFunction;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Evaluation;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.train.TrainedModels;
import org.lrppruning.train.Trainer;

/**
 * Models trained on a user's data ({@code train --data}) as the commands show them: training under a progress bar on
 * stderr, the cache's lines on the command's stderr ({@link TrainedModels} holds the cache itself), the test accuracy.
 */
final class DataModels {
    private DataModels() {}

    /** Trains {@code start} (a fresh network, trained in place of a copy) on {@code data}, with a bar on stderr. */
    static Trainer.Result train(Network start, LabeledData data, String task, Trainer.Settings s, int threads,
                                boolean progress) {
        if (!progress) {
            return Trainer.train(start, data, s, threads, null);
        }
        int batches = (data.size() + s.batchSize() - 1) / s.batchSize();
        try (TrainingBar bar = TrainingBar.ofBatches(task, s.maxEpochs(), batches,
                new ConsoleProgressBarConsumer(System.err))) {
            Trainer.Result r = Trainer.train(start, data, s, threads, bar);
            bar.finish(r);
            return r;
        }
    }

    /** Test accuracy in percent (evaluation mode, in chunks: {@link Network#predict}). */
    static double accuracy(Network net, LabeledData data, int threads) {
        return Evaluation.accuracy(net.predict(data.x(), data.size(), threads), data.labels());
    }

    /** {@link TrainedModels#obtain} with its lines on {@code err} and, when {@code progress}, a training bar. */
    static TrainedModels.Obtained obtain(String spec, LabeledData data, Architecture arch, Trainer.Settings s,
                                         int threads, boolean progress, PrintWriter err) throws IOException {
        return TrainedModels.obtain(spec, data, arch, s, threads, new Console(progress, err));
    }

    /** The cache's lines on a command's stderr and, when {@code progress}, a bar of the mini-batches while it trains. */
    static class Console implements TrainedModels.Listener {
        private final boolean progress;
        private final PrintWriter err;
        /** The bar of a training of (epochs, mini-batches per epoch). */
        private final BiFunction<Integer, Integer, TrainingBar> bars;
        private TrainingBar bar;

        Console(boolean progress, PrintWriter err) {
            this(progress, err, (epochs, batches) -> TrainingBar.ofBatches("train", epochs, batches,
                    new ConsoleProgressBarConsumer(System.err)));
        }

        Console(boolean progress, PrintWriter err, BiFunction<Integer, Integer, TrainingBar> bars) {
            this.progress = progress;
            this.err = err;
            this.bars = bars;
        }

        @Override
        public void note(String line) {
            err.println(line);
            err.flush();
        }

        @Override
        public Trainer.Progress trainingStarts(int epochs, int batches) {
            bar = progress ? bars.apply(epochs, batches) : null;
            return bar;
        }

        @Override
        public void trainingEnded(Trainer.Result result) {
            if (bar != null) {
                if (result != null) {
                    bar.finish(result);
                }
                bar.close();
                bar = null;
            }
        }
    }
}
