package org.lrppruning.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Network;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Nets;

class RunCacheTest {
    private static final Network NET = Nets.paperShaped(0, 9, 8, 7, 2, false);

    private static RunConfig run(long seed, String criterion) {
        return new RunConfig(Dataset.MOON, criterion, 1, seed, 0.3, 8, false, false);
    }

    @Test
    void postAccuraciesAreSharedByPlansEqualInValueAndNotAcrossScenariosOrPlans() {
        RunCache cache = new RunCache();
        AtomicInteger computed = new AtomicInteger();
        PruningPlan a = new PruningPlan(new int[][] {{1, 4}, {}, {2}});
        PruningPlan sameAsA = new PruningPlan(new int[][] {{1, 4}, {}, {2}});
        PruningPlan other = new PruningPlan(new int[][] {{1, 5}, {}, {2}});

        assertThat(cache.postAccuracy(NET, a, null, () -> 50.0 + computed.incrementAndGet())).isEqualTo(51.0);
        assertThat(cache.postAccuracy(NET, sameAsA, null, () -> 50.0 + computed.incrementAndGet())).isEqualTo(51.0);
        assertThat(cache.postAccuracy(NET, other, null, () -> 50.0 + computed.incrementAndGet())).isEqualTo(52.0);
        // the test set of seed 0, whichever criterion asks; seed 1's is another set
        assertThat(cache.postAccuracy(NET, a, run(0, "lrp"), () -> 50.0 + computed.incrementAndGet())).isEqualTo(53.0);
        assertThat(cache.postAccuracy(NET, a, run(0, "grad"), () -> 50.0 + computed.incrementAndGet())).isEqualTo(53.0);
        assertThat(cache.postAccuracy(NET, a, run(1, "lrp"), () -> 50.0 + computed.incrementAndGet())).isEqualTo(54.0);
        // another model never shares
        Network twin = Nets.paperShaped(0, 9, 8, 7, 2, false);
        assertThat(cache.postAccuracy(twin, a, null, () -> 50.0 + computed.incrementAndGet())).isEqualTo(55.0);
    }
}
