package org.lrppruning.curves;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.Definitions;
import org.lrppruning.criteria.UnitSets;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.References;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.Network;
import org.lrppruning.prune.Masker;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Cnns;

/**
 * {@code curves --mask} on a residual network (resnet8 over 1×8×8): the seed authors' setting ranks the 9 convs'
 * 336 filters on their own and masks them, so one-shot points are the masked network's accuracy at its full size, and
 * fine-tuned curves keep every masked filter zero; the setup says so, removal folders keep their setup text.
 */
class MaskedCurvesTest {
    @TempDir
    Path dir;

    @Test
    void maskedCurvesZeroFiltersKeepTheSizeAndKeepThemZeroWhileFineTuning() throws Exception {
        Network net = Architecture.of("resnet8").initialise(new int[] {1, 8, 8}, 3, 5);
        Random r = new Random(5);
        for (int i = 0; i < net.layers().size(); i++) {
            if (net.layer(i) instanceof BatchNorm bn) {
                net = net.with(i, Cnns.bn(bn.name(), bn.channels(), r));
            }
        }
        LabeledData train = new LabeledData(Cnns.uniform(r, 45 * 64, 0, 1), new int[] {1, 8, 8},
                java.util.stream.IntStream.range(0, 45).map(k -> k % 3).toArray());
        LabeledData test = new LabeledData(Cnns.uniform(r, 20 * 64, 0, 1), new int[] {1, 8, 8},
                java.util.stream.IntStream.range(0, 20).map(k -> k % 3).toArray());
        CurveSpec spec = CurveSpec.of(net, train, "train", test, "test", List.of("weight", "lrp"),
                List.of("0", "0.3", "0.6"), List.of(2), List.of(0L)).withMasked(true)
                .withFineTune(new CurveSpec.FineTune(2, 8, 1e-3f, List.of(2), List.of(0L)));
        Curves.run(spec, dir, 2, Curves.QUIET);
        List<CurvePoint> pts = Curves.read(dir);
        assertThat(pts).hasSize(4 * 3).allSatisfy(p -> {
            assertThat(p.units()).isEqualTo(336); // 16 + 16 + 16 + 32 + 32 + 32 + 64 + 64 + 64 filters
            assertThat(p.parameters()).isEqualTo(spec.model().parameterCount());
            assertThat(p.macs()).isEqualTo(spec.model().macs());
        });
        assertThat(Files.readString(dir.resolve(CurveSetup.FILE))).contains("scope: masked filters");
        assertThat(CurveSetup.text(spec.withMasked(false))).doesNotContain("scope");

        UnitSets sets = UnitSets.filters(net);
        int[] convs = Arrays.stream(sets.outLayers()).mapToInt(o -> o[0]).toArray();
        LabeledData refs = References.draw(train, 3, 2, References.Pick.RANDOM, 0, "train");
        int[] order = Criteria.of("lrp").score(net, sets, refs, Definitions.of(net), 1).ranking();
        PruningPlan plan = PruningPlan.lowestKeeping(order, sets.unitCounts(net), 201, 1); // floor(0.6 x 336)
        int want = Accuracy.correct(Masker.mask(net, convs, plan), test, 1, null);
        assertThat(pts).filteredOn(p -> p.criterion().equals("lrp") && p.mode() == CurvePoint.Mode.ONESHOT
                && p.rate().equals("0.6")).singleElement().satisfies(p -> {
                    assertThat(p.removed()).isEqualTo(201);
                    assertThat(p.correct()).isEqualTo(want);
                });

        // fine-tuned: a step masks what takes the count to its target, and the masked filters stay zero after training
        Curves.Curve c = new Curves.Curve("lrp", "lrp", 2, 0, CurvePoint.Mode.FINETUNE);
        Network tuned = Curves.fineTune(spec, c, Masker.mask(net, convs, plan), 1, 1);
        assertThat(Arrays.stream(Masker.zeroFilters(tuned, convs)).sum()).isLessThan(201); // training moves them
        assertThat(Arrays.stream(Masker.zeroFilters(Masker.mask(tuned, convs, plan), convs)).sum()).isEqualTo(201);
        boolean[] gone = new boolean[336];
        for (int g : plan.globalIndices(sets.unitCounts(net))) {
            gone[g] = true;
        }
        int[] again = Curves.alreadyFirst(order, gone);
        PruningPlan more = PruningPlan.lowestKeeping(again, sets.unitCounts(net), 250, 1);
        for (int g : plan.globalIndices(sets.unitCounts(net))) {
            assertThat(Arrays.stream(more.globalIndices(sets.unitCounts(net))).anyMatch(x -> x == g)).isTrue();
        }
    }
}
