package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Sizes are checked in long against the array limit and the heap, and refused in one line naming the limit. */
class LimitsTest {
    private static final long GIB = 1L << 30;

    @Test
    void whatFitsIsTheUsableHeapSharedByTheParallelCopies() {
        assertThat(Limits.usable(GIB)).isEqualTo(GIB - Limits.RESERVE_BYTES);
        assertThat(Limits.fitting(1 << 20, 1, GIB)).isEqualTo(1024 - 128);
        assertThat(Limits.fitting(1 << 20, 2, GIB)).isEqualTo((1024 - 128) / 2);
        assertThat(Limits.fitting(1, 1, 0)).isZero();
    }

    @Test
    void aCountThatDoesNotFitIsRefusedWithTheNeedTheHeapAndTheLargestCountThatFits() {
        assertThat(Limits.checkHeap("x", 896, "items", 1 << 20, 1, GIB)).isEqualTo(896);
        assertThatThrownBy(() -> Limits.checkHeap("numsamples", 897, "items", 1 << 20, 1, GIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numsamples: 897 items need about 897 MiB, more than the 1.0 GiB heap holds "
                        + "(at most 896 items; " + Limits.MORE_HEAP + ")");
        // a count whose byte total overflows a long is still refused, not wrapped around
        assertThatThrownBy(() -> Limits.checkHeap("seeds", Long.MAX_VALUE / 2, "seeds", 64, 2, GIB))
                .hasMessageContaining("(2 at once)").hasMessageContaining("need about 512 EiB (2 at once)").hasMessageContaining("at most 7340032 seeds");
    }

    @Test
    void arraysLongerThanJavaAllowsAreRefusedWithTheLimit() {
        assertThat(Limits.checkArray("grid", Limits.MAX_ARRAY)).isEqualTo(Limits.MAX_ARRAY);
        assertThatThrownBy(() -> Limits.checkArray("grid", 4_000_000_000L))
                .hasMessage("grid: 4000000000 values, more than a Java array holds (2147483639)");
        assertThatThrownBy(() -> Limits.checkArray("grid", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteCountsReadLikeAPersonWritesThem() {
        assertThat(Limits.bytes(512)).isEqualTo("512 bytes");
        assertThat(Limits.bytes(3.5 * (1 << 20))).isEqualTo("3.5 MiB");
        assertThat(Limits.bytes(812.0 * (1 << 20))).isEqualTo("812 MiB");
        assertThat(Limits.bytes(5.4 * GIB)).isEqualTo("5.4 GiB");
    }
}
