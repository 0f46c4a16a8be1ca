package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.lrppruning.model.Affine;
import org.lrppruning.model.AvgPool2d;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.ChannelGroups;
import org.lrppruning.model.Conv2d;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.MaxPool2d;
import org.lrppruning.model.Network;
import org.lrppruning.model.Scale;
import org.lrppruning.model.Window;
import org.lrppruning.onnx.OnnxModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints a model's layers: names, kinds, settings, output shapes, parameters and MACs, per layer and in total. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a model's layers with their names, kinds, output shapes, parameters and "
                + "multiply-accumulate operations (MACs) per sample, and the prunable units.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelFileArgs file;

    @Option(names = "--json", description = "Print the layers (name, op, inputs, output shape, parameters, MACs) and "
            + "the channel groups as one JSON object instead of tables.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        OnnxModel m = file.load(null);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(m.network()) : render(file.fileName(), m, file.arch));
        out.flush();
        return 0;
    }

    /** The names of what layer i reads: "input" or the layers computing them. */
    private static List<String> reads(Network net, int i) {
        List<String> r = new ArrayList<>();
        for (int v : net.inputsOf(i)) {
            r.add(v == 0 ? "input" : net.layer(v - 1).name());
        }
        return r;
    }

    /**
     * {@code {"layers": [{"name", "op", "inputs", "output", "parameters", "macs"}...], "groups": [{"channels",
     * "members": [{"layer", "side"}...]}...]}}: the groups' members are the Conv2d and Linear layers, side "out" (their
     * output channels are the group's) or "in" (a slice of their inputs is); a depthwise conv is listed with both.
     */
    static String json(Network net) {
        com.google.gson.JsonObject root = new com.google.gson.JsonObject();
        com.google.gson.JsonArray layers = new com.google.gson.JsonArray();
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("name", l.name());
            o.addProperty("op", l.getClass().getSimpleName());
            com.google.gson.JsonArray in = new com.google.gson.JsonArray();
            reads(net, i).forEach(in::add);
            o.add("inputs", in);
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            Arrays.stream(net.shape(i + 1)).forEach(shape::add);
            o.add("output", shape);
            o.addProperty("parameters", l.parameters().stream().mapToLong(x -> x.data().length).sum());
            o.addProperty("macs", l.macs(net.inShape(i)));
            layers.add(o);
        }
        root.add("layers", layers);
        com.google.gson.JsonArray groups = new com.google.gson.JsonArray();
        for (ChannelGroups.Group g : net.channelGroups().groups()) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("channels", g.channels());
            com.google.gson.JsonArray members = new com.google.gson.JsonArray();
            for (ChannelGroups.Member mem : g.members()) {
                if (!(net.layer(mem.layer()) instanceof Affine)) {
                    continue;
                }
                for (String side : sides(mem.side())) {
                    com.google.gson.JsonObject e = new com.google.gson.JsonObject();
                    e.addProperty("layer", net.layer(mem.layer()).name());
                    e.addProperty("side", side);
                    members.add(e);
                }
            }
            o.add("members", members);
            groups.add(o);
        }
        root.add("groups", groups);
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    private static List<String> sides(ChannelGroups.Side s) {
        return switch (s) {
            case OUT -> List.of("out");
            case IN -> List.of("in");
            case BOTH -> List.of("in", "out");
        };
    }

    /** The whole printout: a line on the file, the layer table and the prunable units. */
    static String render(String file, OnnxModel m, String arch) {
        Network net = m.network();
        StringBuilder b = new StringBuilder();
        String source = arch == null
                ? "ONNX opset " + m.layout().opset() + ", input '" + m.layout().inputName() + "' "
                        + shape(net.inputShape()) + ", output '" + m.layout().outputName() + "' "
                        + shape(net.shape(net.layers().size()))
                : "state dict, architecture " + arch + ", input " + shape(net.inputShape());
        b.append(file).append(": ").append(source).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "layer", "kind", "settings", "output", "parameters", "MACs"});
        long params = 0;
        for (int i = 0; i < net.layers().size(); i++) {
            Layer l = net.layer(i);
            long p = l.parameters().stream().mapToLong(x -> x.data().length).sum();
            long macs = l.macs(net.inShape(i));
            params += p;
            String kind = l.getClass().getSimpleName();
            int[] in = net.inputsOf(i);
            if (in.length != 1 || in[0] != i) { // a branch: say what it reads when that is not the layer just before
                kind += " <- " + String.join(" + ", reads(net, i));
            }
            rows.add(new String[] {String.valueOf(i), l.name(), kind, settings(l),
                shape(net.shape(i + 1)), count(p), count(macs)});
        }
        rows.add(new String[] {"", "total", "", "", "", count(params), count(net.macs())});
        b.append(table(rows, 5));
        int[] pos = net.prunablePositions();
        String units = Arrays.stream(pos).mapToObj(i -> net.layer(i).name() + " (" + ((org.lrppruning.model.Affine)
                net.layer(i)).units() + ")").collect(Collectors.joining(", "));
        b.append("prunable units: ").append(pos.length == 0 ? "none" : units + ", " + net.unitTotal() + " in all")
                .append('\n');
        if (!net.isChain()) {
            b.append("channel groups (removed together; named by their first layer):\n");
            for (ChannelGroups.Group g : net.channelGroups().groups()) {
                List<String> ms = new ArrayList<>();
                for (ChannelGroups.Member mem : g.members()) {
                    if (net.layer(mem.layer()) instanceof Affine) {
                        ms.add(net.layer(mem.layer()).name() + " " + String.join("+", sides(mem.side())));
                    }
                }
                b.append(String.format(Locale.ROOT, "  %5d channels: %s%n", g.channels(), String.join(", ", ms)));
            }
        }
        return b.toString();
    }

    /** A layer's settings in words: channels, kernel, stride, padding, features, eps, p. */
    static String settings(Layer l) {
        if (l instanceof Conv2d c) {
            return c.in() + " -> " + c.out() + ", " + window(c.window())
                    + (c.depthwise() ? ", depthwise" : c.groups() > 1 ? ", groups " + c.groups() : "")
                    + (c.bias() == null ? ", no bias" : "");
        }
        if (l instanceof Linear d) {
            return d.in() + " -> " + d.out() + (d.bias() == null ? ", no bias" : "");
        }
        if (l instanceof MaxPool2d p) {
            return window(p.window());
        }
        if (l instanceof AvgPool2d p) {
            return window(p.window()) + (p.window().ph() + p.window().pw() > 0
                    ? p.countPad() ? ", padding counted" : ", padding not counted" : "");
        }
        if (l instanceof BatchNorm n) {
            return n.channels() + ", eps " + String.format(Locale.ROOT, "%.3g", n.eps());
        }
        if (l instanceof Dropout d) {
            return "p " + d.p();
        }
        if (l instanceof Scale sc) {
            return sc.perChannel() ? "x constant per channel (" + sc.factor().length + ")" : "x " + sc.factor()[0];
        }
        return "";
    }

    private static String window(Window w) {
        String k = w.kh() + "x" + w.kw();
        String s = w.sh() == w.sw() ? String.valueOf(w.sh()) : w.sh() + "x" + w.sw();
        String p = w.ph() == w.pw() ? String.valueOf(w.ph()) : w.ph() + "x" + w.pw();
        return k + ", stride " + s + ", padding " + p;
    }

    /** A per-sample shape with the batch: {@code [N, 16, 28, 28]}. */
    static String shape(int[] s) {
        return "[N, " + Arrays.stream(s).mapToObj(String::valueOf).collect(Collectors.joining(", ")) + "]";
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** Columns padded to their widest cell, two spaces apart; column 0 and those from {@code firstNumber} on right-aligned. */
    static String table(List<String[]> rows, int firstNumber) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = r[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c > 0 ? "  " : "").append(c >= firstNumber || c == 0 ? pad + cell : cell + pad);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
