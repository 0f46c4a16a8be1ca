package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.testutil.Cnns;
import org.lrppruning.testutil.Nets;

/** Every layer's input gradient and the Affine parameter gradients against central finite differences in float64. */
class GradientsTest {
    private static final Random R = new Random(23);
    private static final int N = 2;
    private static final double H = 1e-6;

    /** Σ_i c_i·f(x)_i. */
    private static double dot(double[] y, double[] c) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += y[i] * c[i];
        }
        return s;
    }

    private static double[] numeric(Function<double[], double[]> f, double[] x, double[] c) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + H;
            double up = dot(f.apply(x), c);
            x[i] = keep - H;
            double down = dot(f.apply(x), c);
            x[i] = keep;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    private static void assertClose(double[] got, double[] want, double tol) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("element %d", i).isCloseTo(want[i], within(tol * (1 + Math.abs(want[i]))));
        }
    }

    private static double[] random(int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) (2 * R.nextDouble() - 1); // float32 values, so the float32 variants see the same input
        }
        return v;
    }

    private static float[] round(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    @Test
    void everyLayersInputGradientMatchesFiniteDifferences() {
        int[] img = {3, 6, 5};
        List<Object[]> cases = List.of(
                new Object[] {Cnns.conv("conv", 3, 4, new Window(3, 2, 2, 1, 1, 1), true, R), img},
                new Object[] {Cnns.conv("conv1x1", 3, 2, Window.square(1, 1, 0), false, R), img},
                new Object[] {new MaxPool2d("max", Window.square(3, 2, 1)), img},
                new Object[] {new AvgPool2d("avg", Window.square(3, 2, 1), true), img},
                new Object[] {new AvgPool2d("avgx", Window.square(3, 2, 1), false), img},
                new Object[] {new GlobalAvgPool("gap"), img},
                new Object[] {Cnns.bn("bn", 3, R), img},
                new Object[] {Cnns.bn("bn1d", 7, R), new int[] {7}},
                new Object[] {new Relu("relu"), img},
                new Object[] {new Flatten("flat"), img},
                new Object[] {new Dropout("drop", 0.3f), img},
                new Object[] {Nets.linear("lin", 7, 4, R), new int[] {7}});
        for (Object[] c : cases) {
            Layer l = (Layer) c[0];
            int[] in = (int[]) c[1];
            double[] x = random(N * Shapes.size(in));
            double[] w = random(N * Shapes.size(l.outputShape(in)));
            double[] want = numeric(v -> l.forward64(v, N, in), x, w);
            assertClose(l.backward64(x, w, N, in), want, 1e-6);
            float[] x32 = round(x);
            assertThat(l.backward64(x32, w, N, in)).as(l.name()).containsExactly(l.backward64(x, w, N, in));
            double[] g32 = AccurateOps.widen(l.backward(x32, round(w), N, in, 1), x.length);
            assertClose(g32, want, 1e-5);
        }
    }

    @Test
    void affineWeightAndBiasGradientsMatchFiniteDifferences() {
        int[] img = {2, 5, 5};
        List<Object[]> cases = List.of(
                new Object[] {Cnns.conv("conv", 2, 3, new Window(3, 3, 2, 1, 1, 0), true, R), img},
                new Object[] {Nets.linear("lin", 6, 4, R), new int[] {6}});
        for (Object[] c : cases) {
            Affine l = (Affine) c[0];
            int[] in = (int[]) c[1];
            double[] x = random(N * Shapes.size(in));
            double[] gy = random(N * Shapes.size(l.outputShape(in)));
            double[] w = AccurateOps.widen(l.weight(), l.weight().length);
            double[] b = AccurateOps.widen(l.bias(), l.bias().length);
            double[] wantW = numeric(v -> l.withParameters64(v, b).forward64(x, N, in), w, gy);
            double[] wantB = numeric(v -> l.withParameters64(w, v).forward64(x, N, in), b, gy);
            float[] x32 = round(x);
            float[] gy32 = round(gy);
            assertClose(AccurateOps.widen(l.weightGradient(x32, gy32, N, in, 1), w.length), wantW, 1e-5);
            assertClose(AccurateOps.widen(l.biasGradient(gy32, N, in), b.length), wantB, 1e-5);
        }
    }

    @Test
    void backpropOfACnnGivesTheLossGradientOfTheFirstConvsWeights() {
        Network net = Cnns.small(3, false, PrunableUnits.DEFAULT);
        float[] x = Cnns.uniform(R, 4 * net.inputs(), -1, 1);
        int[] y = {0, 2, 1, 2};
        Trace t = net.trace(x, 4);
        Backprop bp = Backprop.run(t, Backprop.crossEntropyGrad(t.logits(), y, 4, 3), true, 1);
        Conv2d conv = (Conv2d) net.layer(0);
        double[] w = AccurateOps.widen(conv.weight(), conv.weight().length);
        double[] b = AccurateOps.widen(conv.bias(), conv.bias().length);
        double[] x64 = AccurateOps.widen(x, x.length);
        for (int i = 0; i < w.length; i += 7) {
            double keep = w[i];
            w[i] = keep + H;
            double up = loss(net.with(0, conv.withParameters64(w, b)), x64, y);
            w[i] = keep - H;
            double down = loss(net.with(0, conv.withParameters64(w, b)), x64, y);
            w[i] = keep;
            assertThat((double) bp.weightGrad(0)[i]).as("weight %d", i).isCloseTo((up - down) / (2 * H), within(1e-5));
        }
        // the float64 pass gives the same gradients at every layer's output as the float32 one, more exactly
        Trace64 t64 = Trace64.of(net, x, 4);
        double[][] g64 = Backprop.outputGradients64(t64, Backprop.crossEntropyGrad64(t64.logits(), y, 4, 3));
        for (int i = 0; i < net.layers().size(); i++) {
            assertClose(AccurateOps.widen(bp.outputGrad(i), g64[i].length), g64[i], 1e-5);
        }
    }

    private static double loss(Network net, double[] x, int[] y) {
        double[] z = net.logits64(x, y.length);
        double total = 0;
        for (int r = 0; r < y.length; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                max = Math.max(max, z[r * 3 + c]);
            }
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(z[r * 3 + c] - max);
            }
            total += max + Math.log(sum) - z[r * 3 + y[r]];
        }
        return total / y.length;
    }
}
