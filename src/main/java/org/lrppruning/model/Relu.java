package org.lrppruning.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = max(x, 0) (Math.max: NaN stays NaN, −0 becomes +0); its gradient passes where x &gt; 0 and is +0
 * elsewhere. Relevance passes unchanged (Zennit's {@code Pass}). The loops run on the Vector API: a
 * lane-wise max and a masked select give the same bits as the scalar expressions, without the branch
 * mispredictions that random signs cause.
 */
public record Relu(String name) implements Layer {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    public float[] forward(float[] x, int n, int[] in, int threads) {
        float[] y = new float[n * Shapes.size(in)];
        int i = 0;
        for (int up = F.loopBound(y.length); i < up; i += F.length()) {
            FloatVector.fromArray(F, x, i).lanewise(VectorOperators.MAX, 0f).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] = Math.max(x[i], 0f);
        }
        return y;
    }

    @Override
    public double[] forward64(double[] x, int n, int[] in) {
        double[] y = new double[n * Shapes.size(in)];
        int i = 0;
        for (int up = D.loopBound(y.length); i < up; i += D.length()) {
            DoubleVector.fromArray(D, x, i).lanewise(VectorOperators.MAX, 0.0).intoArray(y, i);
        }
        for (; i < y.length; i++) {
            y[i] = Math.max(x[i], 0.0);
        }
        return y;
    }

    @Override
    public float[] backward(float[] x, float[] gy, int n, int[] in, int threads) {
        float[] g = new float[n * Shapes.size(in)];
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int up = F.loopBound(g.length); i < up; i += F.length()) {
            zero.blend(FloatVector.fromArray(F, gy, i), FloatVector.fromArray(F, x, i).compare(VectorOperators.GT, 0f))
                    .intoArray(g, i);
        }
        for (; i < g.length; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0f;
        }
        return g;
    }

    @Override
    public double[] backward64(double[] x, double[] gy, int n, int[] in) {
        return pass(x, gy, n * Shapes.size(in));
    }

    @Override
    public double[] backward64(float[] x, double[] gy, int n, int[] in) {
        int size = n * Shapes.size(in);
        double[] xd = new double[size]; // exact widening, so the comparison is the float32 one
        for (int i = 0; i < size; i++) {
            xd[i] = x[i];
        }
        return pass(xd, gy, size);
    }

    /** gy where x &gt; 0, +0 elsewhere. */
    private static double[] pass(double[] x, double[] gy, int size) {
        double[] g = new double[size];
        DoubleVector zero = DoubleVector.zero(D);
        int i = 0;
        for (int up = D.loopBound(size); i < up; i += D.length()) {
            zero.blend(DoubleVector.fromArray(D, gy, i), DoubleVector.fromArray(D, x, i).compare(VectorOperators.GT, 0.0))
                    .intoArray(g, i);
        }
        for (; i < size; i++) {
            g[i] = x[i] > 0 ? gy[i] : 0.0;
        }
        return g;
    }

    @Override
    public Shrunk withoutInputs(boolean[] keep, int[] in) {
        return new Shrunk(this, keep);
    }
}
