package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;
import org.lrppruning.train.Trainer;

/** The training bar ends where training ended: an early stop is not shown as the full epoch limit. */
class TrainingBarTest {
    /** The last frame the bar rendered after {@code epochs} of at most {@code max} epochs. */
    private static String lastFrame(int epochs, int max) {
        List<String> frames = new ArrayList<>();
        try (TrainingBar bar = new TrainingBar("train moon", max, new DelegatingProgressBarConsumer(frames::add, 200))) {
            for (int e = 1; e <= epochs; e++) {
                bar.epoch(e, max, 0.5 / e, e == epochs ? 100.0 : 90.0);
            }
            bar.finish(new Trainer.Result(null, epochs, 100.0));
        }
        assertThat(frames).isNotEmpty();
        return frames.get(frames.size() - 1);
    }

    @Test
    void anEarlyStopEndsTheBarAtTheEpochTrainingStoppedAt() {
        String frame = lastFrame(4, 30);
        assertThat(frame).contains("100%", " 4/4 ", "acc 100.00%, stopped early").doesNotContain("/30");
    }

    @Test
    void aRunToTheEpochLimitEndsAtTheLimitWithoutAnEarlyStopNote() {
        String frame = lastFrame(6, 6);
        assertThat(frame).contains(" 6/6 ").doesNotContain("stopped early");
    }

    @Test
    void aBatchBarCountsTheMiniBatchesOfAllEpochsWithTheEpochInItsMessage() {
        List<String> frames = new ArrayList<>();
        try (TrainingBar bar = TrainingBar.ofBatches("train data", 2, 5, new DelegatingProgressBarConsumer(frames::add, 200))) {
            for (int e = 1; e <= 2; e++) {
                for (int b = 1; b <= 5; b++) {
                    bar.batch(e, b, 5, 1.0 / (e * b), 50.0 + e);
                }
                bar.epoch(e, 2, 0.5, 51.0);
            }
            bar.finish(new Trainer.Result(null, 2, 52.0));
        }
        String last = frames.get(frames.size() - 1);
        assertThat(last).contains(" 10/10 ", "e2 loss 0.100 acc 52.0%").doesNotContain("stopped early");
    }
}
