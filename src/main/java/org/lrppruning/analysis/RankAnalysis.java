package org.lrppruning.analysis;

import org.lrppruning.io.PyFloat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * The rank analysis of one dataset (spec section 8, {@code --analyze --ranklog}): for every pair of
 * pruning orders (A, B) Spearman ρ, Kendall τ-b and the first-k / last-k overlaps (see
 * {@link RankStats}), each cell the mean ± population std over a set of ordered pairs:
 * <ul>
 * <li>case 1 (per npc): criterion c with itself, seeds s1 ≠ s2;</li>
 * <li>case 2 (per npc): c1 ≠ c2 over all (s1, s2), and c1 = c2 with s1 = s2 only (the reference's
 *     "everything not in case 1", so its diagonal is 1 ± 0);</li>
 * <li>case 3 (per npc): every (c1, c2) with s1 = s2;</li>
 * <li>case 4 (per criterion): npc1 × npc2 over all (s1, s2), s1 = s2 included;</li>
 * <li>case 5 (per criterion): npc1 × npc2 with s1 = s2.</li>
 * </ul>
 * Pairs are ordered, as the reference's {@code itertools.product}, and values are averaged in its
 * order (seeds sorted as decimal strings, as NumPy's unique sorts them), with NumPy's summation.
 * {@link #text()} is {@code rank_and_set-{dataset}.txt} in the reference's layout. When rankscores
 * lines are present, sections of the same cases for the correlation of the scores follow, marked
 * {@value #ADDITION}.
 *
 * <p>Every measure is symmetric, so each unordered pair of orders is computed once, in blocks of
 * all seed pairs between two (criterion, npc) groups; blocks run in parallel, and the means are
 * reduced sequentially afterwards, so results do not depend on the thread count.
 */
public final class RankAnalysis {

    /** k of the first-k / last-k overlaps. */
    public static final List<Integer> SET_SIZES = List.of(125, 250, 500, 1000);
    /** Measures of the reference's tables, in its order. */
    public static final List<String> MEASURES;
    /** Measures of the addition tables: correlations of the criterion scores. */
    public static final List<String> SCORE_MEASURES = List.of("spearman-scores", "kendalltau-b-scores");
    /** The reference's criterion order; other criteria follow by name. */
    public static final List<String> CRITERIA_ORDER = List.of("lrp", "taylor", "grad", "weight");
    /** Mark of every section that the reference does not write. */
    public static final String ADDITION = "(addition: correlation of scores, not in the reference)";

    static {
        List<String> m = new ArrayList<>(List.of("spearman", "kendalltau"));
        for (int k : SET_SIZES) {
            m.add("first-" + k);
            m.add("last-" + k);
        }
        MEASURES = List.copyOf(m);
    }

    /** mean ± std over {@code count} pairs; NaN for no pairs, as NumPy gives. */
    public record Cell(double mean, double std, int count) {
        /** {@code {mean:.3f}+-{std:.3f}}. */
        public String text() {
            return PyFloat.format(mean, 3) + "+-" + PyFloat.format(std, 3);
        }
    }

    /**
     * One table. {@code cells.get(r).get(c)} is null for a blank cell (case 1 off the diagonal).
     *
     * @param corner the first header field: the measure, or "criterion:measure" in cases 4 and 5
     */
    public record Table(String corner, List<String> columns, List<String> rows, List<List<Cell>> cells) {
        /** The table as text, PrettyTable style. */
        public TextTable toText() {
            List<String> header = new ArrayList<>();
            header.add(corner);
            header.addAll(columns);
            List<List<String>> body = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                List<String> line = new ArrayList<>();
                line.add(rows.get(r));
                for (Cell c : cells.get(r)) {
                    line.add(c == null ? "" : c.text());
                }
                body.add(line);
            }
            return new TextTable(header, body);
        }
    }

    /** A titled section: the title line (without the '#' bars) and its tables. */
    public record Section(String title, List<Table> tables) {
        /** Bar, title, bar, two empty lines, then each table followed by one empty line. */
        public String text() {
            String bar = "#".repeat(title.length());
            StringBuilder sb = new StringBuilder(bar).append('\n').append(title).append('\n').append(bar).append("\n\n\n");
            for (Table t : tables) {
                sb.append(t.toText().render()).append("\n\n");
            }
            return sb.toString();
        }
    }

    private final String dataset;
    private final List<Section> sections;
    private final List<String> warnings;

    private RankAnalysis(String dataset, List<Section> sections, List<String> warnings) {
        this.dataset = dataset;
        this.sections = sections;
        this.warnings = warnings;
    }

    /** The name of the report file of a dataset. */
    public static String fileName(String dataset) {
        return "rank_and_set-" + dataset + ".txt";
    }

    public String dataset() {
        return dataset;
    }

    /** Reference sections first (per npc cases 1–3, then per criterion cases 4–5), then the additions. */
    public List<Section> sections() {
        return sections;
    }

    /** Duplicates, wrong lengths and missing orders, one line each, for the caller to print. */
    public List<String> warnings() {
        return warnings;
    }

    /** The whole report, as {@code rank_and_set-{dataset}.txt}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Section s : sections) {
            sb.append(s.text());
        }
        return sb.toString();
    }

    /** Writes {@link #text()} to {@code dir/rank_and_set-{dataset}.txt} atomically (replacing, not appending). */
    public Path write(Path dir) throws IOException {
        Path file = dir.resolve(fileName(dataset));
        org.lrppruning.io.AtomicFiles.writeString(file, text());
        return file;
    }

    /** One run's data: its order and scores, either may be missing. */
    private static final class Slot {
        RankStats.Order order;
        /** Equal for slots whose orders are equal (the data-free weight criterion's, across every seed and npc). */
        int orderId;
        long orderLine;
        RankStats.ScoreRanks scores;
        long scoresLine;
    }

    /**
     * Analyses the rankselection (and rankscores) records of {@code dataset} among {@code records};
     * all other records are ignored.
     *
     * @param threads worker threads (≥ 1); the result is the same for any count
     */
    public static RankAnalysis analyse(String dataset, Iterable<LogRecord> records, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Map<Double, Map<Long, Slot>>> slots = new TreeMap<>();
        int orderLength = -1;
        int scoresLength = -1;
        for (LogRecord r : records) {
            if (!r.dataset().equals(dataset) || r.kind() == LogRecord.Kind.ACCURACY) {
                continue;
            }
            String run = "criterion:" + r.criterion() + "-n:" + r.n() + "-s:" + r.seed();
            Slot slot = slots.computeIfAbsent(r.criterion(), k -> new TreeMap<>())
                    .computeIfAbsent(r.npc(), k -> new TreeMap<>())
                    .computeIfAbsent(r.seed(), k -> new Slot());
            if (r.kind() == LogRecord.Kind.ORDER) {
                if (orderLength < 0) {
                    orderLength = r.order().length;
                }
                if (r.order().length != orderLength) {
                    warnings.add("line " + r.line() + ": " + run + " order has " + r.order().length
                            + " entries, expected " + orderLength + "; skipped");
                } else if (slot.order != null) {
                    warnings.add("line " + r.line() + ": duplicate rankselection of " + run
                            + "; using the first, line " + slot.orderLine);
                } else {
                    slot.order = RankStats.Order.of(r.order());
                    slot.orderLine = r.line();
                }
            } else {
                if (scoresLength < 0) {
                    scoresLength = r.scores().length;
                }
                if (r.scores().length != scoresLength) {
                    warnings.add("line " + r.line() + ": " + run + " scores have " + r.scores().length
                            + " entries, expected " + scoresLength + "; skipped");
                } else if (slot.scores != null) {
                    warnings.add("line " + r.line() + ": duplicate rankscores of " + run
                            + "; using the first, line " + slot.scoresLine);
                } else {
                    slot.scores = RankStats.ScoreRanks.of(r.scores());
                    slot.scoresLine = r.line();
                }
            }
        }
        if (slots.isEmpty()) {
            warnings.add("no rankselection records for dataset " + dataset);
            return new RankAnalysis(dataset, List.of(), List.copyOf(warnings));
        }
        return new Grid(dataset, slots, warnings).run(threads);
    }

    /** The runs of one dataset on a criterion × npc × seed grid, and the blocks of pair results. */
    private static final class Grid {
        final String dataset;
        final List<String> criteria;
        final List<Double> npcs;
        final List<Long> seeds;
        final int nc;
        final int nm;
        final int ns;
        /** slot[g][s], g = c·nm + m; null where the run is missing */
        final Slot[][] slot;
        final boolean anyOrders;
        final boolean anyScores;
        final List<String> warnings;
        /** blocks by g1·G + g2 with g1 ≤ g2 */
        final Map<Integer, Block> blocks = new LinkedHashMap<>();

        Grid(String dataset, Map<String, Map<Double, Map<Long, Slot>>> runs, List<String> warnings) {
            this.dataset = dataset;
            this.warnings = warnings;
            criteria = new ArrayList<>(runs.keySet());
            criteria.sort(Comparator.comparingInt((String c) -> {
                int i = CRITERIA_ORDER.indexOf(c);
                return i < 0 ? CRITERIA_ORDER.size() : i;
            }).thenComparing(Comparator.naturalOrder()));
            TreeSet<Double> m = new TreeSet<>();
            TreeSet<Long> s = new TreeSet<>(Comparator.comparing((Long x) -> Long.toString(x)));
            runs.values().forEach(byNpc -> byNpc.forEach((npc, bySeed) -> {
                m.add(npc);
                s.addAll(bySeed.keySet());
            }));
            npcs = new ArrayList<>(m);
            seeds = new ArrayList<>(s);
            nc = criteria.size();
            nm = npcs.size();
            ns = seeds.size();
            slot = new Slot[nc * nm][ns];
            boolean orders = false;
            boolean scores = false;
            for (int c = 0; c < nc; c++) {
                for (int mi = 0; mi < nm; mi++) {
                    Map<Long, Slot> bySeed = runs.get(criteria.get(c)).getOrDefault(npcs.get(mi), Map.of());
                    for (int si = 0; si < ns; si++) {
                        Slot x = bySeed.get(seeds.get(si));
                        slot[c * nm + mi][si] = x;
                        orders |= x != null && x.order != null;
                        scores |= x != null && x.scores != null;
                    }
                }
            }
            anyOrders = orders;
            anyScores = scores;
            // equal orders give equal measures: each pair of distinct orders is computed once per block
            // an IntBuffer compares its (never changed) indices by value
            Map<java.nio.IntBuffer, Integer> ids = new HashMap<>();
            for (Slot[] g : slot) {
                for (Slot x : g) {
                    if (x != null && x.order != null) {
                        x.orderId = ids.computeIfAbsent(java.nio.IntBuffer.wrap(x.order.indices()), k -> ids.size());
                    }
                }
            }
            reportMissing(true);
            if (anyScores) {
                reportMissing(false);
            }
        }

        private void reportMissing(boolean orders) {
            for (int c = 0; c < nc; c++) {
                for (int mi = 0; mi < nm; mi++) {
                    List<String> missing = new ArrayList<>();
                    for (int si = 0; si < ns; si++) {
                        Slot x = slot[c * nm + mi][si];
                        if (x == null || (orders ? x.order == null : x.scores == null)) {
                            missing.add(Long.toString(seeds.get(si)));
                        }
                    }
                    if (!missing.isEmpty()) {
                        warnings.add("missing " + (orders ? "rankselection" : "rankscores") + " of criterion "
                                + criteria.get(c) + ", npc " + PyFloat.repr(npcs.get(mi)) + ": seeds "
                                + String.join(", ", missing) + " (pairs with them are left out)");
                    }
                }
            }
        }

        RankAnalysis run(int threads) {
            List<int[]> needed = new ArrayList<>();
            for (int mi = 0; mi < nm; mi++) {
                for (int c1 = 0; c1 < nc; c1++) {
                    for (int c2 = c1; c2 < nc; c2++) {
                        needed.add(new int[] {c1 * nm + mi, c2 * nm + mi});
                    }
                }
            }
            for (int c = 0; c < nc; c++) {
                for (int m1 = 0; m1 < nm; m1++) {
                    for (int m2 = m1 + 1; m2 < nm; m2++) {
                        needed.add(new int[] {c * nm + m1, c * nm + m2});
                    }
                }
            }
            computeBlocks(needed, threads);
            List<Section> sections = new ArrayList<>();
            if (anyOrders || !anyScores) {
                addSections(sections, MEASURES, false);
            }
            if (anyScores) {
                addSections(sections, SCORE_MEASURES, true);
            }
            return new RankAnalysis(dataset, List.copyOf(sections), List.copyOf(warnings));
        }

        private void computeBlocks(List<int[]> needed, int threads) {
            int gCount = nc * nm;
            if (threads == 1) {
                for (int[] p : needed) {
                    blocks.put(p[0] * gCount + p[1], computeBlock(p[0], p[1]));
                }
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "rank-analysis");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Block>> futures = new ArrayList<>();
                for (int[] p : needed) {
                    futures.add(pool.submit(() -> computeBlock(p[0], p[1])));
                }
                for (int i = 0; i < needed.size(); i++) {
                    int[] p = needed.get(i);
                    blocks.put(p[0] * gCount + p[1], futures.get(i).get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("rank analysis interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("rank analysis failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        /** All seed pairs between groups g1 ≤ g2; within one group only s1 ≤ s2 is computed, then mirrored. */
        private Block computeBlock(int g1, int g2) {
            Block b = new Block(ns, anyScores);
            Map<Long, double[]> measured = new HashMap<>();
            for (int s1 = 0; s1 < ns; s1++) {
                for (int s2 = g1 == g2 ? s1 : 0; s2 < ns; s2++) {
                    Slot x = slot[g1][s1];
                    Slot y = slot[g2][s2];
                    if (x == null || y == null) {
                        continue;
                    }
                    int at = s1 * ns + s2;
                    // (s2, s1) of the same group is the same pair reversed; of another group it is another pair
                    int mirror = g1 == g2 ? s2 * ns + s1 : at;
                    if (x.order != null && y.order != null) {
                        double[] v = measured.computeIfAbsent((long) x.orderId << 32 | y.orderId,
                                k -> orderMeasures(x.order, y.order.indices()));
                        for (int q = 0; q < v.length; q++) {
                            b.orders[q][at] = v[q];
                            b.orders[q][mirror] = v[q];
                        }
                        b.hasOrders[at] = true;
                        b.hasOrders[mirror] = true;
                    }
                    if (x.scores != null && y.scores != null) {
                        double sp = RankStats.spearman(x.scores, y.scores);
                        double kt = RankStats.kendallTauB(x.scores, y.scores);
                        b.scores[0][at] = sp;
                        b.scores[1][at] = kt;
                        b.scores[0][mirror] = sp;
                        b.scores[1][mirror] = kt;
                        b.hasScores[at] = true;
                        b.hasScores[mirror] = true;
                    }
                }
            }
            return b;
        }

        private static double[] orderMeasures(RankStats.Order a, int[] b) {
            double[] v = new double[MEASURES.size()];
            v[0] = RankStats.spearman(a.indices(), b);
            v[1] = RankStats.kendallTau(a, b);
            int q = 2;
            for (int k : SET_SIZES) {
                v[q++] = RankStats.firstOverlap(a, b, k);
                v[q++] = RankStats.lastOverlap(a, b, k);
            }
            return v;
        }

        private void addSections(List<Section> out, List<String> measures, boolean scores) {
            String mark = scores ? " " + ADDITION : "";
            List<String> npcText = npcs.stream().map(PyFloat::repr).toList();
            for (int mi = 0; mi < nm; mi++) {
                final int m = mi;
                String head = "# " + dataset + " n=" + npcText.get(mi);
                out.add(new Section(upper(head + " case 1: self-compare criteria across random seeds -> check pruning consistency") + mark,
                        criteriaTables(measures, scores, m, (c1, c2) -> c1.equals(c2), true,
                                (c1, c2) -> (s1, s2) -> !s1.equals(s2))));
                out.add(new Section(upper(head + " case 2: cross-compare criteria across all random seeds -> check relationship between criteria") + mark,
                        criteriaTables(measures, scores, m, (c1, c2) -> true, false,
                                (c1, c2) -> c1.equals(c2) ? Integer::equals : (s1, s2) -> true)));
                out.add(new Section(upper(head + " case 3 cross-compare criteria, same random seeds only! -> check relationship between criteria wrt same data source") + mark,
                        criteriaTables(measures, scores, m, (c1, c2) -> true, false, (c1, c2) -> Integer::equals)));
            }
            for (int c = 0; c < nc; c++) {
                String head = "# " + dataset + " and " + criteria.get(c);
                out.add(new Section(upper(head + " case 4: self-compare criteria across sample sizes (and random seeds) -> check pruning consistency") + mark,
                        npcTables(measures, scores, c, npcText, (s1, s2) -> true)));
                out.add(new Section(upper(head + " case 5: self-compare criteria across sample sizes (same seed only) -> check pruning consistency") + mark,
                        npcTables(measures, scores, c, npcText, Integer::equals)));
            }
        }

        /** Criteria × criteria tables at one npc; {@code seedPairs} picks the seed pairs of each criteria pair. */
        private List<Table> criteriaTables(List<String> measures, boolean scores, int m,
                                           BiPredicate<String, String> filled, boolean blankOthers,
                                           BiFunction<String, String, BiPredicate<Integer, Integer>> seedPairs) {
            List<Table> tables = new ArrayList<>();
            for (int q = 0; q < measures.size(); q++) {
                List<List<Cell>> cells = new ArrayList<>();
                for (int c1 = 0; c1 < nc; c1++) {
                    List<Cell> row = new ArrayList<>();
                    for (int c2 = 0; c2 < nc; c2++) {
                        String a = criteria.get(c1);
                        String b = criteria.get(c2);
                        row.add(filled.test(a, b) || !blankOthers
                                ? cell(q, scores, c1 * nm + m, c2 * nm + m, seedPairs.apply(a, b)) : null);
                    }
                    cells.add(Collections.unmodifiableList(row));
                }
                tables.add(new Table(measures.get(q), criteria, criteria, List.copyOf(cells)));
            }
            return tables;
        }

        /** npc × npc tables of one criterion. */
        private List<Table> npcTables(List<String> measures, boolean scores, int c, List<String> npcText,
                                      BiPredicate<Integer, Integer> seedPairs) {
            List<Table> tables = new ArrayList<>();
            for (int q = 0; q < measures.size(); q++) {
                List<List<Cell>> cells = new ArrayList<>();
                for (int m1 = 0; m1 < nm; m1++) {
                    List<Cell> row = new ArrayList<>();
                    for (int m2 = 0; m2 < nm; m2++) {
                        row.add(cell(q, scores, c * nm + m1, c * nm + m2, seedPairs));
                    }
                    cells.add(Collections.unmodifiableList(row));
                }
                tables.add(new Table(criteria.get(c) + ":" + measures.get(q), npcText, npcText, List.copyOf(cells)));
            }
            return tables;
        }

        /** Mean ± std of measure q over the seed pairs (s1, s2), s1 outer, both in seed order. */
        private Cell cell(int q, boolean scores, int g1, int g2, BiPredicate<Integer, Integer> seedPairs) {
            int gCount = nc * nm;
            boolean swap = g1 > g2;
            Block b = blocks.get(swap ? g2 * gCount + g1 : g1 * gCount + g2);
            double[] values = new double[ns * ns];
            int count = 0;
            for (int s1 = 0; s1 < ns; s1++) {
                for (int s2 = 0; s2 < ns; s2++) {
                    if (!seedPairs.test(s1, s2)) {
                        continue;
                    }
                    int at = swap ? s2 * ns + s1 : s1 * ns + s2;
                    if (scores ? b.hasScores[at] : b.hasOrders[at]) {
                        values[count++] = scores ? b.scores[q][at] : b.orders[q][at];
                    }
                }
            }
            double[] x = Arrays.copyOf(values, count);
            return new Cell(NumpyStats.mean(x), NumpyStats.std(x), count);
        }

        private static String upper(String s) {
            return s.toUpperCase(Locale.ROOT);
        }
    }

    /** Measures of all seed pairs between two groups, indexed s1·S + s2. */
    private static final class Block {
        final double[][] orders;
        final boolean[] hasOrders;
        final double[][] scores;
        final boolean[] hasScores;

        Block(int ns, boolean withScores) {
            orders = new double[MEASURES.size()][ns * ns];
            hasOrders = new boolean[ns * ns];
            scores = withScores ? new double[SCORE_MEASURES.size()][ns * ns] : null;
            hasScores = new boolean[ns * ns];
        }
    }
}
