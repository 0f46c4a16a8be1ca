package org.lrppruning.linalg;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 reductions over a contiguous range on the Vector API, in one fixed order: lane l sums the
 * values p ≡ l (mod L) below the last multiple of L (fma steps where there is a product), the lanes are
 * added pairwise ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)), then the remaining values one by one. The
 * order depends on the length only, so the bits do not depend on threads or on where the range lies.
 */
public final class Lanes {
    private Lanes() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Σ x[off .. off + len). */
    public static float sum(float[] x, int off, int len) {
        int bound = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < bound; p += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + p));
        }
        float s = pairwise(acc);
        for (int p = bound; p < len; p++) {
            s += x[off + p];
        }
        return s;
    }

    /** Σ (g − gShift)·(x − xShift) over [off, off + len) of both arrays. */
    public static float centredDot(float[] g, float gShift, float[] x, float xShift, int off, int len) {
        int bound = S.loopBound(len);
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < bound; p += L) {
            FloatVector gv = FloatVector.fromArray(S, g, off + p).sub(gShift);
            acc = gv.fma(FloatVector.fromArray(S, x, off + p).sub(xShift), acc);
        }
        float s = pairwise(acc);
        for (int p = bound; p < len; p++) {
            s = Math.fma(g[off + p] - gShift, x[off + p] - xShift, s);
        }
        return s;
    }

    /**
     * The lanes of v added pairwise, in lane order. Eight lanes (AVX2) by lane extraction: a toArray per call
     * allocated a small array for every (sample, channel) of a BatchNorm layer in training.
     */
    static float pairwise(FloatVector v) {
        if (L == 8) {
            return ((v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3))) + ((v.lane(4) + v.lane(5)) + (v.lane(6) + v.lane(7)));
        }
        float[] lanes = v.toArray();
        for (int w = lanes.length; w > 1; w /= 2) {
            for (int l = 0; l < w / 2; l++) {
                lanes[l] = lanes[2 * l] + lanes[2 * l + 1];
            }
        }
        return lanes[0];
    }
}
