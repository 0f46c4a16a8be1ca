package org.lrppruning.cli;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.lrppruning.train.Trainer;

/**
 * The progress bar of one training run: epochs against the epoch limit while it runs; when the
 * accuracy goal stops training early the bar's end moves to the epoch it stopped at, so it never
 * claims epochs that did not run.
 */
final class TrainingBar implements Trainer.Progress, AutoCloseable {
    private final ProgressBar bar;
    private double accuracy;

    TrainingBar(String task, int maxEpochs, ProgressBarConsumer consumer) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(maxEpochs).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().setConsumer(consumer).build();
    }

    @Override
    public void epoch(int epoch, int maxEpochs, double loss, double trainAccuracy) {
        accuracy = trainAccuracy;
        bar.stepTo(epoch);
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%%", loss, trainAccuracy));
    }

    /** Ends the bar where training ended, saying so when it stopped before the epoch limit. */
    void finish(Trainer.Result result) {
        if (result.epochs() < bar.getMax()) {
            bar.maxHint(result.epochs());
            // short enough for an 80-column line
            bar.setExtraMessage(String.format(Locale.ROOT, " acc %.2f%%, stopped early", accuracy));
        }
        bar.stepTo(result.epochs());
    }

    @Override
    public void close() {
        bar.close();
    }
}
