package org.lrppruning.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The network shapes the tool builds. {@code PAPER} is the reference network as it runs
 * (2→1000→1000→1000→K with no ReLU after the third hidden layer, spec section 3);
 * {@code PAPER_RELU} restores that ReLU.
 */
public enum Architecture {
    PAPER(false),
    PAPER_RELU(true);

    /** PyTorch state-dict names of the four Linear layers, bottom-up. */
    public static final List<String> LINEAR_NAMES =
            List.of("network.linear1", "network.linear2", "network.linear3", "network.output");
    /** Hidden width of the paper's network. */
    public static final int HIDDEN = 1000;

    private final boolean thirdRelu;

    Architecture(boolean thirdRelu) {
        this.thirdRelu = thirdRelu;
    }

    /** The name used on the command line ({@code paper}, {@code paper-relu}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The architecture of that name, or an IllegalArgumentException listing the valid names. */
    public static Architecture of(String name) {
        for (Architecture a : values()) {
            if (a.id().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + name + "' (valid: " + names() + ")");
    }

    /** The valid names, in order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Architecture::id).toList();
    }

    /** The valid names, comma separated. */
    public static String names() {
        return String.join(", ", ids());
    }

    /** The network with the given Linear layers (bottom-up: linear1, linear2, linear3, output). */
    public Network assemble(List<Linear> linears) {
        if (linears.size() != 4) {
            throw new IllegalArgumentException("the paper network has 4 Linear layers, got " + linears.size());
        }
        List<Layer> layers = new ArrayList<>();
        layers.add(linears.get(0));
        layers.add(new Relu());
        layers.add(new Dropout(0.5f));
        layers.add(linears.get(1));
        layers.add(new Relu());
        layers.add(linears.get(2));
        if (thirdRelu) {
            layers.add(new Relu());
        }
        layers.add(linears.get(3));
        return new Network(linears.get(0).in(), layers);
    }

    /**
     * {@link Network#valuesPerRow()} of this architecture's network for {@code classes} outputs,
     * without building it: the 2 inputs, 1000 per hidden Linear, ReLU and Dropout output, the logits.
     */
    public long valuesPerRow(int classes) {
        int hiddenOutputs = 3 + 2 + 1 + (thirdRelu ? 1 : 0); // three Linear, two (three) ReLU, one Dropout
        return 2 + (long) HIDDEN * hiddenOutputs + classes;
    }

    /**
     * A freshly initialised network: PyTorch's default Linear init, W and b ~ U(−1/√in, 1/√in),
     * drawn from one seeded generator.
     */
    public Network initialise(int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ins = {2, HIDDEN, HIDDEN, HIDDEN};
        int[] outs = {HIDDEN, HIDDEN, HIDDEN, classes};
        List<Linear> linears = new ArrayList<>();
        for (int l = 0; l < 4; l++) {
            double bound = 1.0 / Math.sqrt(ins[l]);
            float[] w = new float[ins[l] * outs[l]];
            float[] b = new float[outs[l]];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            linears.add(new Linear(LINEAR_NAMES.get(l), ins[l], outs[l], w, b));
        }
        return assemble(linears);
    }

    @Override
    public String toString() {
        return id();
    }
}
