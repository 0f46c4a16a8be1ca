package org.lrppruning.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lrppruning.model.Affine;
import org.lrppruning.model.ChannelGroups;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.testutil.Shared;

/** Our channel groups of the shipped graphs equal Torch-Pruning's ({@code shared/graph/*_groups.json}) as multisets. */
@Tag("shared")
class ChannelGroupsSharedTest {
    @ParameterizedTest
    @ValueSource(strings = {"resnet8", "resnet18", "mobilenet_v2"})
    void groupsEqualTorchPrunings(String model) throws IOException {
        Network net = OnnxReader.read(Shared.file("graph/" + model + ".onnx")).network();
        List<String> ours = new ArrayList<>();
        for (ChannelGroups.Group g : ChannelGroups.of(net).groups()) {
            TreeSet<String> members = new TreeSet<>();
            for (ChannelGroups.Member m : g.members()) {
                if (!(net.layer(m.layer()) instanceof Affine)) {
                    continue;
                }
                String name = net.layer(m.layer()).name();
                if (m.side() != ChannelGroups.Side.IN) {
                    members.add(name + ":out");
                }
                if (m.side() != ChannelGroups.Side.OUT) {
                    members.add(name + ":in");
                }
            }
            ours.add(g.channels() + " " + members);
        }
        List<String> theirs = new ArrayList<>();
        for (JsonElement e : Shared.json("graph/" + model + "_groups.json").getAsJsonObject().getAsJsonArray("groups")) {
            JsonObject g = e.getAsJsonObject();
            TreeSet<String> members = new TreeSet<>();
            for (JsonElement m : g.getAsJsonArray("members")) {
                String side = m.getAsJsonObject().get("side").getAsString();
                String layer = m.getAsJsonObject().get("layer").getAsString();
                if (side.equals("out") || side.equals("dw") || side.equals("both")) {
                    members.add(layer + ":out");
                }
                if (side.equals("in") || side.equals("dw") || side.equals("both")) {
                    members.add(layer + ":in");
                }
            }
            theirs.add(g.get("channels").getAsInt() + " " + members);
        }
        ours.sort(null);
        theirs.sort(null);
        assertThat(ours).isEqualTo(theirs);
    }
}
