package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lrppruning.testutil.Cnns;

/** BatchNorm in training mode against the textbook definition in float64 and its finite differences. */
class BatchNormTrainingTest {
    private static final Random R = new Random(5);
    private static final int N = 3;
    private static final int[] IMG = {4, 3, 5};
    private static final double H = 1e-6;

    /** The obvious training-mode BN: per channel, mean and biased variance over samples and positions. */
    private static double[] slowForward(double[] x, double[] gamma, double[] beta, int n, int[] in, double eps) {
        int c = in[0];
        int inner = in[1] * in[2];
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int r = 0; r < n; r++) {
                for (int p = 0; p < inner; p++) {
                    sum += x[(r * c + ch) * inner + p];
                }
            }
            double mu = sum / (n * inner);
            double sq = 0;
            for (int r = 0; r < n; r++) {
                for (int p = 0; p < inner; p++) {
                    double d = x[(r * c + ch) * inner + p] - mu;
                    sq += d * d;
                }
            }
            double var = sq / (n * inner);
            for (int r = 0; r < n; r++) {
                for (int p = 0; p < inner; p++) {
                    int i = (r * c + ch) * inner + p;
                    y[i] = (x[i] - mu) / Math.sqrt(var + eps) * gamma[ch] + beta[ch];
                }
            }
        }
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ∂(w·f(v))/∂v by central differences, v changed in place and restored. */
    private static double[] numeric(java.util.function.Supplier<double[]> f, double[] v, double[] w) {
        double[] g = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double keep = v[i];
            v[i] = keep + H;
            double up = dot(f.get(), w);
            v[i] = keep - H;
            double down = dot(f.get(), w);
            v[i] = keep;
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    private static double[] wide(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static void assertClose(float[] got, double[] want, double tol) {
        assertThat(got).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("element %d", i).isCloseTo(want[i], within(tol * (1 + Math.abs(want[i]))));
        }
    }

    @Test
    void trainingForwardNormalisesByTheBatchStatistics() {
        BatchNorm bn = Cnns.bn("bn", IMG[0], R);
        float[] x = Cnns.uniform(R, N * Shapes.size(IMG), -2, 3);
        BatchNorm.BatchStats s = bn.batchStats(x, N, IMG, 1);
        double[] want = slowForward(wide(x), wide(bn.gamma()), wide(bn.beta()), N, IMG, bn.eps());
        assertClose(bn.forwardTraining(x, s, N, IMG, 1), want, 1e-6);
        assertThat(s.count()).isEqualTo(N * 15L);
    }

    @Test
    void trainingBackwardMatchesFiniteDifferencesOfTheTrainingForward() {
        BatchNorm bn = Cnns.bn("bn", IMG[0], R);
        float[] x = Cnns.uniform(R, N * Shapes.size(IMG), -2, 3);
        float[] gy = Cnns.uniform(R, x.length, -1, 1);
        double[] xd = wide(x);
        double[] gamma = wide(bn.gamma());
        double[] beta = wide(bn.beta());
        double[] w = wide(gy);
        BatchNorm.TrainingGrad g = bn.backwardTraining(x, gy, bn.batchStats(x, N, IMG, 1), N, IMG, 1);
        assertClose(g.input(), numeric(() -> slowForward(xd, gamma, beta, N, IMG, bn.eps()), xd, w), 1e-5);
        assertClose(g.gamma(), numeric(() -> slowForward(xd, gamma, beta, N, IMG, bn.eps()), gamma, w), 1e-5);
        assertClose(g.beta(), numeric(() -> slowForward(xd, gamma, beta, N, IMG, bn.eps()), beta, w), 1e-5);
    }

    @Test
    void runningStatisticsMoveByMomentumWithTheUnbiasedVariance() {
        BatchNorm bn = Cnns.bn("bn", 2, R);
        float[] mean0 = bn.mean().clone();
        float[] var0 = bn.var().clone();
        int[] in = {2, 1, 2};
        float[] x = {1, 3, 10, 20, /* sample 2 */ 5, 7, 30, 40};
        bn.updateRunning(bn.batchStats(x, 2, in, 1), BatchNorm.DEFAULT_MOMENTUM);
        // channel 0: 1, 3, 5, 7 → mean 4, unbiased variance 20/3; channel 1: 10, 20, 30, 40 → 25, 500/3
        assertThat((double) bn.mean()[0]).isCloseTo(0.9 * mean0[0] + 0.1 * 4, within(1e-6));
        assertThat((double) bn.var()[0]).isCloseTo(0.9 * var0[0] + 0.1 * 20.0 / 3, within(1e-6));
        assertThat((double) bn.mean()[1]).isCloseTo(0.9 * mean0[1] + 0.1 * 25, within(1e-5));
        assertThat((double) bn.var()[1]).isCloseTo(0.9 * var0[1] + 0.1 * 500.0 / 3, within(1e-5));
    }

    @Test
    void aTrainingTraceAndBackpropUseTheBatchStatisticsAndGiveTheirParameterGradients() {
        Network net = Cnns.small(11, true, PrunableUnits.DEFAULT);
        float[] x = Cnns.uniform(R, 4 * net.inputs(), -1, 1);
        int[] y = {0, 1, 2, 1};
        Trace t = Trace.training(net, x, 4, new SplittableRandom(3), 1);
        int bn = net.indexOf("features.bn0");
        BatchNorm layer = (BatchNorm) net.layer(bn);
        assertThat(t.batchStats(bn)).isNotNull();
        assertThat(t.output(bn)).containsExactly(layer.forwardTraining(t.input(bn), t.batchStats(bn), 4, net.shape(bn), 1));
        assertThat(net.trace(x, 4).batchStats(bn)).isNull();
        Backprop bp = Backprop.run(t, Backprop.crossEntropyGrad(t.logits(), y, 4, 3), true, 1);
        BatchNorm.TrainingGrad g = layer.backwardTraining(t.input(bn), bp.outputGrad(bn), t.batchStats(bn), 4,
                net.shape(bn), 1);
        assertThat(bp.weightGrad(bn)).containsExactly(g.gamma());
        assertThat(bp.biasGrad(bn)).containsExactly(g.beta());
        assertThat(bp.outputGrad(bn - 1)).containsExactly(g.input());
    }
}
