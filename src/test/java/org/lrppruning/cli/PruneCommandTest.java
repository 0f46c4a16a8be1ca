package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.criteria.UnitScores;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Masks;

/**
 * {@code prune}: the written model (npz, ONNX) is the network with the lowest-ranked units removed, which gives
 * the outputs of the unpruned one with those units zeroed; the report; one-line errors with nothing written.
 */
class PruneCommandTest {
    @TempDir
    Path dir;

    private TinyCnnFiles tiny;

    @BeforeEach
    void files() throws IOException {
        tiny = TinyCnnFiles.in(dir, 12);
    }

    private CliRun prune(Path out, String... more) {
        String[] head = {"prune", "--model", tiny.model().toString(), "--arch", TinyCnnFiles.ARCH, "--refs",
            tiny.data().toString(), "--out", out.toString()};
        String[] args = new String[head.length + more.length];
        System.arraycopy(head, 0, args, 0, head.length);
        System.arraycopy(more, 0, args, head.length, more.length);
        return CliRun.run(args);
    }

    private PruningPlan plan(String criterion, int count) {
        UnitScores s = Criteria.of(criterion).score(tiny.net(), tiny.samples(), 1);
        return PruningPlan.lowest(s.ranking(), tiny.net().unitCounts(), count);
    }

    @Test
    void theWrittenNpzIsThePrunedNetworkAndEqualsZeroingTheRemovedFilters() throws IOException {
        Path out = dir.resolve("pruned.npz");
        CliRun r = prune(out, "-c", "lrp", "--rate", "0.5", "--data", tiny.data().toString());
        assertThat(r.code()).as(r.err()).isZero();
        PruningPlan plan = plan("lrp", 3); // floor(0.5 × 7)
        Network want = Pruner.prune(tiny.net(), plan);
        assertThat(r.out()).contains("Removing 3 of 7 units (rate 0.5, global ranking)")
                .containsPattern("0 +features\\.0 +3 +" + plan.counts()[0] + " +" + (3 - plan.counts()[0]))
                .containsPattern("parameters +" + count(tiny.net().parameterCount()) + " +" + count(want.parameterCount()))
                .containsPattern("MACs per sample +" + count(tiny.net().macs()) + " +" + count(want.macs()))
                .contains("accuracy --data (12)")
                .contains(percent(Accuracy.correct(tiny.net(), tiny.samples(), 1, null)) + "  "
                        + percent(Accuracy.correct(want, tiny.samples(), 1, null)));
        Matcher m = Pattern.compile("--arch '([^']+)'").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        Network back = ModelIO.load(out, Architecture.of(m.group(1)));
        assertThat(back.unitCounts()).containsExactly(want.unitCounts());
        float[] x = tiny.samples().x();
        assertThat(back.logits(x, 12)).containsExactly(want.logits(x, 12));
        assertThat(back.logits(x, 12)).containsExactly(Masks.zeroed(tiny.net(), plan).logits(x, 12));
    }

    @Test
    void theWrittenOnnxRunsAsThePrunedNetwork() throws IOException {
        Path out = dir.resolve("pruned.onnx");
        CliRun r = prune(out, "-c", "weight", "--count", "2", "--units", "all");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Removing 2 of 12 units (count 2, global ranking)").doesNotContain("accuracy");
        Network all = tiny.net().withUnits(org.lrppruning.model.PrunableUnits.ALL);
        UnitScores s = Criteria.of("weight").score(all, tiny.samples(), 1);
        Network want = Pruner.prune(all, PruningPlan.lowest(s.ranking(), all.unitCounts(), 2));
        Network back = OnnxReader.read(out).network();
        float[] x = tiny.samples().x();
        assertThat(back.logits(x, 12)).containsExactly(want.logits(x, 12));
    }

    @Test
    void perLayerScopeRemovesTheRateOfEveryLayer() throws IOException {
        Path out = dir.resolve("per.npz");
        CliRun r = prune(out, "-c", "grad", "--rate", "0.5", "--scope", "per-layer", "--test", tiny.data().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Removing 3 of 7 units (rate 0.5, per layer)")
                .containsPattern("0 +features\\.0 +3 +1 +2").containsPattern("1 +features\\.4 +4 +2 +2")
                .contains("accuracy --test (12)");
    }

    @Test
    void theRateIsFlooredExactlyInDecimal() {
        assertThat(PruneCommand.floor(new BigDecimal("0.29"), 100)).isEqualTo(29); // 0.29 * 100 = 28.999... in binary
        assertThat(PruneCommand.floor(new BigDecimal("0.1"), 112)).isEqualTo(11);
        assertThat(PruneCommand.floor(new BigDecimal("0.3"), 112)).isEqualTo(33);
        assertThat(PruneCommand.floor(new BigDecimal("0.5"), 112)).isEqualTo(56);
        assertThat(PruneCommand.floor(new BigDecimal("0.999"), 7)).isEqualTo(6);
    }

    @Test
    void badInputIsOneLineWithNothingWritten() throws IOException {
        Path out = dir.resolve("bad.npz");
        Files.writeString(out, "old");
        Path small = TinyCnnFiles.write(dir, "small.npy",
                new LabeledData(new float[2 * 49], new int[] {1, 7, 7}, new int[] {0, 1}));
        Path labels = TinyCnnFiles.write(dir, "labels.npy",
                new LabeledData(new float[2 * 64], new int[] {1, 8, 8}, new int[] {0, 3}));
        String[][] cases = {
            {"-c", "lrp", "--rate", "1"},
            {"-c", "lrp", "--rate", "-0.1"},
            {"-c", "lrp", "--rate", "half"},
            {"-c", "lrp", "--rate", "0.5", "--count", "2"},
            {"-c", "lrp"},
            {"-c", "lrp", "--count", "6"},
            {"-c", "lrp", "--count", "7"},
            {"-c", "lrp", "--count", "2", "--scope", "per-layer"},
            {"-c", "lrp", "--rate", "0.1", "--scope", "sideways"},
            {"-c", "lrp", "--rate", "0.1", "--data", labels.toString()},
            {"-c", "lrp", "--rate", "0.1", "--test", small.toString()},
        };
        String[] reasons = {"--rate 1 is outside [0, 1)", "--rate -0.1 is outside [0, 1)", "--rate 'half' is not a number",
            "give --rate R or --count K, not both", "give --rate R or --count K", "would remove all",
            "--count 7: the model has 7 prunable units; remove 0 to 6", "--scope per-layer takes --rate R",
            "--scope must be global or per-layer", "label 3", "but --test " + small + " has samples of shape 1x7x7"};
        for (int i = 0; i < cases.length; i++) {
            CliRun r = prune(out, concat(cases[i], "--force")); // the replaceable file stays as it was
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).as(String.join(" ", cases[i])).startsWith("lrp-pruning: ").contains(reasons[i]);
            assertThat(Files.readString(out)).isEqualTo("old");
        }
        Path txt = dir.resolve("pruned.txt");
        CliRun r = prune(txt, "-c", "lrp", "--rate", "0.5");
        assertThat(r.err()).contains("--out must be an .onnx or .npz file");
        assertThat(Files.exists(txt)).isFalse();
        assertThat(dir.toFile().list()).allMatch(f -> !f.contains("tmp"));
    }

    private static String count(long v) {
        return String.format(java.util.Locale.ROOT, "%,d", v);
    }

    private static String percent(int correct) {
        return String.format(java.util.Locale.ROOT, "%.2f %% (%,d)", 100.0 * correct / 12, correct);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
