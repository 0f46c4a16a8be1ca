package org.lrppruning.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * Labelled samples as a float32 tensor: {@code x} is row-major, batch first, N × prod(sampleShape)
 * values; {@code sampleShape} is {F} for feature vectors or {C, H, W} for images (the layers'
 * tensor convention); {@code labels[i]} is the class of sample i.
 *
 * <p>The arrays are shared, not copied (a training split is 188 MB of floats): treat them as
 * read-only. {@link #select} and the converters return new arrays.
 */
public record LabeledData(float[] x, int[] sampleShape, int[] labels) {

    /**
     * Checks that the shape is {F} or {C, H, W} with positive dimensions and that {@code x} holds one sample of that
     * shape per label; copies the (small) shape.
     *
     * @throws IllegalArgumentException if the sizes disagree
     */
    public LabeledData {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(sampleShape, "sampleShape");
        Objects.requireNonNull(labels, "labels");
        sampleShape = sampleShape.clone();
        if (sampleShape.length != 1 && sampleShape.length != 3) {
            throw new IllegalArgumentException("sample shape must be {F} or {C, H, W}, was "
                    + Arrays.toString(sampleShape));
        }
        long per = 1;
        for (int d : sampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape)
                        + " has a dimension <= 0");
            }
            per *= d;
            if (per > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape) + " is too large");
            }
        }
        if ((long) labels.length * per != x.length) {
            throw new IllegalArgumentException("x must hold " + labels.length + " samples of shape "
                    + Arrays.toString(sampleShape) + " = " + (long) labels.length * per + " values, has " + x.length);
        }
    }

    /** Wraps the toy's 2-D points (shares their arrays): sample shape {2}. */
    public static LabeledData of(Samples samples) {
        return new LabeledData(samples.x(), new int[] {2}, samples.labels());
    }

    /**
     * The toy's 2-D points (sharing the arrays), for data whose samples are two features.
     *
     * @throws IllegalArgumentException if the sample shape is not {2}
     */
    public Samples toSamples() {
        if (sampleShape.length != 1 || sampleShape[0] != 2) {
            throw new IllegalArgumentException("the toy needs 2 features per sample, this data has shape "
                    + shapeString(sampleShape));
        }
        return new Samples(x, labels);
    }

    /** Number of samples N. */
    public int size() {
        return labels.length;
    }

    /** The per-sample shape (a copy). */
    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** The shape of the whole tensor: N followed by the sample shape. */
    public int[] shape() {
        int[] s = new int[sampleShape.length + 1];
        s[0] = size();
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    /** Values per sample: the product of the sample shape. */
    public int sampleSize() {
        int n = 1;
        for (int d : sampleShape) {
            n *= d;
        }
        return n;
    }

    /** Channels: the first dimension of the sample shape (the feature count for {F}). */
    public int channels() {
        return sampleShape[0];
    }

    /** The values of sample {@code i} (a copy). */
    public float[] sample(int i) {
        Objects.checkIndex(i, size());
        int per = sampleSize();
        return Arrays.copyOfRange(x, i * per, (i + 1) * per);
    }

    /**
     * The samples at {@code indices}, in that order (repeats allowed): new arrays.
     *
     * @throws IndexOutOfBoundsException if an index is not in [0, N)
     */
    public LabeledData select(int[] indices) {
        int per = sampleSize();
        float[] xs = new float[Math.multiplyExact(indices.length, per)];
        int[] ys = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = Objects.checkIndex(indices[k], size());
            System.arraycopy(x, i * per, xs, k * per, per);
            ys[k] = labels[i];
        }
        return new LabeledData(xs, sampleShape, ys);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), in file order: new arrays. */
    public LabeledData range(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int per = sampleSize();
        return new LabeledData(Arrays.copyOfRange(x, from * per, to * per), sampleShape,
                Arrays.copyOfRange(labels, from, to));
    }

    /**
     * 64-bit fingerprint of the samples (as prepared: after scaling and normalisation), their shape and the labels:
     * FNV-1a over the float bits, so any change to the data gives another fingerprint (model cache keys, curve setups).
     */
    public String fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (int d : shape()) {
            h = (h ^ d) * 0x100000001b3L;
        }
        for (float v : x) {
            h = (h ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
        }
        for (int y : labels) {
            h = (h ^ y) * 0x100000001b3L;
        }
        return Long.toHexString(h);
    }

    /** The class count the labels imply: largest label + 1 (0 for no samples). */
    public int classCount() {
        int max = -1;
        for (int y : labels) {
            max = Math.max(max, y);
        }
        return max + 1;
    }

    /**
     * Samples per class: {@code counts[c]} for c in [0, classes).
     *
     * @throws IllegalArgumentException if a label is outside [0, classes)
     */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " of sample " + i + " is outside [0, " + classes + ")");
            }
            counts[y]++;
        }
        return counts;
    }

    /** A shape as {@code 1×28×28}. */
    public static String shapeString(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? "×" : "").append(shape[i]);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        // Records compare array components by reference; here the contents are the value.
        return o instanceof LabeledData d && Arrays.equals(sampleShape, d.sampleShape)
                && Arrays.equals(labels, d.labels) && Arrays.equals(x, d.x);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(sampleShape) + Arrays.hashCode(labels)) + Arrays.hashCode(x);
    }

    /** Shape and class count only: the data may be large. */
    @Override
    public String toString() {
        return "LabeledData[" + size() + " samples of " + shapeString(sampleShape) + ", " + classCount() + " classes]";
    }
}
