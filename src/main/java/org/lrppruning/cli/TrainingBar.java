package org.lrppruning.cli;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.lrppruning.train.Trainer;

/**
 * The progress bar of one training run: epochs against the epoch limit while it runs (the toy's bar), or,
 * for long epochs, mini-batches over all epochs ({@link #ofBatches}) with the epoch, the running loss and
 * accuracy in its message. When the accuracy goal stops training early the bar's end moves to the epoch it
 * stopped at, so it never claims epochs that did not run.
 */
final class TrainingBar implements Trainer.Progress, AutoCloseable {
    private final ProgressBar bar;
    /** Mini-batches per epoch, or 0 for a bar that counts epochs. */
    private final int batches;
    private double accuracy;

    TrainingBar(String task, int maxEpochs, ProgressBarConsumer consumer) {
        this(task, maxEpochs, 0, consumer);
    }

    private TrainingBar(String task, int maxEpochs, int batches, ProgressBarConsumer consumer) {
        this.batches = batches;
        long max = batches == 0 ? maxEpochs : (long) maxEpochs * batches;
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().setConsumer(consumer).build();
    }

    /** A bar that counts the mini-batches of {@code maxEpochs} epochs of {@code batches} each. */
    static TrainingBar ofBatches(String task, int maxEpochs, int batches, ProgressBarConsumer consumer) {
        return new TrainingBar(task, maxEpochs, Math.max(1, batches), consumer);
    }

    @Override
    public void batch(int epoch, int batch, int batchCount, double loss, double trainAccuracy) {
        if (batches > 0) {
            bar.stepTo((long) (epoch - 1) * batches + batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " e%d loss %.3f acc %.1f%%", epoch, loss, trainAccuracy));
        }
    }

    @Override
    public void epoch(int epoch, int maxEpochs, double loss, double trainAccuracy) {
        accuracy = trainAccuracy;
        if (batches > 0) {
            return; // the last batch said it all
        }
        bar.stepTo(epoch);
        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%%", loss, trainAccuracy));
    }

    /** Ends the bar where training ended, saying so when it stopped before the epoch limit. */
    void finish(Trainer.Result result) {
        long end = batches == 0 ? result.epochs() : (long) result.epochs() * batches;
        if (end < bar.getMax()) {
            bar.maxHint(end);
            // short enough for an 80-column line
            bar.setExtraMessage(String.format(Locale.ROOT, " acc %.2f%%, stopped early", accuracy));
        }
        bar.stepTo(end);
    }

    @Override
    public void close() {
        bar.close();
    }
}
