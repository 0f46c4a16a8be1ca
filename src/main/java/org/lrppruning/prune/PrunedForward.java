package org.lrppruning.prune;

import java.util.Arrays;
import java.util.List;
import org.lrppruning.linalg.MatOps;
import org.lrppruning.linalg.Parallel;
import org.lrppruning.linalg.ZeroSkip;
import org.lrppruning.model.Dropout;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Linear;
import org.lrppruning.model.Network;
import org.lrppruning.model.Relu;

/**
 * The labels {@code Pruner.prune(net, plan).predict(x)} gives, for an MLP (Linear layers with ReLU or
 * Dropout between them, every Linear but the output layer prunable), computed faster over a set of
 * points ordered by place ({@link Groups}). Each Linear of the pruned network is its kept rows and
 * columns of W (as {@link Pruner} builds it, gathered from Wᵀ kept once per network), and each
 * {@value ZeroSkip#TILE} neighbouring rows multiply only the inputs that are nonzero in one of them
 * ({@link ZeroSkip#mulTiles}: after a ReLU, neighbours share most of their zeros): the same fma chains
 * without exact-zero terms, so the same bits. Rows are independent in evaluation mode and every block
 * of rows is computed alone on one thread, so the labels do not depend on the thread count. For the toy
 * network's shape most labels are proven rather than computed ({@link LinearTail}, {@link SecondLayer}):
 * a rounding-error bound shows the float32 forward's argmax, and rows it does not decide run the products.
 */
public final class PrunedForward {
    /** Rows per block of one thread: tiles that share the strips of each weight matrix in cache. */
    static final int BLOCK = 16 * ZeroSkip.TILE;

    private final Network net;
    /** Per layer: Wᵀ (in × out) of a Linear wide enough for {@link ZeroSkip#mulTiles}, else null. */
    private final float[][] transposed;
    /** Per layer: whether the Linear's weights are all finite (zeros may be left out). */
    private final boolean[] finite;
    /** The Linear whose sums {@link SecondLayer} keeps, or −1 ({@link #findSecondLinear}). */
    private final int second;

