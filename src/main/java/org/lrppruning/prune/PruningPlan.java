package org.lrppruning.prune;

import java.util.Arrays;

/** Which units of each prunable layer to remove: sorted indices within the layer. */
public record PruningPlan(int[][] perLayer) {
    /** The {@code count} lowest-ranked neurons of {@code order} (layer-major indices over layers of {@code sizes}). */
    public static PruningPlan lowest(int[] order, int[] sizes, int count) {
        if (count < 0 || count > order.length) {
            throw new IllegalArgumentException("cannot prune " + count + " of " + order.length + " neurons");
        }
        int[] offsets = new int[sizes.length + 1];
        for (int h = 0; h < sizes.length; h++) {
            offsets[h + 1] = offsets[h] + sizes[h];
        }
        int[] chosen = Arrays.copyOf(order, count);
        Arrays.sort(chosen);
        int[][] per = new int[sizes.length][];
        for (int h = 0; h < sizes.length; h++) {
            int from = lowerBound(chosen, offsets[h]);
            int to = lowerBound(chosen, offsets[h + 1]);
            per[h] = new int[to - from];
            for (int i = from; i < to; i++) {
                per[h][i - from] = chosen[i] - offsets[h];
            }
        }
        return new PruningPlan(per);
    }

    /**
     * The {@code count} lowest-ranked units of {@code order} (layer-major indices over layers of {@code sizes}, lowest
     * first) that leave every layer at least {@code keep} units: a unit whose layer is down to {@code keep} is passed
     * over for the next in the order (a deep layer's many small per-layer-normalised scores would otherwise empty it).
     *
     * @throws IllegalArgumentException if the layers cannot keep that many: count > units − keep × layers
     */
    public static PruningPlan lowestKeeping(int[] order, int[] sizes, int count, int keep) {
        int[] offsets = new int[sizes.length + 1];
        int spare = 0;
        for (int h = 0; h < sizes.length; h++) {
            offsets[h + 1] = offsets[h] + sizes[h];
            spare += Math.max(0, sizes[h] - keep);
        }
        if (count < 0 || count > spare) {
            throw new IllegalArgumentException("cannot prune " + count + " of " + offsets[sizes.length]
                    + " units and keep " + keep + " in each of " + sizes.length + " layers");
        }
        int[] taken = new int[sizes.length];
        int[] chosen = new int[count];
        int k = 0;
        for (int i = 0; i < order.length && k < count; i++) {
            int h = layerOf(offsets, order[i]);
            if (sizes[h] - taken[h] > keep) {
                taken[h]++;
                chosen[k++] = order[i];
            }
        }
        return lowest(chosen, sizes, count);
    }

    /**
     * The {@code counts[h]} lowest-ranked units of every layer h: {@code order} (layer-major indices over layers of
     * {@code sizes}, lowest first) restricted to each layer is that layer's own ranking.
     */
    public static PruningPlan lowestPerLayer(int[] order, int[] sizes, int[] counts) {
        if (counts.length != sizes.length) {
            throw new IllegalArgumentException(counts.length + " counts for " + sizes.length + " layers");
        }
        int[] offsets = new int[sizes.length + 1];
        for (int h = 0; h < sizes.length; h++) {
            if (counts[h] < 0 || counts[h] > sizes[h]) {
                throw new IllegalArgumentException("cannot prune " + counts[h] + " of " + sizes[h] + " units of layer " + h);
            }
            offsets[h + 1] = offsets[h] + sizes[h];
        }
        int[][] per = new int[sizes.length][];
        int[] taken = new int[sizes.length];
        for (int h = 0; h < sizes.length; h++) {
            per[h] = new int[counts[h]];
        }
        for (int g : order) {
            int h = layerOf(offsets, g);
            if (taken[h] < counts[h]) {
                per[h][taken[h]++] = g - offsets[h];
            }
        }
        for (int[] p : per) {
            Arrays.sort(p);
        }
        return new PruningPlan(per);
    }

    /** The first layer of {@code sizes} this plan removes every unit of, or −1. */
    public int emptiedLayer(int[] sizes) {
        for (int h = 0; h < perLayer.length; h++) {
            if (sizes[h] > 0 && perLayer[h].length >= sizes[h]) {
                return h;
            }
        }
        return -1;
    }

    private static int layerOf(int[] offsets, int g) {
        int h = 0;
        while (g >= offsets[h + 1]) {
            h++;
        }
        return h;
    }

    /** Plans are equal when they remove the same units (a record would compare the arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof PruningPlan p && Arrays.deepEquals(perLayer, p.perLayer);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(perLayer);
    }

    /** A plan removing nothing from layers of the given sizes. */
    public static PruningPlan none(int layers) {
        int[][] per = new int[layers][];
        Arrays.fill(per, new int[0]);
        return new PruningPlan(per);
    }

    /** Number of neurons removed per hidden layer. */
    public int[] counts() {
        return Arrays.stream(perLayer).mapToInt(a -> a.length).toArray();
    }

    /** Total number of neurons removed. */
    public int total() {
        return Arrays.stream(perLayer).mapToInt(a -> a.length).sum();
    }

    /** The removed neurons as sorted layer-major indices over layers of {@code sizes}. */
    public int[] globalIndices(int[] sizes) {
        int[] out = new int[total()];
        int k = 0;
        int offset = 0;
        for (int h = 0; h < perLayer.length; h++) {
            for (int j : perLayer[h]) {
                out[k++] = offset + j;
            }
            offset += sizes[h];
        }
        return out;
    }

    private static int lowerBound(int[] sorted, int key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
