package org.lrppruning.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.model.Relu;
import org.lrppruning.model.Window;
import org.lrppruning.testutil.Cnns;
import org.lrppruning.testutil.Nets;

/** The BatchNorm canonizer: same function, BatchNorm folded into the layer before it, the model itself untouched. */
class CanonizerTest {
    private static final Canonizer MERGE = Canonizer.mergeBatchNorm();

    @Test
    void theMergedNetworkGivesTheSameLogitsInFloat32AndFloat64() {
        Network net = Cnns.small(3, true, PrunableUnits.DEFAULT);
        Network merged = MERGE.apply(net);
        int n = 7;
        float[] x = Cnns.uniform(new Random(4), n * net.inputs(), -1, 2);
        float[] a = net.logits(x, n);
        float[] b = merged.logits(x, n);
        double[] a64 = net.logits64(widen(x), n);
        double[] b64 = merged.logits64(widen(x), n);
        double scale = 0;
        for (double v : a64) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat((double) b[i]).as("float32 logit %d", i).isCloseTo(a[i], within(1e-5 * scale));
            assertThat(b64[i]).as("float64 logit %d", i).isCloseTo(a64[i], within(1e-12 * scale));
        }
    }

    @Test
    void eachBatchNormAfterAnAffineLayerIsFoldedIntoItAndTheModelStaysAsItWas() {
        Network net = Cnns.small(3, true, PrunableUnits.DEFAULT);
        List<Layer> before = new ArrayList<>(net.layers());
        Network merged = MERGE.apply(net);
        assertThat(net.layers()).containsExactlyElementsOf(before);
        assertThat(merged.layers()).noneMatch(BatchNorm.class::isInstance);
        assertThat(merged.layers()).hasSize(net.layers().size() - 2);
        assertThat(merged.layers().stream().map(Layer::name))
                .containsExactlyElementsOf(net.layers().stream().map(Layer::name)
                        .filter(s -> !s.startsWith("features.bn")).toList());
        // W' = W·γ/√(σ²+ε) and b' = (b − μ)·γ/√(σ²+ε) + β, spelled out for the first conv's filter 2
        Conv2d conv = (Conv2d) net.layer(0);
        BatchNorm bn = (BatchNorm) net.layer(1);
        Affine m = (Affine) merged.layer(0);
        double scale = bn.gamma()[2] / Math.sqrt(bn.var()[2] + 1e-5);
        for (int k = 0; k < conv.fanIn(); k++) {
            assertThat(m.weight64()[2 * conv.fanIn() + k]).isEqualTo(conv.weight()[2 * conv.fanIn() + k] * scale);
        }
        assertThat(m.bias64()[2]).isEqualTo((conv.bias()[2] - (double) bn.mean()[2]) * scale + bn.beta()[2]);
        assertThat(m.weight()[2 * conv.fanIn()]).isEqualTo((float) m.weight64()[2 * conv.fanIn()]);
    }

    @Test
    void aNetworkWithoutBatchNormIsReturnedAsItIs() {
        Network net = Cnns.small(3, false, PrunableUnits.DEFAULT);
        assertThat(MERGE.apply(net)).isSameAs(net);
    }

    @Test
    void aBatchNormAfterAnActivationStaysAndALayerWithoutBiasGetsOne() {
        Random r = new Random(8);
        Conv2d conv = new Conv2d("c", 1, 2, Window.square(3, 1, 1), Cnns.uniform(r, 18, -1, 1), null);
        List<Layer> layers = List.of(conv, Cnns.bn("bn0", 2, r), new Relu("r"), Cnns.bn("bn1", 2, r),
                new org.lrppruning.model.Flatten("f"), Nets.linear("out", 32, 2, r));
        Network net = new Network(new int[] {1, 4, 4}, layers);
        Network merged = MERGE.apply(net);
        assertThat(merged.layers().stream().map(Layer::name)).containsExactly("c", "r", "bn1", "f", "out");
        assertThat(((Affine) merged.layer(0)).bias()).isNotNull();
        float[] x = Cnns.uniform(r, 3 * 16, -1, 1);
        double[] a = net.logits64(widen(x), 3);
        double[] b = merged.logits64(widen(x), 3);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-12 * (1 + Math.abs(a[i]))));
        }
    }

    @Test
    void aBatchNormAfterALinearLayerIsMergedToo() {
        Random r = new Random(9);
        Linear lin = Nets.linear("l", 4, 3, r);
        Network net = new Network(4, List.of(lin, Cnns.bn("bn", 3, r), new Relu("r"), Nets.linear("out", 3, 2, r)));
        Network merged = MERGE.apply(net);
        assertThat(merged.layers()).hasSize(3);
        float[] x = Cnns.uniform(r, 8, -1, 1);
        double[] a = net.logits64(widen(x), 2);
        double[] b = merged.logits64(widen(x), 2);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-12 * (1 + Math.abs(a[i]))));
        }
    }

    private static double[] widen(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
