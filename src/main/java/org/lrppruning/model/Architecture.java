package org.lrppruning.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A network's layer sequence without its parameters: a registered name or an architecture string
 * ({@link #GRAMMAR}), which the parameters of a state dict ({@link ModelIO}) or a seeded initialisation
 * turn into a {@link Network}. {@code paper} is the reference network as it runs (2→1000→1000→1000→K,
 * no ReLU after the third hidden layer, spec section 3), {@code paper-relu} restores that ReLU;
 * {@code vgg-small} and {@code vgg-small-nobn} are the two CNNs of {@code shared/cnn}.
 */
public final class Architecture {
    /**
     * The architecture string, one place for its grammar. Items separated by commas, options by colons:
     * <pre>
     *   in:CxHxW | in:F          input shape per sample (first item, optional: else the data's; an MLP's
     *                            first linear's weights say it too)
     *   convK:OUT[:pP][:sS][:nobias]   Conv2d K×K, OUT filters, padding P (default K/2: "same" for odd K), stride S (1)
     *   maxpoolK[:sS][:pP]       MaxPool2d K×K, stride S (default K), padding P (0)
     *   avgpoolK[:sS][:pP]       AvgPool2d K×K (count_include_pad, as PyTorch)
     *   gap                      global average pooling, C×H×W → C
     *   bn                       BatchNorm (1-D or 2-D by its input), eps 1e-5
     *   relu | flatten
     *   dropout[:P]              Dropout, P = 0.5 by default
     *   linear[:N][:nobias]      Linear with N outputs; N may be left out only on the last item (the classes)
     * </pre>
     * Layer names are PyTorch's Sequential names: the items before the first {@code flatten} (if there is
     * none, before the first {@code linear}) are {@code features.0, features.1, ...}; from there on
     * {@code classifier.0, classifier.1, ...} (index = position in that part, parameter-free layers counted).
     */
    public static final String GRAMMAR = "in:CxHxW, convK:OUT[:pP][:sS][:nobias], maxpoolK[:sS][:pP], "
            + "avgpoolK[:sS][:pP], gap, bn, relu, flatten, dropout[:P], linear[:N][:nobias]";

    /** The reference network as it runs. */
    public static final Architecture PAPER = paper("paper", false);
    /** The reference network with the ReLU after the third hidden layer restored. */
    public static final Architecture PAPER_RELU = paper("paper-relu", true);
    /** The {@code bn} CNN of shared/cnn (three conv blocks, BatchNorm after the first two). */
    public static final Architecture VGG_SMALL = parse("vgg-small", "in:1x28x28,conv3:16,bn,relu,maxpool2,"
            + "conv3:32,bn,relu,maxpool2,conv3:64,relu,flatten,linear:128,relu,dropout,linear:10");
    /** The {@code nobn} CNN of shared/cnn. */
    public static final Architecture VGG_SMALL_NOBN = parse("vgg-small-nobn", "in:1x28x28,conv3:16,relu,maxpool2,"
            + "conv3:32,relu,maxpool2,conv3:64,relu,flatten,linear:128,relu,dropout,linear:10");

    private static final Map<String, Architecture> REGISTERED = new LinkedHashMap<>();

    static {
        for (Architecture a : List.of(PAPER, PAPER_RELU, VGG_SMALL, VGG_SMALL_NOBN)) {
            REGISTERED.put(a.id, a);
        }
        for (int depth : ResNets.DEPTHS) {
            REGISTERED.put("resnet" + depth, resnet(depth));
        }
    }

    /**
     * One item: its kind, name and settings; size = outputs / filters (−1: from the parameters), initSize =
     * the size a fresh initialisation uses (−1: the number of classes).
     */
    private record Item(String kind, String name, int size, Window window, float p, boolean bias, int initSize) {
        Item(String kind, String name, int size, Window window, float p, boolean bias) {
            this(kind, name, size, window, p, bias, size);
        }

        Item sized(int classes) {
            int s = initSize < 0 ? classes : initSize;
            return new Item(kind, name, s, window, this.p, bias, s);
        }
    }

    private final String id;
    private final int[] inputShape;
    private final List<Item> items;
    /** The depth of a residual network of {@link ResNets} (its layers are a graph, not items), else 0. */
    private final int resnetDepth;

    private Architecture(String id, int[] inputShape, List<Item> items) {
        this(id, inputShape, items, 0);
    }

    private Architecture(String id, int[] inputShape, List<Item> items, int resnetDepth) {
        this.id = id;
        this.inputShape = inputShape;
        this.items = List.copyOf(items);
        this.resnetDepth = resnetDepth;
    }

    /** The CIFAR-style residual network {@code resnet(6n+2)} of {@link ResNets}; the data give its input shape. */
    private static Architecture resnet(int depth) {
        return new Architecture("resnet" + depth, null, List.of(), depth);
    }

    private static Architecture paper(String id, boolean thirdRelu) {
        List<Item> items = new ArrayList<>();
        items.add(linear("network.linear1", 1000));
        items.add(simple("relu", "network.relu1"));
        items.add(new Item("dropout", "network.dropout", 0, null, 0.5f, false));
        items.add(linear("network.linear2", 1000));
        items.add(simple("relu", "network.relu2"));
        items.add(linear("network.linear3", 1000));
        if (thirdRelu) {
            items.add(simple("relu", "network.relu3"));
        }
        items.add(linear("network.output", -1));
        return new Architecture(id, new int[] {2}, items);
    }

    /** A paper Linear layer: any size when loaded, {@code initSize} (−1: the classes) when initialised. */
    private static Item linear(String name, int initSize) {
        return new Item("linear", name, -1, null, 0, true, initSize);
    }

    private static Item simple(String kind, String name) {
        return new Item(kind, name, 0, null, 0, false);
    }

    /** The name used on the command line: a registered name or the architecture string as given. */
    public String id() {
        return id;
    }

    /** The input shape the architecture names ({@code in:} or registered), or null when the data decide. */
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** The registered architecture of that name, else the parsed architecture string; IllegalArgumentException with one line. */
    public static Architecture of(String nameOrSpec) {
        String s = nameOrSpec.trim();
        Architecture a = REGISTERED.get(s.toLowerCase(Locale.ROOT));
        if (a != null) {
            return a;
        }
        java.util.regex.Matcher rn = java.util.regex.Pattern.compile("resnet(\\d{1,3})").matcher(s.toLowerCase(Locale.ROOT));
        if (rn.matches()) {
            int depth = Integer.parseInt(rn.group(1));
            if (depth < 8 || (depth - 2) % 6 != 0) {
                throw new IllegalArgumentException("unknown architecture '" + nameOrSpec + "': residual networks are"
                        + " resnet(6n+2): resnet8, resnet14, resnet20, resnet32, ...");
            }
            return resnet(depth);
        }
        if (!s.contains(",") && !s.contains(":") && !knownKind(s)) {
            throw new IllegalArgumentException("unknown architecture '" + nameOrSpec + "' (valid: " + names()
                    + ", or a layer string: " + GRAMMAR + ")");
        }
        return parse(s, s);
    }

    /** The registered names, in order. */
    public static List<String> ids() {
        return List.copyOf(REGISTERED.keySet());
    }

    /** The registered names, comma separated. */
    public static String names() {
        return String.join(", ", ids());
    }

    /** The registered architectures of the toy experiment (2 inputs, the toy data's): paper, paper-relu. */
    public static List<String> toyIds() {
        List<String> ids = new ArrayList<>();
        for (Architecture a : REGISTERED.values()) {
            if (a.inputShape != null && Arrays.equals(a.inputShape, new int[] {2})) {
                ids.add(a.id);
            }
        }
        return ids;
    }

    /** The toy architecture of that name, or an IllegalArgumentException listing them. */
    public static Architecture toy(String name) {
        if (!toyIds().contains(name)) {
            throw new IllegalArgumentException("unknown architecture '" + name + "' (valid: "
                    + String.join(", ", toyIds()) + ")");
        }
        return REGISTERED.get(name);
    }

    private static boolean knownKind(String s) {
        return List.of("gap", "bn", "relu", "flatten", "dropout", "linear").contains(s)
                || s.matches("(conv|maxpool|avgpool)\\d+");
    }

    private static Architecture parse(String id, String spec) {
        String[] parts = spec.split(",", -1);
        int[] in = null;
        List<String[]> raw = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String item = parts[i].trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                throw error(spec, "empty item " + (i + 1));
            }
            String[] f = item.split(":", -1);
            if (f[0].equals("in")) {
                if (i != 0 || f.length != 2) {
                    throw error(spec, "'" + item + "': in:CxHxW must be the first item");
                }
                in = parseShape(spec, f[1]);
                continue;
            }
            raw.add(f);
        }
        if (raw.isEmpty()) {
            throw error(spec, "no layers");
        }
        int split = firstKind(raw, "flatten");
        if (split < 0) {
            split = firstKind(raw, "linear");
        }
        if (split < 0) {
            split = raw.size();
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = i < split ? "features." + i : "classifier." + (i - split);
            items.add(item(spec, raw.get(i), name, i == raw.size() - 1));
        }
        if (!items.get(items.size() - 1).kind().equals("linear")) {
            throw error(spec, "the last item must be linear (the output layer)");
        }
        return new Architecture(id, in, items);
    }

    private static int firstKind(List<String[]> raw, String kind) {
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i)[0].equals(kind)) {
                return i;
            }
        }
        return -1;
    }

    private static Item item(String spec, String[] f, String name, boolean last) {
        String head = f[0];
        String text = String.join(":", f);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(conv|maxpool|avgpool)(\\d+)").matcher(head);
        if (m.matches()) {
            int k = number(spec, text, m.group(2));
            if (k < 1) {
                throw error(spec, "'" + text + "': kernel size must be >= 1");
            }
            boolean conv = m.group(1).equals("conv");
            int out = 0;
            int from = 1;
            if (conv) {
                if (f.length < 2) {
                    throw error(spec, "'" + text + "': conv needs its number of filters, e.g. conv3:16");
                }
                out = number(spec, text, f[1]);
                if (out < 1) {
                    throw error(spec, "'" + text + "': the number of filters must be >= 1");
                }
                from = 2;
            }
            int pad = conv ? k / 2 : 0;
            int stride = conv ? 1 : k;
            boolean bias = true;
            for (int i = from; i < f.length; i++) {
                String o = f[i];
                if (o.matches("p\\d+")) {
                    pad = number(spec, text, o.substring(1));
                } else if (o.matches("s\\d+")) {
                    stride = number(spec, text, o.substring(1));
                    if (stride < 1) {
                        throw error(spec, "'" + text + "': stride must be >= 1");
                    }
                } else if (conv && o.equals("nobias")) {
                    bias = false;
                } else {
                    throw error(spec, "'" + text + "': unknown option '" + o + "'");
                }
            }
            return new Item(m.group(1), name, out, Window.square(k, stride, pad), 0, bias);
        }
        switch (head) {
            case "linear": {
                int size = -1;
                boolean bias = true;
                for (int i = 1; i < f.length; i++) {
                    if (f[i].equals("nobias")) {
                        bias = false;
                    } else if (i == 1 && f[i].matches("\\d+")) {
                        size = number(spec, text, f[i]);
                        if (size < 1) {
                            throw error(spec, "'" + text + "': a linear layer needs at least 1 output");
                        }
                    } else {
                        throw error(spec, "'" + text + "': unknown option '" + f[i] + "'");
                    }
                }
                if (size < 0 && !last) {
                    throw error(spec, "'" + text + "': only the last linear may leave out its size, e.g. linear:128");
                }
                return new Item("linear", name, size, null, 0, bias);
            }
            case "dropout": {
                float p = 0.5f;
                if (f.length > 2) {
                    throw error(spec, "'" + text + "': dropout takes one option, its probability");
                }
                if (f.length == 2) {
                    try {
                        p = Float.parseFloat(f[1]);
                    } catch (NumberFormatException e) {
                        throw error(spec, "'" + text + "': dropout probability is not a number");
                    }
                    if (!(p >= 0 && p < 1)) {
                        throw error(spec, "'" + text + "': dropout probability must be in [0, 1)");
                    }
                }
                return new Item("dropout", name, 0, null, p, false);
            }
            case "gap":
            case "bn":
            case "relu":
            case "flatten":
                if (f.length > 1) {
                    throw error(spec, "'" + text + "': " + head + " takes no options");
                }
                return simple(head, name);
            default:
                throw error(spec, "unknown layer '" + text + "' (valid: " + GRAMMAR + ")");
        }
    }

    private static int number(String spec, String item, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(spec, "'" + item + "': '" + s + "' is not a whole number");
        }
    }

    private static int[] parseShape(String spec, String s) {
        String[] d = s.split("x", -1);
        if (d.length != 1 && d.length != 3) {
            throw error(spec, "input shape '" + s + "' must be CxHxW or F");
        }
        int[] shape = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            shape[i] = number(spec, "in:" + s, d[i]);
            if (shape[i] < 1) {
                throw error(spec, "input shape '" + s + "' has a dimension < 1");
            }
        }
        return shape;
    }

    private static IllegalArgumentException error(String spec, String what) {
        return new IllegalArgumentException("architecture '" + spec + "': " + what);
    }

    // ------------------------------------------------------------------ building

    /**
     * The input shape to build with: the architecture's own, else {@code given} (both must agree), else,
     * when the first layer is a Linear, its weights' column count.
     */
    private int[] resolveInput(int[] given, ParamSource src) throws IOException {
        if (inputShape != null && given != null && !Arrays.equals(inputShape, given)) {
            throw new IllegalArgumentException("architecture " + id + " takes inputs " + Shapes.format(inputShape)
                    + ", got " + Shapes.format(given));
        }
        int[] in = inputShape != null ? inputShape : given;
        if (in == null && !items.isEmpty() && items.get(0).kind().equals("linear")) {
            Item first = items.get(0);
            in = new int[] {src.get(first.name() + ".weight", new int[] {first.size(), -1}, 0).shape()[1]};
        }
        if (in == null) {
            throw new IllegalArgumentException("architecture " + id + " does not say its input shape: start it with"
                    + " in:CxHxW or give the data's shape");
        }
        return in;
    }

    /** The network with parameters from {@code src}; {@code inputShape} null: the architecture's own. */
    Network build(ParamSource src, int[] inputShape, PrunableUnits units) throws IOException {
        long usable = org.lrppruning.io.Limits.usable(org.lrppruning.io.Limits.heap());
        long[] total = {0};
        // sizes the architecture fixes are refused before anything of that size is allocated or read; a parameter
        // is 4 bytes and training keeps four copies (weights, gradients, Adam's two moments)
        ParamSource checked = (key, s, fan) -> {
            long n = 1;
            for (int d : s) {
                n = d < 0 ? n : (n > Long.MAX_VALUE / Math.max(1, d) ? Long.MAX_VALUE : n * d);
            }
            total[0] = n > Long.MAX_VALUE / 8 - total[0] ? Long.MAX_VALUE / 8 : total[0] + n;
            if (n > org.lrppruning.io.Limits.MAX_ARRAY || total[0] * 16 > usable) {
                throw new org.lrppruning.io.Limits.TooLarge("architecture " + id + ": " + key + " " + Shapes.format(s)
                        + " brings the parameters to " + total[0] + " (about " + org.lrppruning.io.Limits.bytes(16.0 * total[0])
                        + " with gradients and optimiser state), more than the " + org.lrppruning.io.Limits.bytes(org.lrppruning.io.Limits.heap())
                        + " heap holds (" + org.lrppruning.io.Limits.MORE_HEAP + ")");
            }
            return src.get(key, s, fan);
        };
        int[] shape = resolveInput(inputShape, checked);
        if (resnetDepth > 0) {
            return ResNets.build(resnetDepth, checked, shape, units);
        }
        int[] start = shape;
        List<Layer> layers = new ArrayList<>();
        for (Item it : items) {
            Layer layer = layer(it, shape, checked);
            shape = layer.outputShape(shape);
            long values = 1;
            for (int d : shape) {
                values = values > Long.MAX_VALUE / Math.max(1, d) ? Long.MAX_VALUE : values * d;
            }
            // one sample's output of a layer (its activations, kept for the backward pass) must fit the heap
            if (values > org.lrppruning.io.Limits.MAX_ARRAY / 4 || values * 8 > usable) {
                throw new org.lrppruning.io.Limits.TooLarge("architecture " + id + ": " + it.name() + " gives " + values
                        + " values per sample (" + Shapes.format(shape) + "), more than the "
                        + org.lrppruning.io.Limits.bytes(org.lrppruning.io.Limits.heap()) + " heap holds for one sample ("
                        + org.lrppruning.io.Limits.MORE_HEAP + ")");
            }
            layers.add(layer);
        }
        return new Network(start, layers, units);
    }

    private static Layer layer(Item it, int[] shape, ParamSource src) throws IOException {
        String n = it.name();
        switch (it.kind()) {
            case "conv": {
                Shapes.requireImage(n, shape);
                int in = shape[0];
                Window w = it.window();
                int fan = in * w.kh() * w.kw();
                Layer.Param weight = src.get(n + ".weight", new int[] {it.size(), in, w.kh(), w.kw()}, fan);
                float[] bias = it.bias() ? src.get(n + ".bias", new int[] {it.size()}, fan).data() : null;
                return new Conv2d(n, in, it.size(), w, weight.data(), bias);
            }
            case "linear": {
                if (shape.length != 1) {
                    throw new IllegalArgumentException(n + " (linear) gets a " + Shapes.format(shape)
                            + " tensor: put flatten or gap before it");
                }
                int in = shape[0];
                Layer.Param weight = src.get(n + ".weight", new int[] {it.size(), in}, in);
                int out = weight.shape()[0];
                float[] bias = it.bias() ? src.get(n + ".bias", new int[] {out}, in).data() : null;
                return new Linear(n, in, out, weight.data(), bias);
            }
            case "bn": {
                int c = shape.length == 0 ? 0 : shape[0];
                int[] s = {c};
                return new BatchNorm(n, src.get(n + ".weight", s, 0).data(), src.get(n + ".bias", s, 0).data(),
                        src.get(n + ".running_mean", s, 0).data(), src.get(n + ".running_var", s, 0).data(),
                        BatchNorm.DEFAULT_EPS);
            }
            case "maxpool":
                return new MaxPool2d(n, it.window());
            case "avgpool":
                return new AvgPool2d(n, it.window(), true);
            case "gap":
                return new GlobalAvgPool(n);
            case "relu":
                return new Relu(n);
            case "flatten":
                return new Flatten(n);
            case "dropout":
                return new Dropout(n, it.p());
            default:
                throw new IllegalStateException("unknown item kind " + it.kind());
        }
    }

    /**
     * {@link Network#valuesPerRow()} of this architecture's network for {@code classes} outputs (built once
     * with throw-away weights: the size checks run before any work, once per command).
     */
    public long valuesPerRow(int classes) {
        return initialise(classes, 0).valuesPerRow();
    }

    /**
     * A freshly initialised network over the architecture's own input shape (the paper's: 2 features):
     * see {@link #initialise(int[], int, long)}.
     */
    public Network initialise(int classes, long seed) {
        return initialise(null, classes, seed);
    }

    /**
     * A freshly initialised network with {@code classes} outputs: PyTorch's default initialisation,
     * W and b ~ U(−1/√fanIn, 1/√fanIn) for Linear and Conv2d, drawn layer by layer (weights, then bias) from
     * one seeded generator; BatchNorm γ = 1, β = 0, running mean 0, variance 1.
     */
    public Network initialise(int[] inputShape, int classes, long seed) {
        if (classes < 1) {
            throw new IllegalArgumentException("a network needs at least 1 class, got " + classes);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        if (resnetDepth > 0) {
            return initialiseResNet(inputShape, classes, rng);
        }
        ParamSource init = (key, s, fanIn) -> {
            float[] v = new float[Shapes.size(s)];
            if (key.endsWith(".running_var") || (fanIn == 0 && key.endsWith(".weight"))) {
                Arrays.fill(v, 1f);
            } else if (fanIn > 0) {
                double bound = 1.0 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            }
            return new Layer.Param(key, s, v);
        };
        List<Item> sized = new ArrayList<>();
        for (Item it : items) {
            sized.add(it.sized(classes));
        }
        try {
            return new Architecture(id, this.inputShape, sized).build(init, inputShape, PrunableUnits.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the initialiser reads no file
        }
    }

    /**
     * A fresh residual network, initialised as torchvision's ResNet: conv weights N(0, 2/fan_out) (Kaiming, fan-out,
     * ReLU), BatchNorm γ = 1, β = 0, running mean 0, variance 1, the classifier U(−1/√fanIn, 1/√fanIn), drawn
     * layer by layer from one seeded generator.
     */
    private Network initialiseResNet(int[] given, int classes, SplittableRandom rng) {
        ParamSource init = (key, shape, fanIn) -> {
            int[] s = shape.clone();
            if (s[0] < 0) {
                s[0] = classes;
            }
            float[] v = new float[Shapes.size(s)];
            if (key.endsWith(".running_var") || (fanIn == 0 && key.endsWith(".weight"))) {
                Arrays.fill(v, 1f);
            } else if (s.length == 4) {
                double std = Math.sqrt(2.0 / (s[0] * s[2] * s[3]));
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * std);
                }
            } else if (fanIn > 0) {
                double bound = 1.0 / Math.sqrt(fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            }
            return new Layer.Param(key, s, v);
        };
        try {
            return build(init, given, PrunableUnits.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the initialiser reads no file
        }
    }

    /**
     * The architecture of an existing network (e.g. a pruned one, to load its saved npz again): the
     * registered name whose layer names and kinds it has, else an architecture string with its input
     * shape, which reproduces its layer names. An IllegalArgumentException when no string can (names that
     * do not follow the Sequential rule, windows that are not square, non-default BatchNorm ε).
     */
    public static String describe(Network net) {
        if (!net.isChain()) {
            throw new IllegalArgumentException("a graph (" + net.layers().size() + " layers with branches) has no"
                    + " architecture string: save it as ONNX");
        }
        for (Architecture a : REGISTERED.values()) {
            if (a.matches(net)) {
                return a.id;
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add("in:" + Shapes.format(net.inputShape()));
        for (Layer l : net.layers()) {
            parts.add(token(l));
        }
        String s = String.join(",", parts);
        Architecture a = parse(s, s);
        if (!a.matches(net)) {
            throw new IllegalArgumentException("the layer names of " + net + " do not follow the features.i /"
                    + " classifier.j rule of an architecture string");
        }
        return s;
    }

    /** Whether {@code net} has this architecture's layer kinds, names and fixed sizes. */
    private boolean matches(Network net) {
        if (resnetDepth > 0) {
            return false;
        }
        if (net.layers().size() != items.size() || (inputShape != null && !Arrays.equals(inputShape, net.inputShape()))) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            Layer l = net.layer(i);
            if (!it.name().equals(l.name()) || !it.kind().equals(kind(l))) {
                return false;
            }
            if (it.size() >= 0 && l instanceof Affine af && af.units() != it.size()) {
                return false;
            }
        }
        return true;
    }

    private static String kind(Layer l) {
        if (l instanceof Conv2d) {
            return "conv";
        } else if (l instanceof Linear) {
            return "linear";
        } else if (l instanceof MaxPool2d) {
            return "maxpool";
        } else if (l instanceof AvgPool2d) {
            return "avgpool";
        } else if (l instanceof GlobalAvgPool g) {
            if (g.keepDims()) {
                throw new IllegalArgumentException(l.name() + ": global average pooling to C×1×1 has no architecture"
                        + " string");
            }
            return "gap";
        } else if (l instanceof BatchNorm) {
            return "bn";
        } else if (l instanceof Relu) {
            return "relu";
        } else if (l instanceof Flatten) {
            return "flatten";
        } else if (l instanceof Dropout) {
            return "dropout";
        }
        throw new IllegalArgumentException(l.name() + ": " + l.getClass().getSimpleName() + " has no architecture string");
    }

    /** The grammar's item for one layer. */
    private static String token(Layer l) {
        if (l instanceof Conv2d c) {
            if (c.groups() != 1) {
                throw new IllegalArgumentException(c.name() + ": a convolution with groups " + c.groups()
                        + " has no architecture string");
            }
            Window w = square(c, c.window());
            return "conv" + w.kh() + ":" + c.out() + (w.ph() != w.kh() / 2 ? ":p" + w.ph() : "")
                    + (w.sh() != 1 ? ":s" + w.sh() : "") + (c.bias() == null ? ":nobias" : "");
        } else if (l instanceof Linear f) {
            return "linear:" + f.out() + (f.bias() == null ? ":nobias" : "");
        } else if (l instanceof MaxPool2d m) {
            return pool("maxpool", square(m, m.window()));
        } else if (l instanceof AvgPool2d a) {
            if (!a.countPad()) {
                throw new IllegalArgumentException(a.name() + ": average pooling without count_include_pad has no"
                        + " architecture string");
            }
            return pool("avgpool", square(a, a.window()));
        } else if (l instanceof BatchNorm b) {
            if (b.eps() != BatchNorm.DEFAULT_EPS) {
                throw new IllegalArgumentException(b.name() + ": BatchNorm eps " + b.eps() + " has no architecture string");
            }
            return "bn";
        } else if (l instanceof Dropout d) {
            return d.p() == 0.5f ? "dropout" : "dropout:" + d.p();
        }
        return kind(l);
    }

    private static String pool(String kind, Window w) {
        return kind + w.kh() + (w.sh() != w.kh() ? ":s" + w.sh() : "") + (w.ph() != 0 ? ":p" + w.ph() : "");
    }

    private static Window square(Layer l, Window w) {
        if (w.ceil()) {
            throw new IllegalArgumentException(l.name() + ": ceil_mode pooling has no architecture string");
        }
        if (w.kh() != w.kw() || w.sh() != w.sw() || w.ph() != w.pw()) {
            throw new IllegalArgumentException(l.name() + ": window " + w + " is not square, so it has no architecture"
                    + " string");
        }
        return w;
    }

    @Override
    public String toString() {
        return id;
    }
}
