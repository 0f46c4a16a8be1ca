package org.lrppruning.experiment;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.Network;

/**
 * Correct predictions (argmax of the float32 logits = label) of a network on labelled data, in batches of
 * {@value #BATCH} samples so that a CNN's activations on 10k images never sit in memory at once. Each
 * sample's logits do not depend on the batch it is in, nor on the thread count.
 */
public final class Accuracy {
    /** Samples per forward pass. */
    public static final int BATCH = 256;

    private Accuracy() {}

    /** The number of samples of {@code data} that {@code net} classifies correctly; {@code progress} (may be null) hears samples done. */
    public static int correct(Network net, LabeledData data, int threads, IntConsumer progress) {
        int n = data.size();
        int per = data.sampleSize();
        int right = 0;
        for (int from = 0; from < n; from += BATCH) {
            int m = Math.min(BATCH, n - from);
            float[] x = Arrays.copyOfRange(data.x(), from * per, (from + m) * per);
            int[] pred = net.predict(x, m, threads);
            for (int i = 0; i < m; i++) {
                if (pred[i] == data.labels()[from + i]) {
                    right++;
                }
            }
            if (progress != null) {
                progress.accept(from + m);
            }
        }
        return right;
    }
}
