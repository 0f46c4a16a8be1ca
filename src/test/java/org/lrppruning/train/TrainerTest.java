package org.lrppruning.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;

class TrainerTest {
    private static final Samples MOON = ToyData.training(Dataset.MOON);

    private static Trainer.Result train(int threads, int epochs) {
        return Trainer.train(Architecture.PAPER, Dataset.MOON, MOON,
                new Trainer.Settings(200, 1e-3f, epochs, 200.0, 7), threads, null);
    }

    @Test
    void trainingGivesTheSameBitsWhateverTheThreadCount() {
        Network one = train(1, 1).network();
        Network two = train(2, 1).network();
        for (int i = 0; i < one.layers().size(); i++) {
            if (one.layers().get(i) instanceof Linear a) {
                Linear b = (Linear) two.layers().get(i);
                assertThat(b.weight()).as("layer %d weights", i).isEqualTo(a.weight());
                assertThat(b.bias()).as("layer %d bias", i).isEqualTo(a.bias());
            }
        }
    }

    @Test
    void aFewEpochsFitTheMoons() {
        Trainer.Result r = train(2, 4);
        assertThat(r.epochs()).isEqualTo(4);
        assertThat(r.trainAccuracy()).isGreaterThan(99.0);
    }

    @Test
    void trainingStopsAtTheGoal() {
        Trainer.Result r = Trainer.train(Architecture.PAPER, Dataset.MOON, MOON,
                new Trainer.Settings(200, 1e-3f, 50, 90.0, 7), 2, null);
        assertThat(r.epochs()).isLessThan(50);
        assertThat(r.trainAccuracy()).isGreaterThanOrEqualTo(90.0);
    }
}
