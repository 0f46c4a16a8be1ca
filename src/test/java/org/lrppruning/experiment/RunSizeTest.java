package org.lrppruning.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;

/** How many reference samples a run may take, and the seeds it may use. */
class RunSizeTest {
    private static final long GIB = 1L << 30;

    @Test
    void theArchitecturesValueCountIsThatOfTheNetworkItBuilds() {
        for (Architecture a : List.of(Architecture.PAPER, Architecture.PAPER_RELU)) {
            for (int k : new int[] {2, 4}) {
                assertThat(a.valuesPerRow(k)).as(a + " K=" + k).isEqualTo(a.initialise(k, 1).valuesPerRow());
            }
        }
        assertThat(Architecture.PAPER.valuesPerRow(4)).isEqualTo(2 + 6 * 1000 + 4);
    }

    @Test
    void twentyThousandSamplesPerClassOfMultDoNotFitAGibibyteAndTheMessageSaysWhatDoes() {
        long values = Architecture.PAPER.valuesPerRow(4);
        // 4 · 6006 values · 12 B per sample: (1024 − 128) MiB hold 3258 samples per class
        assertThat(RunConfig.checkFits(Dataset.MULT, 3258, values, 1, GIB)).isEqualTo(3258);
        assertThatThrownBy(() -> RunConfig.checkFits(Dataset.MULT, 3259, values, 1, GIB))
                .hasMessageContaining("at most 3258 samples per class");
        assertThatThrownBy(() -> RunConfig.checkFits(Dataset.MULT, 20000, values, 1, GIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numsamples of mult: 20000 samples per class need about 5.4 GiB, more than the 1.0 GiB "
                        + "heap holds (at most 3258 samples per class; more heap: LRP_PRUNING_JAVA_OPTS=-Xmx4g)");
        // two runs at once (a sweep on two threads) halve what one may take
        assertThatThrownBy(() -> RunConfig.checkFits(Dataset.MULT, 2000, values, 2, GIB))
                .hasMessageContaining("at most 1629 samples per class");
    }

    @Test
    void aRunsSampleCountIsCountedInLongSoItCannotOverflow() {
        assertThatThrownBy(() -> RunConfig.of(Dataset.MULT, "lrp", 1_000_000_000, 1, 0))
                .hasMessageContaining("8000000000 values, more than a Java array holds");
    }

    @Test
    void seedsRunOverNumpysWholeRangeButANoisyTestNeedsSeedPlusOneToo() {
        assertThat(RunConfig.of(Dataset.MOON, "lrp", 1, 4294967295L, 0).seed()).isEqualTo(4294967295L);
        assertThatThrownBy(() -> RunConfig.of(Dataset.MOON, "lrp", 1, 4294967296L, 0))
                .hasMessage("seed must be between 0 and 4294967295 (NumPy's RandomState range), was 4294967296");
        assertThatThrownBy(() -> RunConfig.of(Dataset.MOON, "lrp", 1, -1, 0)).hasMessageContaining("4294967295");
        assertThatThrownBy(() -> RunConfig.of(Dataset.MOON, "lrp", 1, 4294967295L, 0.3))
                .hasMessageContaining("seed + 1 = 4294967296").hasMessageContaining("0..4294967295");
        assertThat(RunConfig.of(Dataset.MOON, "lrp", 1, 4294967294L, 0.3).seed()).isEqualTo(4294967294L);
    }
}
