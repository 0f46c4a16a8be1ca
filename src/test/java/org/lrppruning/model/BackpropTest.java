package org.lrppruning.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lrppruning.data.Samples;
import org.lrppruning.testutil.Nets;
import org.lrppruning.testutil.Slow;

class BackpropTest {
    private static final Network NET = Nets.paperShaped(13, 6, 5, 4, 3, false);
    private static final Samples S = Nets.samples(3, 7, 3);

    @Test
    void outputGradientsMatchTheSlowChainRuleInFloat32AndFloat64() {
        Trace t = NET.trace(S.x(), S.size());
        float[] g = Backprop.crossEntropyGrad(t.logits(), S.labels(), S.size(), 3);
        Backprop bp = Backprop.run(t, g, true, 1);
        double[][] g64 = Backprop.outputGradients64(t, g);
        for (int n = 0; n < S.size(); n++) {
            List<double[]> want = Slow.gradients(NET, Slow.point(S.x(), n), S.labels()[n], S.size());
            for (int layer = 1; layer < NET.layers().size(); layer++) {
                int w = want.get(layer).length;
                for (int j = 0; j < w; j++) {
                    double expected = want.get(layer)[j];
                    assertThat((double) bp.outputGrad(layer)[n * w + j]).isCloseTo(expected, within(1e-6));
                    assertThat(g64[layer][n * w + j]).isCloseTo(expected, within(1e-7));
                }
            }
        }
    }

    @Test
    void weightGradientsMatchFiniteDifferencesOfTheLoss() {
        Trace t = NET.trace(S.x(), S.size());
        Backprop bp = Backprop.run(t, Backprop.crossEntropyGrad(t.logits(), S.labels(), S.size(), 3), true, 1);
        Linear l = (Linear) NET.layers().get(3);
        for (int idx : new int[] {0, 7, 13, 29}) {
            double eps = 1e-2;
            double up = lossWith(l, idx, eps);
            double down = lossWith(l, idx, -eps);
            assertThat((double) bp.weightGrad(3)[idx]).isCloseTo((up - down) / (2 * eps), within(2e-3));
        }
    }

    private static double lossWith(Linear l, int idx, double delta) {
        float[] w = l.weight().clone();
        w[idx] += (float) delta;
        Network changed = NET.with(3, new Linear(l.name(), l.in(), l.out(), w, l.bias()));
        return Backprop.crossEntropy(changed.logits(S.x(), S.size()), S.labels(), S.size(), 3);
    }
}
