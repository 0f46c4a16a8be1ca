package org.lrppruning.lrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lrppruning.lrp.Explainer.Precision;
import org.lrppruning.lrp.Explainer.Result;
import org.lrppruning.lrp.Explainer.Start;
import org.lrppruning.lrp.Explainer.Tap;
import org.lrppruning.model.Network;
import org.lrppruning.model.PrunableUnits;
import org.lrppruning.model.Trace64;
import org.lrppruning.testutil.Cnns;

/** Explanations of a batch: taps, starts, conservation, precision and the same bits for any thread count. */
class ExplainerTest {
    private static final Network CNN = Cnns.small(7, true, PrunableUnits.DEFAULT);
    private static final int N = 37; // more than two chunks, the last one partial
    private static final float[] X = Cnns.uniform(new Random(3), N * CNN.inputs(), -0.8, 2.0);
    private static final int[] Y = new Random(4).ints(N, 0, 3).toArray();
    private static final Composites.Box BOX = new Composites.Box(new double[] {-0.8}, new double[] {2.0});

    private static Result explain(String composite, Start start, Precision p, int threads) {
        return new Explainer(CNN, Composites.of(composite, BOX), start, p).explain(X, Y, N, threads, null);
    }

    @Test
    void everyAffineLayerIsATapWithItsUnitsTheOutputLayersBeingTheStart() {
        Result r = explain("epsilon-plus-flat", Start.LOGIT, Precision.FLOAT64, 1);
        assertThat(r.taps().stream().map(Tap::name)).containsExactly("features.0", "features.1", "classifier.1",
                "classifier.4");
        assertThat(r.taps().stream().map(Tap::units)).containsExactly(5, 4, 6, 3);
        assertThat(r.input()).hasSize(N * CNN.inputs());
        assertThat(r.logits()).hasSize(N * 3);
        double[] start = r.tap("classifier.4").sum();
        for (int s = 0; s < N; s++) {
            for (int c = 0; c < 3; c++) {
                assertThat(start[s * 3 + c]).isEqualTo(c == Y[s] ? r.logits()[s * 3 + c] : 0.0);
            }
        }
        assertThatThrownBy(() -> r.tap("classifier.9")).hasMessageContaining("taps: features.0");
    }

    @Test
    void theResultsAreTheSameBitsForAnyThreadCount() {
        for (Precision p : Precision.values()) {
            Result one = explain("epsilon-alpha2-beta1-flat", Start.LOGIT, p, 1);
            Result three = explain("epsilon-alpha2-beta1-flat", Start.LOGIT, p, 3);
            assertThat(three.input()).containsExactly(one.input());
            assertThat(three.logits()).containsExactly(one.logits());
            for (int t = 0; t < one.taps().size(); t++) {
                assertThat(three.taps().get(t).sum()).containsExactly(one.taps().get(t).sum());
                assertThat(three.taps().get(t).absSum()).containsExactly(one.taps().get(t).absSum());
            }
        }
    }

    @Test
    void aSampleHasTheSameBitsInAnyChunk() {
        // a sample explained alone or in a chunk with others must not notice
        for (Precision p : Precision.values()) {
            Explainer e = new Explainer(CNN, Composites.of("epsilon-plus-flat", BOX), Start.LOGIT, p);
            Result all = e.explain(X, Y, N, 2, null);
            for (int s : new int[] {0, 17, N - 1}) {
                float[] x = java.util.Arrays.copyOfRange(X, s * CNN.inputs(), (s + 1) * CNN.inputs());
                Result alone = e.explain(x, new int[] {Y[s]}, 1, 1, null);
                assertThat(alone.input()).containsExactly(
                        java.util.Arrays.copyOfRange(all.input(), s * CNN.inputs(), (s + 1) * CNN.inputs()));
                for (int t = 0; t < all.taps().size(); t++) {
                    int u = all.taps().get(t).units();
                    assertThat(alone.taps().get(t).sum())
                            .containsExactly(java.util.Arrays.copyOfRange(all.taps().get(t).sum(), s * u, (s + 1) * u));
                }
            }
        }
    }

    @Test
    void aBatchSmallerThanAChunkLendsItsThreadsToTheProductsWithTheSameBits() {
        int n = 9;
        for (Precision p : Precision.values()) {
            Explainer e = new Explainer(CNN, Composites.of("epsilon-plus-flat", BOX), Start.LOGIT, p);
            Result one = e.explain(X, Y, n, 1, null);
            for (int threads = 2; threads <= 3; threads++) {
                Result more = e.explain(X, Y, n, threads, null);
                assertThat(more.input()).containsExactly(one.input());
                assertThat(more.logits()).containsExactly(one.logits());
                for (int t = 0; t < one.taps().size(); t++) {
                    assertThat(more.taps().get(t).sum()).containsExactly(one.taps().get(t).sum());
                    assertThat(more.taps().get(t).absSum()).containsExactly(one.taps().get(t).absSum());
                }
            }
        }
    }

    @Test
    void theLogitStartScalesTheOneHotExplanationByTheTrueLogit() {
        // every rule is linear in the relevance it redistributes
        Result logit = explain("epsilon-gamma-box", Start.LOGIT, Precision.FLOAT64, 2);
        Result one = explain("epsilon-gamma-box", Start.ONE_HOT, Precision.FLOAT64, 2);
        int per = CNN.inputs();
        for (int s = 0; s < N; s++) {
            double z = logit.logits()[s * 3 + Y[s]];
            for (int i = 0; i < per; i++) {
                double want = z * one.input()[s * per + i];
                assertThat(logit.input()[s * per + i]).isCloseTo(want, within(1e-12 * (1 + Math.abs(want))));
            }
        }
    }

