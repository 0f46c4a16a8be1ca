package org.lrppruning.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.LabeledData;
import org.lrppruning.experiment.Accuracy;
import org.lrppruning.lrp.Composites;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxLayout;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/** A residual graph (resnet8 on 1×8×8): channel groups as the prunable sets, its evaluation, heatmaps and ONNX. */
class WorkbenchGraphTest {
    @TempDir
    Path dir;

    @Test
    void aGraphIsSummarisedEvaluatedExplainedAndWrittenAsPruneDoes() throws Exception {
        Network net = Architecture.of("resnet8").initialise(new int[] {1, 8, 8}, 3, 2);
        LabeledData test = TestBench.images(2, 40);
        Workbench b = new Workbench(new Workbench.Inputs(net, OnnxLayout.defaults(), "resnet8", List.of(),
                TestBench.images(1, 60), "train.npy", test, List.of(), null, Composites.Box.UNIT, 2));
        JsonObject model = JsonParser.parseString(new WorkbenchApi(b).model()).getAsJsonObject();
        assertThat(model.get("graph").getAsBoolean()).isTrue();
        assertThat(model.getAsJsonArray("sets")).hasSize(net.prunableCount());
        // a residual add reads two layers: one of them is not the layer before
        boolean skip = false;
        for (var l : model.getAsJsonArray("layers")) {
            var in = l.getAsJsonObject().getAsJsonArray("inputs");
            skip |= in.size() == 2;
        }
        assertThat(skip).isTrue();

        Workbench.Scored s = b.scores(new Setting("lrp", null, 3, 1));
        PruningPlan plan = b.plan(s, new Setting.Amount(new BigDecimal("0.25"), null, false));
        Workbench.Evaluation e = b.evaluate(plan, false, false);
        assertThat(e.refused()).isNull();
        Network p = Pruner.prune(net, plan);
        assertThat(e.correct()).isEqualTo(Accuracy.correct(p, test, 1, null));
        assertThat(e.parameters()).isEqualTo(p.parameterCount());

        Workbench.Heatmap h = b.heatmap("lrp-pruning", plan, 3);
        assertThat(h.before()).hasSize(64).isNotEqualTo(h.after());

        Path f = dir.resolve("pruned.onnx");
        Files.write(f, b.onnx(plan));
        assertThat(OnnxReader.read(f).network().logits(test.x(), test.size())).containsExactly(p.logits(test.x(), test.size()));
    }
}
