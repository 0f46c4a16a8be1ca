package org.lrppruning.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.lrppruning.io.Npy;
import org.lrppruning.io.Npz;
import org.lrppruning.linalg.AccurateOps;
import org.lrppruning.model.Affine;
import org.lrppruning.model.ChannelGroups;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;
import org.lrppruning.testutil.Shared;

/**
 * Removing the channels of Torch-Pruning's plans ({@code shared/graph/*_prune_plans.json}) from our groups gives its
 * parameter count (ONNX counting: Conv, Gemm and BatchNormalization inputs, running statistics included) and its
 * pruned model's logits; the pruned graph written as ONNX reads back with the same logits.
 */
@Tag("shared")
class GraphPruningSharedTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"resnet8, fmnist_refset_n5, mod4eq1", "resnet8, fmnist_refset_n5, first30",
            "resnet18, inputs_s0, mod4eq1", "resnet18, inputs_s0, first30", "mobilenet_v2, inputs_s0, mod4eq1",
            "mobilenet_v2, inputs_s0, first30"})
    void removingTorchPruningsChannelsGivesItsModel(String model, String set, String planName) throws IOException {
        OnnxModel m = OnnxReader.read(Shared.file("graph/" + model + ".onnx"));
        Network net = m.network();
        JsonArray theirGroups = Shared.json("graph/" + model + "_groups.json").getAsJsonObject().getAsJsonArray("groups");
        JsonObject plans = Shared.json("graph/" + model + "_prune_plans.json").getAsJsonObject();
        JsonObject plan = plans.getAsJsonObject("plans").getAsJsonObject(planName);
        JsonArray removed = plan.getAsJsonArray("removed_per_group");
        int[][] perSet = new int[net.prunableCount()][];
        for (int h = 0; h < perSet.length; h++) {
            String ours = key(net, net.group(h));
            int match = -1;
            for (int k = 0; k < theirGroups.size(); k++) {
                if (theirKey(theirGroups.get(k).getAsJsonObject()).equals(ours)) {
                    match = k;
                }
            }
            assertThat(match).as("group of %s in Torch-Pruning's list", net.prunable(h).name()).isGreaterThanOrEqualTo(0);
            JsonArray r = removed.get(match).getAsJsonArray();
            perSet[h] = new int[r.size()];
            for (int j = 0; j < r.size(); j++) {
                perSet[h][j] = r.get(j).getAsInt();
            }
        }
        Network pruned = Pruner.prune(net, new PruningPlan(perSet));
        assertThat(pruned.parameterCount()).isEqualTo(plan.get("onnx_param_count").getAsLong());
        float[] x = Npy.read(Shared.file("graph/" + set + "-X.npy")).asFloats();
        int n = x.length / net.inputs();
        double[] want = Npz.read(Shared.file("graph/" + model + "_prune_plans_logits.npz")).get(planName + "__f64").asDoubles();
        double[] got = pruned.logits64(AccurateOps.widen(x, x.length), n);
        assertThat(GraphFixtureSharedTest.worstRelative(got, want, n, 10)).isLessThan(1e-4);
        Network back = OnnxReader.read(OnnxWriter.bytes(pruned, m.layout()), "pruned.onnx").network();
        assertThat(back.parameterCount()).isEqualTo(pruned.parameterCount());
        assertThat(back.logits(x, n)).isEqualTo(pruned.logits(x, n));
    }

    private static String key(Network net, ChannelGroups.Group g) {
        TreeSet<String> s = new TreeSet<>();
        for (ChannelGroups.Member m : g.members()) {
            if (net.layer(m.layer()) instanceof Affine) {
                s.add(net.layer(m.layer()).name() + ":" + m.side());
            }
        }
        return g.channels() + " " + s;
    }

    /** Torch-Pruning's members; a layer listed with both sides (a depthwise conv) is one BOTH member, as ours. */
    private static String theirKey(JsonObject g) {
        java.util.Map<String, java.util.Set<String>> sides = new java.util.TreeMap<>();
        for (JsonElement e : g.getAsJsonArray("members")) {
            String side = e.getAsJsonObject().get("side").getAsString();
            sides.computeIfAbsent(e.getAsJsonObject().get("layer").getAsString(), k -> new java.util.TreeSet<>())
                    .add(side);
        }
        TreeSet<String> s = new TreeSet<>();
        sides.forEach((layer, set) -> s.add(layer + ":" + (set.size() > 1 || set.contains("dw") || set.contains("both")
                ? "BOTH" : set.contains("out") ? "OUT" : "IN")));
        return g.get("channels").getAsInt() + " " + s;
    }
}
