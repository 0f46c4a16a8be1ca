package org.lrppruning.data;

import java.util.Arrays;

/**
 * Per-channel standardisation {@code x' = (x − mean[c]) / std[c]}, in float32 as the CNN fixtures
 * compute it ({@code (float32(pixel) / 255f − 0.2860f) / 0.3530f} for Fashion-MNIST). The channel of
 * a value is the first axis of the sample shape: C of {C, H, W}, the feature of {F}. One mean and
 * one std apply to every channel.
 */
public record Normalization(float[] mean, float[] std) {

    /**
     * Checks that mean and std have the same length ≥ 1, that every value is finite and every
     * std is positive; copies both.
     */
    public Normalization {
        mean = mean.clone();
        std = std.clone();
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization needs as many means as stds, got "
                    + mean.length + " and " + std.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c]) || !Float.isFinite(std[c]) || !(std[c] > 0)) {
                throw new IllegalArgumentException("normalization needs finite means and stds > 0, got mean "
                        + mean[c] + ", std " + std[c]);
            }
        }
    }

    /**
     * Parses {@code MEAN,STD} (one pair for all channels) or {@code M1,…,MC,S1,…,SC} (C means,
     * then C stds), each value read as float32 ({@code Float.parseFloat}, correctly rounded).
     *
     * @throws IllegalArgumentException naming the text and the problem
     */
    public static Normalization parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length % 2 != 0) {
            throw new IllegalArgumentException("--normalize '" + text + "': expected MEAN,STD or C means then C stds"
                    + " (an even count of numbers), got " + parts.length);
        }
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--normalize '" + text + "': '" + parts[i].strip() + "' is not a number");
            }
        }
        int c = v.length / 2;
        try {
            return new Normalization(Arrays.copyOfRange(v, 0, c), Arrays.copyOfRange(v, c, v.length));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--normalize '" + text + "': " + e.getMessage());
        }
    }

    /** Number of channels given (1 = the same pair for every channel). */
    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * Normalises {@code data}'s values in place.
     *
     * @throws IllegalArgumentException if more than one pair is given and their count is not the
     *     data's channel count
     */
    public void applyInPlace(LabeledData data) {
        int channels = data.channels();
        if (mean.length != 1 && mean.length != channels) {
            throw new IllegalArgumentException("--normalize gives " + mean.length + " channels, the data has "
                    + channels + " (shape " + LabeledData.shapeString(data.sampleShape()) + ")");
        }
        float[] x = data.x();
        int per = data.sampleSize();
        int block = per / channels; // values per channel within one sample
        for (int i = 0; i < data.size(); i++) {
            for (int c = 0; c < channels; c++) {
                float m = mean[mean.length == 1 ? 0 : c];
                float s = std[mean.length == 1 ? 0 : c];
                int start = i * per + c * block;
                for (int k = start; k < start + block; k++) {
                    x[k] = (x[k] - m) / s;
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
