package org.lrppruning.data;

/**
 * The unlabelled half of a data file: {@code count} samples of {@code sampleShape}, float32,
 * row-major, byte images already scaled to [0, 1].
 */
record Features(float[] x, int[] sampleShape, int count) {

    /** Pixel p of an 8-bit image as float32 in [0, 1]: {@code p / 255f}, the fixtures' first step. */
    static float[] scaleBytes(byte[] pixels) {
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xFF) / 255f;
        }
        return x;
    }

    /** Images of rank 2 per sample (H×W) get a channel axis: {1, H, W}; others are kept. */
    static int[] withChannel(int[] sampleShape) {
        if (sampleShape.length != 2) {
            return sampleShape;
        }
        return new int[] {1, sampleShape[0], sampleShape[1]};
    }
}
