package org.lrppruning.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channels of a graph that must be removed together (Torch-Pruning's dependency graph, Fang et al. CVPR 2023,
 * in our terms). Every Conv2d (groups 1) and Linear layer starts a channel space at its output; layers that keep
 * channels apart pass their input's spaces on (BatchNorm, activations, pooling, Dropout, Scale, a depthwise
 * Conv2d); Add and Mul tie their inputs' spaces into one; Concat lays its inputs' spaces side by side; Flatten
 * spreads each channel over its H×W features. A group is one tied set of spaces: its channel i is output channel i
 * of every {@code out} member, entry {@code start + i·spread} (spread entries) of every {@code in} member's input,
 * and likewise of every BatchNorm and per-channel Scale and both sides of every depthwise conv. Groups that reach
 * the network's input or the logits (the output layer's outputs, also through pooling and a Flatten after it) are
 * not prunable and not listed; nor are the channels of a grouped (not depthwise) convolution, which leave only in
 * whole groups.
 */
public final class ChannelGroups {
    /** How a layer takes part in a group. */
    public enum Side {
        /** Its output channels are the group's channels. */
        OUT,
        /** A slice of its input channels (or features) is. */
        IN,
        /** A per-channel layer the group's channels cross (BatchNorm, per-channel Scale, depthwise conv: both sides). */
        BOTH
    }

    /** One member: layer position, side, first input entry (IN/BOTH) and entries per channel (Flatten's H×W). */
    public record Member(int layer, Side side, int start, int spread) {}

    /** One group: its channel count and members, {@code out} members first in layer order. */
    public record Group(int channels, List<Member> members) {
        /** Positions of the layers whose outputs are this group's channels, in layer order. */
        public int[] outLayers() {
            return members.stream().filter(m -> m.side() == Side.OUT).mapToInt(Member::layer).toArray();
        }

        /** The first out layer: the group's name giver. */
        public int root() {
            return outLayers()[0];
        }
    }

    /** A channel space (union-find node). */
    private static final class Space {
        final int size;
        Space parent = this;
        boolean fixed;
        final List<Member> members = new ArrayList<>();

        Space(int size, boolean fixed) {
            this.size = size;
            this.fixed = fixed;
        }

        Space find() {
            Space s = this;
            while (s.parent != s) {
                s.parent = s.parent.parent;
                s = s.parent;
            }
            return s;
        }
    }

    /** A run of a value's first axis: the channels of one space, {@code spread} entries each. */
    private record Segment(Space space, int spread) {
        int entries() {
            return space.size * spread;
        }
    }

    private final List<Group> groups;

    private ChannelGroups(List<Group> groups) {
        this.groups = List.copyOf(groups);
    }

    /** The groups of {@code net}, ordered by their root's position. */
    public static ChannelGroups of(Network net) {
        int count = net.layers().size();
        List<List<Segment>> layout = new ArrayList<>();
        List<Space> spaces = new ArrayList<>();
        int[] in0 = net.shape(0);
        Space input = new Space(in0[0], true);
        spaces.add(input);
        layout.add(List.of(new Segment(input, 1)));
        for (int i = 0; i < count; i++) {
            Layer layer = net.layer(i);
            int[] reads = net.inputsOf(i);
            List<Segment> first = layout.get(reads[0]);
            List<Segment> out;
            if (layer instanceof Conv2d cv && depthwise(cv)) {
                addMembers(first, i, Side.BOTH);
                out = first;
            } else if (layer instanceof Affine a) {
                boolean grouped = layer instanceof Conv2d cv && !plain(cv);
                addMembers(first, i, Side.IN);
                if (grouped) {
                    first.forEach(s -> s.space.find().fixed = true);
                }
                Space s = new Space(a.units(), grouped);
                s.members.add(new Member(i, Side.OUT, 0, 1));
                spaces.add(s);
                out = List.of(new Segment(s, 1));
            } else if (layer instanceof BatchNorm || layer instanceof Scale sc && sc.perChannel()) {
                addMembers(first, i, Side.BOTH);
                out = first;
            } else if (layer instanceof Flatten) {
                int inner = Shapes.inner(net.shape(reads[0]));
                out = new ArrayList<>();
                for (Segment s : first) {
                    out.add(new Segment(s.space, s.spread * inner));
                }
            } else if (layer instanceof Concat) {
                out = new ArrayList<>();
                for (int v : reads) {
                    out.addAll(layout.get(v));
                }
            } else if (layer instanceof Add || layer instanceof Mul) {
                out = first;
                for (int k = 1; k < reads.length; k++) {
                    tie(first, layout.get(reads[k]));
                }
            } else {
                out = first; // channel-preserving: activations, pooling, Dropout
            }
            layout.add(out);
        }
        // the logits' channels are the classes: whatever reaches them (the output layer's outputs) stays
        layout.get(count).forEach(s -> s.space.find().fixed = true);
        Map<Space, List<Member>> classes = new LinkedHashMap<>();
        Map<Space, Boolean> fixed = new IdentityHashMap<>();
        for (Space s : spaces) {
            Space root = s.find();
            classes.computeIfAbsent(root, r -> new ArrayList<>()).addAll(s.members);
            fixed.merge(root, s.fixed, Boolean::logicalOr);
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<Space, List<Member>> e : classes.entrySet()) {
            List<Member> ms = new ArrayList<>(e.getValue());
            if (fixed.get(e.getKey()) || ms.stream().noneMatch(m -> m.side() == Side.OUT)) {
                continue;
            }
            ms.sort(Comparator.comparing((Member m) -> m.side() != Side.OUT).thenComparingInt(Member::layer)
                    .thenComparingInt(Member::start));
            out.add(new Group(e.getKey().size, ms));
        }
        out.sort(Comparator.comparingInt(Group::root));
        return new ChannelGroups(out);
    }

    /** Records layer i as a member of every space of {@code segments}, at its entry offset. */
    private static void addMembers(List<Segment> segments, int i, Side side) {
        int at = 0;
        for (Segment s : segments) {
            s.space.members.add(new Member(i, side, at, s.spread));
            at += s.entries();
        }
    }

    /** Ties two values' spaces position by position (an Add or Mul); layouts that do not line up are fixed. */
    private static void tie(List<Segment> a, List<Segment> b) {
        boolean aligned = a.size() == b.size();
        for (int k = 0; aligned && k < a.size(); k++) {
            aligned = a.get(k).space.size == b.get(k).space.size;
        }
        if (!aligned) {
            a.forEach(s -> s.space.find().fixed = true);
            b.forEach(s -> s.space.find().fixed = true);
            return;
        }
        for (int k = 0; k < a.size(); k++) {
            Space x = a.get(k).space.find();
            Space y = b.get(k).space.find();
            if (x != y) {
                y.parent = x;
                x.fixed |= y.fixed;
            }
        }
    }

    /** A depthwise convolution: one input channel per output channel (groups = in = out). */
    static boolean depthwise(Conv2d cv) {
        return cv.groups() > 1 && cv.groups() == cv.in() && cv.groups() == cv.out();
    }

    /** A convolution over all input channels (groups 1). */
    static boolean plain(Conv2d cv) {
        return cv.groups() == 1;
    }

    /** The groups, by root position. */
    public List<Group> groups() {
        return groups;
    }

    /** Number of groups. */
    public int size() {
        return groups.size();
    }
}