    private PrunedForward(Network net) {
        this.net = net;
        List<Layer> layers = net.layers();
        transposed = new float[layers.size()][];
        finite = new boolean[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear l) {
                finite[i] = ZeroSkip.finite(l.weight());
                if (tiled(l)) {
                    float[] t = new float[l.in() * l.out()];
                    float[] w = l.weight();
                    for (int j = 0; j < l.out(); j++) {
                        for (int q = 0; q < l.in(); q++) {
                            t[q * l.out() + j] = w[j * l.in() + q];
                        }
                    }
                    transposed[i] = t;
                }
            }
        }
        second = findSecondLinear();
    }

    /** The fast forward of a {@link #supports supported} network (its transposed weights: one more copy). */
    public static PrunedForward of(Network net) {
        if (!supports(net)) {
            throw new IllegalArgumentException("not an MLP of Linear, ReLU and Dropout layers: " + net);
        }
        return new PrunedForward(net);
    }

    /** The network it runs. */
    public Network network() {
        return net;
    }

    /**
     * Whether a Linear goes through {@link ZeroSkip#mulTiles}: wider than one vector on both sides (the
     * hidden layers after the first); the first layer (two inputs, nothing to leave out) and the output
     * layer (a few classes) go through MatOps.
     */
    private static boolean tiled(Linear l) {
        return l.out() > ZeroSkip.STRIP / 2 && l.in() > ZeroSkip.STRIP / 2;
    }

    /**
     * Points reordered so that every {@value ZeroSkip#TILE} consecutive rows lie close together: {@code x}
     * holds the rows in the new order ({@code dims} values each), {@code rows[r]} is the original index of row r.
     */
    public record Groups(float[] x, int dims, int[] rows) {
        /** Number of points. */
        public int size() {
            return rows.length;
        }
    }

    /** Whether {@link #predict} handles this network (flat input; Linear, ReLU, Dropout; the default units). */
    public static boolean supports(Network net) {
        if (net.inputShape().length != 1 || net.outputLayer() != net.layers().size() - 1) {
            return false;
        }
        int[] pos = net.prunablePositions();
        List<Layer> layers = net.layers();
        int h = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof Linear) {
                if (i != net.outputLayer() && (h >= pos.length || pos[h++] != i)) {
                    return false;
                }
            } else if (!(l instanceof Relu || l instanceof Dropout)) {
                return false;
            }
        }
        return h == pos.length;
    }

    /**
     * The n points of {@code x} ({@code dims} values each) ordered by place: cut at the median of the
     * coordinate with the widest range (ties by index), the lower part a whole number of tiles of
     * {@value ZeroSkip#TILE} rows, until a part is one tile (so only the last tile of all is smaller).
     */
    public static Groups group(float[] x, int n, int dims) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        split(x, dims, order, 0, n);
        float[] xs = new float[n * dims];
        for (int r = 0; r < n; r++) {
            System.arraycopy(x, order[r] * dims, xs, r * dims, dims);
        }
        return new Groups(xs, dims, order);
    }

    /** Orders order[from, to) by place. */
    private static void split(float[] x, int dims, int[] order, int from, int to) {
        int size = ZeroSkip.TILE;
        if (to - from <= size) {
            return;
        }
        int axis = 0;
        float widest = -1f;
        for (int d = 0; d < dims; d++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                float v = x[order[i] * dims + d];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (hi - lo > widest) {
                widest = hi - lo;
                axis = d;
            }
        }
        // sort keys: the coordinate's bits made order-preserving as a signed int, then the index
        long[] keys = new long[to - from];
        for (int i = from; i < to; i++) {
            int bits = Float.floatToIntBits(x[order[i] * dims + axis]);
            bits ^= (bits >> 31) & 0x7fffffff;
            keys[i - from] = ((long) bits << 32) | order[i];
        }
        Arrays.sort(keys);
        for (int i = from; i < to; i++) {
            order[i] = (int) keys[i - from];
        }
        // whole groups below the cut: only the very last group of all is smaller
        int parts = (to - from + size - 1) / size;
        int mid = from + parts / 2 * size;
        split(x, dims, order, from, mid);
        split(x, dims, order, mid, to);
    }

    /** One layer of the pruned network: a Linear's kept weights (Wᵀ padded for mulTiles, or W) and bias, or another layer. */
    private record Stage(Layer layer, float[] w, float[] b, int in, int out, boolean tiles, boolean finite,
                         int[] keptIn) {
    }

    /**
     * The unpruned network over a point set: the input of every Linear (after its activation, grouped
     * order) and the labels. A pruned network's Linear t sees, at a row, the unpruned input restricted
     * to the kept units whenever every unit removed before it is zero at that row in the unpruned
     * network (the removed terms of its chains are exact zeros); such a row starts there.
     */
    public static final class Unpruned {
        private final Groups points;
        private final float[][] inputs;
        private final int[] labels;
        /** The second Linear's sums, for networks shaped like the toy's (else null). */
        private final SecondLayer second;

        private Unpruned(Groups points, float[][] inputs, int[] labels, SecondLayer second) {
            this.points = points;
            this.inputs = inputs;
            this.labels = labels;
            this.second = second;
        }

        /** The second Linear's sums (null: the network is not shaped for them). */
        SecondLayer second() {
            return second;
        }

        /** The recorded input of layer i (grouped order), or null. */
        float[] input(int i) {
            return inputs[i];
        }

        /** The points, ordered by place. */
        public Groups points() {
            return points;
        }

        /** The unpruned network's label per point, in the original order. */
        public int[] labels() {
            return labels.clone();
        }

        /** Bytes held (the inputs of every Linear but the first, per point, and the second layer's sums if kept). */
        public long bytes() {
            long b = second == null ? 0 : second.bytes();
            for (float[] in : inputs) {
                b += in == null ? 0 : 4L * in.length;
            }
            return b;
        }
    }

    /** Bytes an {@link Unpruned} of n points holds. */
    public long unprunedBytes(int n) {
        long values = 0;
        List<Layer> layers = net.layers();
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear l) {
                values += l.in();
            }
        }
        return 4L * n * values;
    }

    /** Bytes the second layer's sums of n points add to an {@link Unpruned} ({@link #unpruned(Groups, boolean, int)}). */
    public long sumsBytes(int n) {
        return second < 0 ? 0 : 8L * n * ((Linear) net.layers().get(second)).out() + 4L * n;
    }

    /**
     * The second Linear when the network is shaped as {@link SecondLayer} needs (Linear, ReLU or dropout, the
     * second Linear, ReLU and perhaps dropout, then only the last hidden Linear and the output layer with
     * dropout at most between them) and its weights are finite; otherwise −1.
     */
    private int findSecondLinear() {
        List<Layer> layers = net.layers();
        int[] lin = java.util.stream.IntStream.range(0, layers.size()).filter(i -> layers.get(i) instanceof Linear)
                .toArray();
        if (lin.length != 4 || !finite[lin[1]]) {
            return -1;
        }
        boolean relu = false;
        for (int i = lin[1] + 1; i < lin[2]; i++) {
            relu |= layers.get(i) instanceof Relu;
        }
        for (int i = lin[2] + 1; i < lin[3]; i++) {
            if (!(layers.get(i) instanceof Dropout)) {
                return -1;
            }
        }
        return relu ? lin[1] : -1;
    }

    /** The unpruned forward over {@code points}, keeping what {@link #predict(PruningPlan, Unpruned, int)} reuses. */
    public Unpruned unpruned(Groups points, int threads) {
        return unpruned(points, false, threads);
    }

    /**
     * As {@link #unpruned(Groups, int)}; with {@code sums}, for a network shaped like the toy's, also the second
     * Linear's float64 sums ({@link SecondLayer}: about as much work as the unpruned forward once, {@link #sumsBytes}
     * more memory), from which most pruned networks' labels then come without the float32 products: worth it when
     * many plans label the same points, as a sweep's runs label its training set.
     */
    public Unpruned unpruned(Groups points, boolean sums, int threads) {
        check(points);
        List<Layer> layers = net.layers();
        Stage[] stages = unprunedStages();
        float[][] inputs = new float[layers.size()][];
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof Linear l) {
                inputs[i] = new float[points.size() * l.in()];
            }
        }
        float[] z = run(stages, 0, points.x(), points.dims(), points.size(), inputs, threads);
        int p = sums ? second : -1;
        SecondLayer second = null;
        if (p >= 0) {
            Linear l = (Linear) layers.get(p);
            second = SecondLayer.of(l.weight(), l.bias(), l.in(), l.out(), inputs[p], points.size(), threads);
        }
        return new Unpruned(points, inputs, labels(z, points), second);
    }

    /**
     * Per point of {@code points} (labels in the original order), the class {@code Pruner.prune(net, plan)}
     * predicts: argmax of the logits, ties to the lower class.
     */
    public int[] predict(PruningPlan plan, Groups points, int threads) {
        return prepare(plan).predict(points, threads);
    }

    /** {@link #predict(PruningPlan, Groups, int)} over the points of {@code u}, each row from the deepest Linear it may start at. */
    public int[] predict(PruningPlan plan, Unpruned u, int threads) {
        return prepare(plan).predict(u, threads);
    }

    /**
     * The pruned network of {@code plan} ready to label point sets: its kept weights are gathered at the first set it
     * labels and kept for the next (a run labels the training set and the test set, or neither when both accuracies
     * are shared); the unpruned network's are gathered once for all. Used by one thread at a time.
     */
    public Prepared prepare(PruningPlan plan) {
        check(plan);
        return new Prepared(plan);
    }

    /** The stages of the plan that removes nothing, once built; read-only. */
    private Stage[] unprunedStages;
    /** Their {@link LinearTail}, once built (null: none). */
    private LinearTail unprunedTail;
    private boolean unprunedTailBuilt;

    private synchronized LinearTail unprunedTail() {
        if (!unprunedTailBuilt) {
            unprunedTail = tail(unprunedStages());
            unprunedTailBuilt = true;
        }
        return unprunedTail;
    }

    private synchronized Stage[] unprunedStages() {
        if (unprunedStages == null) {
            unprunedStages = stages(PruningPlan.none(net.prunableCount()));
        }
        return unprunedStages;
    }

    /** A pruned network whose kept weights are gathered once ({@link #prepare}); labels any number of point sets. */
    public final class Prepared {
        private final PruningPlan plan;
        private Stage[] stages;
        private LinearTail tail;
        private boolean tailBuilt;

        private Prepared(PruningPlan plan) {
            this.plan = plan;
        }

        private Stage[] stages() {
            if (stages == null) {
                stages = plan.total() > 0 ? PrunedForward.this.stages(plan) : unprunedStages();
            }
            return stages;
        }

        /** The plan's {@link LinearTail}, null when the network has none. */
        LinearTail tail() {
            if (!tailBuilt) {
                tail = plan.total() > 0 ? PrunedForward.this.tail(stages()) : unprunedTail();
                tailBuilt = true;
            }
            return tail;
        }

        /** The labels of n points x (the network's inputs each), grouped as {@link #group} groups them. */
        public int[] predict(float[] x, int n, int threads) {
            return predict(group(x, n, net.inputs()), threads);
        }

        /** {@link PrunedForward#predict(PruningPlan, Groups, int)} of this plan. */
        public int[] predict(Groups points, int threads) {
            check(points);
            return ungroup(runLabels(stages(), tail(), 0, points.x(), points.dims(), points.size(), threads), points);
        }

        /** {@link PrunedForward#predict(PruningPlan, Unpruned, int)} of this plan. */
        public int[] predict(Unpruned u, int threads) {
            if (u.second != null && tail() != null) {
                return ungroup(shortcut(u, threads), u.points());
            }
            return ungroup(labels(plan, stages(), tail(), u, threads), u.points());
        }

        /**
         * Labels in the grouped order through {@link SecondLayer}: rows whose label its bound does not prove
         * run the whole forward.
         */
        private int[] shortcut(Unpruned u, int threads) {
            Linear l = (Linear) net.layers().get(second);
            Stage[] stages = stages();
            LinearTail tail = tail();
            SecondLayer.Run run = u.second.new Run(tail, l.weight(), l.in(), plan.perLayer()[0],
                    stages[tail.stage()].keptIn());
            int n = u.points().size();
            int dims = u.points().dims();
            float[] h = u.inputs[second];
            int[] labels = new int[n];
            Parallel.range((n + BLOCK - 1) / BLOCK, threads, 1, (b0, b1) -> {
                SecondLayer.Scratch scratch = run.scratch();
                for (int blk = b0; blk < b1; blk++) {
                    int from = blk * BLOCK;
                    settle(labels, from, Math.min(BLOCK, n - from),
                            r -> run.certain(from + r, h, (from + r) * l.in(), scratch),
                            open -> runLabels(stages, tail, 0, gatherRows(u.points().x(), dims, shift(open, from), null),
                                    dims, open.length, 1));
                }
            });
            return labels;
        }
    }

    private int[] labels(float[] z, Groups points) {
        return ungroup(Network.argmax(z, points.size(), net.classes()), points);
    }

    /** Labels in the grouped order put back in the points' original order. */
    private static int[] ungroup(int[] p, Groups points) {
        int[] labels = new int[points.size()];
        for (int r = 0; r < p.length; r++) {
            labels[points.rows()[r]] = p[r];
        }
        return labels;
    }

    /** The pruned network's logits, row r for point {@code points.rows()[r]} (the grouped order). */
    float[] logits(PruningPlan plan, Groups points, int threads) {
        check(plan);
        check(points);
        return run(prepare(plan).stages(), 0, points.x(), points.dims(), points.size(), null, threads);
    }

    /** {@link #logits(PruningPlan, Groups, int)} with each row started from the unpruned inputs where it may. */
    float[] logits(PruningPlan plan, Unpruned u, int threads) {
        return logits(plan, prepare(plan).stages(), u, threads);
    }

    private float[] logits(PruningPlan plan, Stage[] stages, Unpruned u, int threads) {
        int classes = net.classes();
        float[] logits = new float[u.points().size() * classes];
        byStart(plan, stages, u, (first, rows, in, width) -> {
            float[] z = run(stages, first, in, width, rows.length, null, threads);
            for (int q = 0; q < rows.length; q++) {
                System.arraycopy(z, q * classes, logits, rows[q] * classes, classes);
            }
        });
        return logits;
    }

    /** The labels of {@link #logits(PruningPlan, Stage[], Unpruned, int)}, in the grouped order. */
    private int[] labels(PruningPlan plan, Stage[] stages, LinearTail tail, Unpruned u, int threads) {
        int[] labels = new int[u.points().size()];
        byStart(plan, stages, u, (first, rows, in, width) -> {
            int[] p = runLabels(stages, tail, first, in, width, rows.length, threads);
            for (int q = 0; q < rows.length; q++) {
                labels[rows[q]] = p[q];
            }
        });
        return labels;
    }

    /** Rows of an {@link Unpruned} that start at one stage: their indices and their input there. */
    private interface StartGroup {
        void accept(int first, int[] rows, float[] in, int width);
    }

    /** The rows of {@code u} grouped by the deepest Linear each may start at, in increasing order of that Linear. */
    private void byStart(PruningPlan plan, Stage[] stages, Unpruned u, StartGroup each) {
        List<Layer> layers = net.layers();
        int[] lin = java.util.stream.IntStream.range(0, layers.size()).filter(i -> layers.get(i) instanceof Linear)
                .toArray();
        int n = u.points().size();
        // start[r]: the Linear (counted from 0) row r starts at; Linear 1 always may (the first layer's kept
        // outputs are the unpruned ones), Linear t when t - 1 may and the units removed from prunable layer
        // t - 2 are zero in Linear t - 1's unpruned input (and its weights finite: 0 · ∞ is NaN)
        int[] start = new int[n];
        for (int r = 0; r < n; r++) {
            int t = lin.length > 1 ? 1 : 0;
            while (t + 1 < lin.length && finite[lin[t]] && zeroAt(u.inputs[lin[t]], r, ((Linear) layers.get(lin[t])).in(),
                    plan.perLayer()[t - 1])) {
                t++;
            }
            // recomputing the first layer from the inputs is cheaper than gathering its outputs
            start[r] = t == 1 ? 0 : t;
        }
        for (int t = 0; t < lin.length; t++) {
            int[] rows = rowsStartingAt(start, t);
            if (rows.length == 0) {
                continue;
            }
            if (t == 0) {
                each.accept(lin[t], rows, gatherRows(u.points().x(), u.points().dims(), rows, null), u.points().dims());
            } else {
                each.accept(lin[t], rows, gatherRows(u.inputs[lin[t]], ((Linear) layers.get(lin[t])).in(), rows,
                        stages[lin[t]].keptIn()), stages[lin[t]].in());
            }
        }
    }

    /** Whether row r of the n × width matrix m is zero at every one of {@code units}. */
    private static boolean zeroAt(float[] m, int r, int width, int[] units) {
        int o = r * width;
        for (int j : units) {
            if (m[o + j] != 0f) {
                return false;
            }
        }
        return true;
    }

    private static int[] rowsStartingAt(int[] start, int t) {
        int count = 0;
        for (int s : start) {
            count += s == t ? 1 : 0;
        }
        int[] rows = new int[count];
        for (int r = 0, c = 0; r < start.length; r++) {
            if (start[r] == t) {
                rows[c++] = r;
            }
        }
        return rows;
    }

    /** Rows {@code rows} of the ? × width matrix m, restricted to columns {@code cols} (null: all). */
    private static float[] gatherRows(float[] m, int width, int[] rows, int[] cols) {
        int w = cols == null ? width : cols.length;
        float[] g = new float[rows.length * w];
        for (int q = 0; q < rows.length; q++) {
            int from = rows[q] * width;
            if (cols == null) {
                System.arraycopy(m, from, g, q * w, w);
            } else {
                for (int c = 0; c < w; c++) {
                    g[q * w + c] = m[from + cols[c]];
                }
            }
        }
        return g;
    }

    private void check(PruningPlan plan) {
        if (plan.perLayer().length != net.prunableCount()) {
            throw new IllegalArgumentException("plan has " + plan.perLayer().length + " layers, network "
                    + net.prunableCount());
        }
    }

    private void check(Groups points) {
        if (points.dims() != net.inputs()) {
            throw new IllegalArgumentException("points have " + points.dims() + " values, the network takes "
                    + net.inputs());
        }
    }

    /**
     * Logits of n rows (rows × width values in {@code input}, the input of stage {@code first}) through
     * stages first.. in blocks of {@link #BLOCK} rows, one thread per block; {@code record[i]}, when
     * given, receives the input of Linear i (rows in order).
     */
    private float[] run(Stage[] stages, int first, float[] input, int inWidth, int n, float[][] record, int threads) {
        int classes = net.classes();
        float[] logits = new float[n * classes];
        Parallel.range((n + BLOCK - 1) / BLOCK, threads, 1, (b0, b1) -> {
            for (int blk = b0; blk < b1; blk++) {
                int from = blk * BLOCK;
                int rows = Math.min(BLOCK, n - from);
                float[] a = Arrays.copyOfRange(input, from * inWidth, (from + rows) * inWidth);
                a = through(stages, first, stages.length, a, rows, inWidth, record, from);
                System.arraycopy(a, 0, logits, from * classes, rows * classes);
            }
        });
        return logits;
    }

    /**
     * The labels (argmax of the logits, ties to the lower class) of the rows {@link #run} would compute logits
     * for, in the same order. Where the network ends in a {@link LinearTail} this may reach, rows whose label the tail
     * certifies skip its two products; the others run them as {@link #run} does.
     */
    private int[] runLabels(Stage[] stages, LinearTail tail, int first, float[] input, int inWidth, int n, int threads) {
        int classes = net.classes();
        if (tail == null || first > tail.stage()) {
            return Network.argmax(run(stages, first, input, inWidth, n, null, threads), n, classes);
        }
        int[] labels = new int[n];
        int k = tail.in();
        Parallel.range((n + BLOCK - 1) / BLOCK, threads, 1, (b0, b1) -> {
            double[] work = new double[tail.workSize()];
            for (int blk = b0; blk < b1; blk++) {
                int from = blk * BLOCK;
                int rows = Math.min(BLOCK, n - from);
                float[] a = Arrays.copyOfRange(input, from * inWidth, (from + rows) * inWidth);
                float[] h = through(stages, first, tail.stage(), a, rows, inWidth, null, from);
                // each row's chains do not depend on the rows beside it: the bits of the full block
                settle(labels, from, rows, r -> tail.certain(h, r * k, work), open -> Network.argmax(
                        through(stages, tail.stage(), stages.length, gatherRows(h, k, open, null), open.length, k, null, 0),
                        open.length, classes));
            }
        });
        return labels;
    }

    /**
     * labels[from + r] for r below {@code rows}: {@code proof.applyAsInt(r)} where it is a label, and for the rows
     * it leaves open (−1) what {@code rest} gives them, all at once (their block indices r in increasing order).
     */
    private static void settle(int[] labels, int from, int rows, java.util.function.IntUnaryOperator proof,
                               java.util.function.Function<int[], int[]> rest) {
        int[] open = new int[rows];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            int label = proof.applyAsInt(r);
            if (label >= 0) {
                labels[from + r] = label;
            } else {
                open[count++] = r;
            }
        }
        if (count > 0) {
            int[] left = Arrays.copyOf(open, count);
            int[] p = rest.apply(left);
            for (int q = 0; q < count; q++) {
                labels[from + left[q]] = p[q];
            }
        }
    }

    /** The indices plus {@code by}. */
    private static int[] shift(int[] rows, int by) {
        int[] s = new int[rows.length];
        for (int q = 0; q < rows.length; q++) {
            s[q] = rows[q] + by;
        }
        return s;
    }

    /**
     * Rows of {@code a} ({@code width} values each, the input of stage {@code first}) through stages
     * first..end-1 on this thread; {@code record[i]}, when given, receives the input of Linear i at row
     * offset {@code from}.
     */
    private static float[] through(Stage[] stages, int first, int end, float[] a, int rows, int width,
                                   float[][] record, int from) {
        for (int i = first; i < end; i++) {
            Stage s = stages[i];
            if (s.w() == null) {
                a = s.layer().forward(a, rows, new int[] {width}, 1);
                continue;
            }
            if (record != null && record[i] != null) {
                System.arraycopy(a, 0, record[i], from * width, rows * width);
            }
            float[] z = new float[rows * s.out()];
            if (s.tiles()) {
                ZeroSkip.mulTiles(a, rows, s.in(), s.w(), s.out(), s.b(), s.finite(), z);
            } else {
                MatOps.mulTransB(a, s.w(), s.b(), z, rows, s.in(), s.out(), 1);
            }
            a = z;
            width = s.out();
        }
        return a;
    }

    /** The pruned network's layers: each Linear with its kept outputs (rows of W, entries of b) and inputs. */
    private Stage[] stages(PruningPlan plan) {
        List<Layer> layers = net.layers();
        Stage[] out = new Stage[layers.size()];
        int[] keptIn = null; // null: every input
        int h = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (!(layer instanceof Linear l)) {
                out[i] = new Stage(layer, null, null, 0, 0, false, true, null);
                continue;
            }
            int[] keptOut = i != net.outputLayer() ? kept(plan.perLayer()[h++], l.out()) : identity(l.out());
            int[] in = keptIn == null ? identity(l.in()) : keptIn;
            int rows = keptOut.length;
            int cols = in.length;
            float[] w;
            if (transposed[i] != null) {
                // Wᵀ's kept rows (inputs) and columns (outputs), in mulTiles' panels
                float[] t = transposed[i];
                w = new float[ZeroSkip.strips(rows) * cols * ZeroSkip.STRIP];
                for (int q = 0; q < cols; q++) {
                    int from = in[q] * l.out();
                    for (int j = 0; j < rows; j++) {
                        w[ZeroSkip.panelIndex(cols, q, j)] = t[from + keptOut[j]];
                    }
                }
            } else {
                w = new float[rows * cols];
                float[] src = l.weight();
                for (int j = 0; j < rows; j++) {
                    int from = keptOut[j] * l.in();
                    for (int q = 0; q < cols; q++) {
                        w[j * cols + q] = src[from + in[q]];
                    }
                }
            }
            float[] b = l.bias();
            if (b != null) {
                float[] kb = new float[rows];
                for (int j = 0; j < rows; j++) {
                    kb[j] = b[keptOut[j]];
                }
                b = kb;
            }
            out[i] = new Stage(layer, w, b, cols, rows, transposed[i] != null, finite[i], in);
            keptIn = keptOut;
        }
        return out;
    }

    /**
     * The {@link LinearTail} of these stages: the output layer and the Linear before it when only identity layers
     * (dropout, the identity at evaluation) lie between them and both have finite weights; otherwise null.
     */
    private LinearTail tail(Stage[] stages) {
        int o = net.outputLayer();
        int p = o - 1;
        while (p >= 0 && stages[p].w() == null && stages[p].layer() instanceof Dropout) {
            p--;
        }
        if (p < 0 || stages[p].w() == null || !stages[p].finite() || !stages[o].finite()) {
            return null;
        }
        Linear first = (Linear) stages[p].layer();
        Linear out = (Linear) stages[o].layer();
        int[] mid = stages[o].keptIn();
        float[] wo = new float[out.out() * mid.length];
        for (int c = 0; c < out.out(); c++) {
            for (int i = 0; i < mid.length; i++) {
                wo[c * mid.length + i] = out.weight()[c * out.in() + mid[i]];
            }
        }
        return LinearTail.of(p, first.weight(), first.in(), mid, stages[p].keptIn(), stages[p].b(), wo, stages[o].b(),
                out.out());
    }

    private static int[] identity(int n) {
        int[] k = new int[n];
        for (int j = 0; j < n; j++) {
            k[j] = j;
        }
        return k;
    }

    /** The units of 0..units-1 not in {@code removed}, ascending. */
    private static int[] kept(int[] removed, int units) {
        boolean[] gone = new boolean[units];
        for (int j : removed) {
            if (j < 0 || j >= units) {
                throw new IllegalArgumentException("unit " + j + " out of range 0.." + (units - 1));
            }
            gone[j] = true;
        }
        int[] k = new int[units];
        int c = 0;
        for (int j = 0; j < units; j++) {
            if (!gone[j]) {
                k[c++] = j;
            }
        }
        return Arrays.copyOf(k, c);
    }
}
