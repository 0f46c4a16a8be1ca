package org.lrppruning.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.lrppruning.linalg.Parallel;

/** y = max(x, 0); its gradient passes where x > 0. Relevance passes unchanged (Zennit's {@code Pass}). */
public record Relu(String name) implements Layer {
    /** The one species of the code base (see {@code linalg.MatOps}: a second one would pollute the type profiles). */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Values per part when split over threads. */
    private static final int GRAIN = 1 << 15;

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        float[] y = new float[n * Shapes.size(in)];
        Parallel.range(y.length, threads, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = Math.max(x[i], 0f);
            }
        });
        return y;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        double[] y = new double[n * Shapes.size(in)];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(x[i], 0.0);
        }
        return y;
    }

    /** gy where x > 0, else 0; lane-wise blends (a scalar branch on the sign mispredicts half the time). */
    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        float[] g = new float[n * Shapes.size(in)];
        Parallel.range(g.length / S.length(), threads, GRAIN / S.length(), (from, to) -> {
            FloatVector zero = FloatVector.zero(S);
            for (int i = from * S.length(); i < to * S.length(); i += S.length()) {
                FloatVector xv = FloatVector.fromArray(S, x, i);
                zero.blend(FloatVector.fromArray(S, gy, i), xv.compare(VectorOperators.GT, 0f)).intoArray(g, i);
            }
        });
        for (int i = S.loopBound(g.length); i < g.length; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0f;
        }
        return g;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        double[] g = new double[n * Shapes.size(in)];
        for (int i = 0; i < g.length; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0.0;
        }
        return g;
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        double[] g = new double[n * Shapes.size(in)];
        for (int i = 0; i < g.length; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0.0;
        }
        return g;
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
