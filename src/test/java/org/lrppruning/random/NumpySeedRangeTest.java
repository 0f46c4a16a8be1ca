package org.lrppruning.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The largest seed NumPy's RandomState takes, 2^32 − 1, gives NumPy's streams. */
class NumpySeedRangeTest {
    private static final long MAX = 4294967295L;

    /*
     * Expected values printed by NumPy 1.24:
     *   /usr/bin/python3 -c 'import numpy as np; r = np.random.RandomState(4294967295);
     *       print(r.get_state()[1][:3], r.get_state()[1][623])'
     *   ... [repr(float(v)) for v in np.random.RandomState(4294967295).random_sample(3)]
     *   ... [int(v) for v in np.random.RandomState(4294967295).randint(0, 2**32, size=3, dtype=np.uint32)]
     *   ... [repr(float(v)) for v in np.random.RandomState(4294967295).standard_normal(3)]
     */
    @Test
    void seedTwoToThe32MinusOneGivesNumpysKeyAndStreams() {
        NumpyRandom r = new NumpyRandom(MAX);
        assertThat(r.keyWord(0) & 0xFFFF_FFFFL).isEqualTo(4294967295L);
        assertThat(r.keyWord(1) & 0xFFFF_FFFFL).isEqualTo(1340201581L);
        assertThat(r.keyWord(2) & 0xFFFF_FFFFL).isEqualTo(3941791902L);
        assertThat(r.keyWord(623) & 0xFFFF_FFFFL).isEqualTo(3413567280L);

        assertThat(new double[] {r.randomSample(), r.randomSample(), r.randomSample()})
                .containsExactly(0.0976320289940138, 0.9123828453026218, 0.78903530185164);
        NumpyRandom raw = new NumpyRandom(MAX);
        assertThat(new long[] {raw.nextUInt32(), raw.nextUInt32(), raw.nextUInt32()})
                .containsExactly(419326371L, 479346978L, 3918654476L);
        assertThat(new NumpyRandom(MAX).randn(3))
                .containsExactly(0.6484086742306527, 0.6693235306338161, -1.0805437227474493);
    }
}
