package org.lrppruning.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;

/** Training a small CNN with BatchNorm and dropout: it learns, and gives the same bits for any thread count. */
class CnnTrainingTest {
    private static final Architecture ARCH = Architecture.of(
            "in:1x8x8,conv3:4,bn,relu,maxpool2,conv3:6,relu,flatten,linear:8,relu,dropout,linear:2");

    /** 8×8 images of a bright row (class 0) or column (class 1) at a random place, with noise. */
    static LabeledData bars(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int s = 0; s < n; s++) {
            y[s] = r.nextInt(2);
            int at = r.nextInt(8);
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 8; j++) {
                    boolean on = y[s] == 0 ? i == at : j == at;
                    x[s * 64 + i * 8 + j] = (on ? 1f : 0f) + (float) (0.3 * r.nextGaussian());
                }
            }
        }
        return new LabeledData(x, new int[] {1, 8, 8}, y);
    }

    private static Trainer.Settings settings(int epochs) {
        return new Trainer.Settings(16, 1e-2f, epochs, Double.NaN, 5, Trainer.Schedule.COSINE_STEPS);
    }

    @Test
    void theLossFallsAndTheBarsAreLearnt() {
        LabeledData train = bars(256, 1);
        List<Double> losses = new ArrayList<>();
        Trainer.Result r = Trainer.train(ARCH.initialise(train.sampleShape(), 2, 5), train, settings(8), 1,
                (epoch, max, loss, acc) -> losses.add(loss));
        assertThat(losses).hasSize(8);
        assertThat(losses.get(7)).isLessThan(losses.get(0) * 0.5);
        assertThat(losses.get(7)).isLessThan(losses.get(3));
        LabeledData test = bars(200, 2);
        int[] pred = r.network().predict(test.x(), test.size(), 1);
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            correct += pred[i] == test.labels()[i] ? 1 : 0;
        }
        assertThat(correct).as("correct of 200").isGreaterThan(180);
    }

    @Test
    void trainingGivesTheSameBitsForOneTwoAndThreeThreads() {
        LabeledData train = bars(100, 3); // the last batch is a partial one
        Network start = ARCH.initialise(train.sampleShape(), 2, 5);
        Network one = Trainer.train(start, train, settings(2), 1, null).network();
        for (int threads : new int[] {2, 3}) {
            Network other = Trainer.train(start, train, settings(2), threads, null).network();
            for (int i = 0; i < one.layers().size(); i++) {
                List<Layer.Param> a = one.layer(i).parameters();
                List<Layer.Param> b = other.layer(i).parameters();
                for (int p = 0; p < a.size(); p++) {
                    assertThat(b.get(p).data()).as("%s.%s, %d threads", one.layer(i).name(), a.get(p).key(), threads)
                            .containsExactly(a.get(p).data());
                }
            }
        }
    }

    @Test
    void theStartingNetworkIsLeftAloneAndRunningStatisticsMove() {
        LabeledData train = bars(64, 4);
        Network start = ARCH.initialise(train.sampleShape(), 2, 5);
        List<float[]> before = new ArrayList<>();
        for (Layer l : start.layers()) {
            for (Layer.Param p : l.parameters()) {
                before.add(p.data().clone());
            }
        }
        Network trained = Trainer.train(start, train, settings(1), 1, null).network();
        int k = 0;
        for (Layer l : start.layers()) {
            for (Layer.Param p : l.parameters()) {
                assertThat(p.data()).as("%s.%s", l.name(), p.key()).containsExactly(before.get(k++));
            }
        }
        Layer bn = trained.layer(trained.indexOf("features.1"));
        assertThat(bn.parameters().get(2).key()).isEqualTo("running_mean");
        assertThat(bn.parameters().get(2).data()).isNotEqualTo(new float[4]);
        assertThat(bn.parameters().get(3).data()).isNotEqualTo(new float[] {1, 1, 1, 1});
    }
}
