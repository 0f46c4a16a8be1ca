package org.lrppruning.model;

/**
 * Inverted dropout (Srivastava et al. 2014): in training y = x·mask/(1−p) with the mask drawn by
 * the training pass ({@link #trainForward}); the identity at evaluation, for gradients of an evaluation pass and for relevance.
 */
public record Dropout(String name, float p) implements Unchanged {
    public Dropout {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": dropout probability must be in [0, 1), was " + p);
        }
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    /** y = x·mask/(1 − p), the mask drawn value by value from the pass's generator and kept. */
    @Override
    public Saved trainForward(float[] x, int n, int[] in, TrainingPass pass, int threads) {
        int size = n * Shapes.size(in);
        float keep = 1f / (1f - p);
        float[] scale = new float[size];
        for (int i = 0; i < size; i++) {
            scale[i] = pass.rng().nextDouble() >= p ? keep : 0f;
        }
        float[] y = new float[size];
        for (int i = 0; i < size; i++) {
            y[i] = x[i] * scale[i];
        }
        return new Saved(y, scale);
    }

    @Override
    public Grads trainBackward(float[] x, Object state, float[] gy, int n, int[] in, boolean input, boolean parameters,
                               int threads) {
        if (!input) {
            return new Grads(null, null, null);
        }
        if (!(state instanceof float[] scale)) {
            return new Grads(gy, null, null);
        }
        float[] g = new float[scale.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = gy[i] * scale[i];
        }
        return new Grads(g, null, null);
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
