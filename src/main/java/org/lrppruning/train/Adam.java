package org.lrppruning.train;

import org.lrppruning.linalg.Parallel;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's defaults and update order:
 * m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², θ ← θ − lr·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε).
 */
final class Adam {
    private float lr;
    private final float beta1 = 0.9f;
    private final float beta2 = 0.999f;
    private final float eps = 1e-8f;
    private final float[][] m;
    private final float[][] v;
    private int step;

    Adam(float lr, int[] sizes) {
        this.lr = lr;
        this.m = new float[sizes.length][];
        this.v = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            m[i] = new float[sizes[i]];
            v[i] = new float[sizes[i]];
        }
    }

    /** Sets the learning rate of the next updates (for a schedule). */
    void learningRate(float lr) {
        this.lr = lr;
    }

    /** Starts a new step (the bias corrections depend on the step count). */
    void next() {
        step++;
    }

    /** Updates parameter tensor {@code i} in place from its gradient. */
    void update(int i, float[] param, float[] grad) {
        update(i, param, grad, 1);
    }

    /** {@link #update(int, float[], float[])} with the elements split over {@code threads} (each updated alike). */
    void update(int i, float[] param, float[] grad, int threads) {
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) Math.sqrt(1 - Math.pow(beta2, step));
        float[] mi = m[i];
        float[] vi = v[i];
        float stepSize = lr / c1;
        Parallel.range(param.length, threads, Parallel.ELEMENTS, (from, to) -> {
            for (int k = from; k < to; k++) {
                float g = grad[k];
                mi[k] = beta1 * mi[k] + (1 - beta1) * g;
                vi[k] = beta2 * vi[k] + (1 - beta2) * g * g;
                param[k] -= stepSize * mi[k] / ((float) Math.sqrt(vi[k]) / c2 + eps);
            }
        });
    }
}