    @Test
    void theLogitsAreTheModelsAndTheStartIsTheTrueClass() {
        Result r = explain("lrp-pruning", Start.ONE_HOT, Precision.FLOAT64, 1);
        double[] want = Trace64.of(CNN, X, N).logits();
        for (int i = 0; i < want.length; i++) {
            assertThat(r.logits()[i]).isCloseTo(want[i], within(1e-12 * (1 + Math.abs(want[i]))));
        }
        // bias-free z+ on conv 2 conserves each sample's relevance down to conv 1; z-box down to the input (up to ε)
        Tap conv2 = r.tap("features.1");
        Tap conv1 = r.tap("features.0");
        int per = CNN.inputs();
        for (int s = 0; s < N; s++) {
            double top = 0;
            for (int u = 0; u < conv2.units(); u++) {
                top += conv2.sum()[s * conv2.units() + u];
            }
            double middle = 0;
            for (int u = 0; u < conv1.units(); u++) {
                middle += conv1.sum()[s * conv1.units() + u];
            }
            double input = 0;
            for (int i = 0; i < per; i++) {
                input += r.input()[s * per + i];
            }
            assertThat(Math.abs(top)).as("sample %d", s).isGreaterThan(0);
            assertThat(middle).as("sample %d at conv 1", s).isCloseTo(top, within(1e-12 * Math.abs(top)));
            assertThat(input).as("sample %d at the input", s).isCloseTo(middle, within(1e-4 * Math.abs(middle)));
        }
    }

    @Test
    void theTapsAreSumsAndAbsoluteSumsOverPositions() {
        // a one-conv network whose conv output is 4 channels of 6x6: recompute the taps from the full relevance
        Network gap = Cnns.gap(2);
        float[] x = Cnns.uniform(new Random(9), 5 * gap.inputs(), -1, 1);
        int[] y = {0, 1, 2, 0, 1};
        Composite c = Composites.of("epsilon-plus");
        Result r = new Explainer(gap, c, Start.LOGIT, Precision.FLOAT64).explain(x, y, 5, 1, null);
        Trace64 t = Trace64.of(gap, x, 5);
        double[][] rel = RelevancePass.explain64(t, RelevancePass.trueClassLogit64(t.logits(), y, 5, 3), c.rules())
                .atOutput();
        Tap tap = r.tap("features.0");
        for (int s = 0; s < 5; s++) {
            for (int u = 0; u < 4; u++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < 36; p++) {
                    sum += rel[0][(s * 4 + u) * 36 + p];
                    abs += Math.abs(rel[0][(s * 4 + u) * 36 + p]);
                }
                assertThat(tap.sum()[s * 4 + u]).isEqualTo(sum);
                assertThat(tap.absSum()[s * 4 + u]).isEqualTo(abs);
            }
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        Result a = explain("epsilon-plus-flat", Start.LOGIT, Precision.FLOAT32, 2);
        Result b = explain("epsilon-plus-flat", Start.LOGIT, Precision.FLOAT64, 2);
        assertThat(ZennitFixtureTest.worstRelative(a.input(), b.input(), N, CNN.inputs())).isLessThan(1e-4);
        for (int t = 0; t < a.taps().size(); t++) {
            int units = a.taps().get(t).units();
            assertThat(ZennitFixtureTest.worstRelative(a.taps().get(t).sum(), b.taps().get(t).sum(), N, units))
                    .isLessThan(1e-4);
        }
    }

    @Test
    void progressHearsEverySample() {
        List<Integer> heard = new ArrayList<>();
        new Explainer(CNN, Composites.of("paper"), Start.LOGIT, Precision.FLOAT32).explain(X, Y, N, 2, heard::add);
        assertThat(heard).isSorted().hasSize((N + Explainer.CHUNK - 1) / Explainer.CHUNK);
        assertThat(heard.get(heard.size() - 1)).isEqualTo(N);
    }

    @Test
    void labelsOutsideTheClassesAndShortInputAreRefused() {
        Explainer e = new Explainer(CNN, Composites.of("paper"), Start.LOGIT, Precision.FLOAT32);
        assertThatThrownBy(() -> e.explain(X, new int[] {3}, 1, 1, null)).hasMessageContaining("label 3 of sample 0");
        assertThatThrownBy(() -> e.explain(new float[3], Y, 1, 1, null)).hasMessageContaining("need");
    }

    @Test
    void aFloat32ExplainerPacksItsLinearLayersOnceWithThePlainLayersBits() {
        Explainer packed = new Explainer(CNN, Composites.of("epsilon-plus-flat", BOX), Start.LOGIT, Precision.FLOAT32);
        Explainer wide = new Explainer(CNN, Composites.of("epsilon-plus-flat", BOX), Start.LOGIT, Precision.FLOAT64);
        assertThat(packed.explained().layers()).filteredOn(l -> l instanceof org.lrppruning.model.Linear).hasSize(2)
                .allMatch(l -> ((org.lrppruning.model.Linear) l).isPacked());
        assertThat(wide.explained().layers()).filteredOn(l -> l instanceof org.lrppruning.model.Linear).hasSize(2)
                .noneMatch(l -> ((org.lrppruning.model.Linear) l).isPacked());
        // the packed forward pass gives the logits of the same network with plain Linear layers, bit for bit
        List<org.lrppruning.model.Layer> layers = new java.util.ArrayList<>(packed.explained().layers());
        layers.replaceAll(l -> l instanceof org.lrppruning.model.Linear lin ? lin.withParameters(lin.weight(), lin.bias())
                : l);
        float[] plain = packed.explained().withLayers(layers).logits(X, N, 1);
        double[] logits = packed.explain(X, Y, N, 1, null).logits();
        for (int v = 0; v < plain.length; v++) {
            assertThat(logits[v]).isEqualTo((double) plain[v]);
        }
    }
}
