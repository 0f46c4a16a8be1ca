package org.lrppruning.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.References.Pick;

/** Reference samples: n per class, class-major, in NumPy permutation order or in file order. */
class ReferencesTest {
    /** Sample i has label i % 3 and the single feature i. */
    private static LabeledData cyclic(int n) {
        float[] x = new float[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        return new LabeledData(x, new int[] {1}, y);
    }

    /** The rule spelled out: per class, walk the order and keep the first n of that class. */
    private static int[] slow(int[] labels, int[] order, int classes, int n) {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int kept = 0;
            for (int i : order) {
                if (labels[i] == c && kept < n) {
                    out.add(i);
                    kept++;
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void randomPickFollowsNumpysPermutationOfTheSeed() {
        // /usr/bin/python3 -c "import numpy as np; print(list(np.random.RandomState(3).permutation(20)))" (NumPy 1.24)
        int[] numpy = {14, 2, 1, 17, 4, 16, 6, 7, 15, 12, 9, 11, 19, 18, 13, 5, 0, 8, 3, 10};
        LabeledData d = cyclic(20);
        int[] got = References.indices(d, 3, 2, Pick.RANDOM, 3, "d");
        assertThat(got).containsExactly(6, 15, 1, 4, 14, 2);
        assertThat(got).containsExactly(slow(d.labels(), numpy, 3, 2));
        int[] all = References.indices(d, 3, 6, Pick.RANDOM, 3, "d");
        assertThat(all).containsExactly(slow(d.labels(), numpy, 3, 6));
        LabeledData refs = References.draw(d, 3, 2, Pick.RANDOM, 3, "d");
        assertThat(refs.x()).containsExactly(6f, 15f, 1f, 4f, 14f, 2f);
        assertThat(refs.labels()).containsExactly(0, 0, 1, 1, 2, 2);
    }

    @Test
    void firstPickTakesTheFirstOfEachClassInFileOrder() {
        LabeledData d = new LabeledData(new float[8], new int[] {1}, new int[] {2, 1, 1, 0, 2, 0, 1, 2});
        assertThat(References.indices(d, 3, 2, Pick.FIRST, 99, "d")).containsExactly(3, 5, 1, 2, 0, 4);
        assertThat(References.indices(d, 3, 1, Pick.FIRST, 0, "d"))
                .as("the seed plays no part").containsExactly(References.indices(d, 3, 1, Pick.FIRST, 7, "d"));
    }

    @Test
    void tooFewSamplesOfAClassIsOneLine() {
        LabeledData d = cyclic(7); // class 0: 3 samples, classes 1 and 2: 2 each
        assertThatThrownBy(() -> References.indices(d, 3, 3, Pick.RANDOM, 1, "refs.csv"))
                .isInstanceOf(DataException.class)
                .hasMessage("refs.csv: class 1 has 2 samples, fewer than the 3 per class asked for");
        assertThatThrownBy(() -> References.indices(d, 4, 1, Pick.FIRST, 1, "refs.csv"))
                .as("a model class absent from the data")
                .hasMessage("refs.csv: class 3 has 0 samples, fewer than the 1 per class asked for");
        assertThatThrownBy(() -> References.indices(d, 2, 1, Pick.FIRST, 1, "refs.csv"))
                .isInstanceOf(DataException.class).hasMessageContaining("label 2 of sample 2 is outside [0, 2)");
        assertThatThrownBy(() -> References.indices(d, 3, 0, Pick.FIRST, 1, "refs.csv"))
                .hasMessageContaining("must be >= 1");
        assertThat(Pick.of("first")).isEqualTo(Pick.FIRST);
        assertThatThrownBy(() -> Pick.of("best")).hasMessage("unknown pick 'best' (valid: random, first)");
    }
}
