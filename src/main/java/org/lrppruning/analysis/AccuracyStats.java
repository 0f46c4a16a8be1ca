package org.lrppruning.analysis;

import org.lrppruning.io.PyFloat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Accuracy over seeds, as the reference's {@code --analyze}: per dataset × scenario (train, test)
 * × criterion × npc the mean and population std of the post-pruning accuracies, and per dataset ×
 * scenario × npc the unpruned (pre) accuracies of all criteria pooled, since every run logs its
 * own copy of the unpruned evaluation. mean = Σx/r, std = √(Σ(x − mean)²/r) over the r runs of a group.
 */
public final class AccuracyStats {

    /** Criterion label of the pooled pre-pruning groups (summary.csv). */
    public static final String UNPRUNED = "unpruned";
    /** Series name of the unpruned line, the reference's legend label. */
    public static final String NO_PRUNING = "no pruning";
    /** Scenarios analysed, in the reference's order. */
    public static final List<String> SCENARIOS = List.of("train", "test");
    /** npc values of the box plots (the reference's boxplots.py). */
    public static final List<Integer> BOX_NPC = List.of(1, 5, 20, 100);
    /** Criteria of the box plots, in the reference's hue order (weight does not depend on npc). */
    public static final List<String> BOX_CRITERIA = List.of("grad", "taylor", "lrp");
    /** Header of summary.csv. */
    public static final String CSV_HEADER = "dataset,scenario,criterion,npc,mean,std,runs";

    /**
     * One group of runs. criterion is {@link #UNPRUNED} for the pooled pre-pruning group.
     *
     * @param values the accuracies in log order (shared, do not modify)
     */
    public record Group(String dataset, String scenario, String criterion, double npc,
                        double mean, double std, double[] values) {
        public int runs() {
            return values.length;
        }
    }

    /** One line of an accuracy-vs-samples plot: mean and std per npc, npc ascending. */
    public record Series(String dataset, String scenario, String name, double[] npc, double[] mean, double[] std) {}

    /** One box of a box plot: post-pruning train accuracies of every run (log order). */
    public record Box(String dataset, String criterion, int npc, double[] values) {}

    private static final Comparator<Group> ORDER = Comparator.comparing(Group::dataset)
            .thenComparing(g -> SCENARIOS.indexOf(g.scenario()))
            .thenComparing(g -> !g.criterion().equals(UNPRUNED))
            .thenComparing(Group::criterion)
            .thenComparingDouble(Group::npc);

    private final List<Group> groups;
    /** criteria per dataset and scenario, any stage: the reference prints a block (maybe empty) for each */
    private final Map<String, TreeSet<String>> criteria;

    private AccuracyStats(List<Group> groups, Map<String, TreeSet<String>> criteria) {
        this.groups = groups;
        this.criteria = criteria;
    }

    /** Groups the train/test accuracy records (stage pre or post) of {@code records}; others are ignored. */
    public static AccuracyStats of(Iterable<LogRecord> records) {
        Map<List<Object>, List<Double>> acc = new TreeMap<>(AccuracyStats::compareKeys);
        Map<String, TreeSet<String>> crits = new TreeMap<>();
        for (LogRecord r : records) {
            if (r.kind() != LogRecord.Kind.ACCURACY || !SCENARIOS.contains(r.scenario())) {
                continue;
            }
            crits.computeIfAbsent(r.dataset() + "\n" + r.scenario(), k -> new TreeSet<>()).add(r.criterion());
            String crit;
            if (r.stage().equals("pre")) {
                crit = UNPRUNED;
            } else if (r.stage().equals("post")) {
                crit = r.criterion();
            } else {
                continue;
            }
            acc.computeIfAbsent(List.of(r.dataset(), r.scenario(), crit, r.npc()), k -> new ArrayList<>())
                    .add(r.accuracy());
        }
        List<Group> groups = new ArrayList<>();
        acc.forEach((k, v) -> {
            double[] x = v.stream().mapToDouble(Double::doubleValue).toArray();
            groups.add(new Group((String) k.get(0), (String) k.get(1), (String) k.get(2), (Double) k.get(3),
                    NumpyStats.mean(x), NumpyStats.std(x), x));
        });
        groups.sort(ORDER);
        return new AccuracyStats(List.copyOf(groups), crits);
    }

    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < 3; i++) {
            int c = ((String) a.get(i)).compareTo((String) b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Double.compare((Double) a.get(3), (Double) b.get(3));
    }

    /** All groups: dataset, scenario (train, test), unpruned first then criteria by name, npc ascending. */
    public List<Group> groups() {
        return groups;
    }

    /** Datasets with accuracy records, sorted by name (NumPy's unique). */
    public List<String> datasets() {
        return groups.stream().map(Group::dataset).distinct().toList();
    }

    /** The group, or null. */
    public Group group(String dataset, String scenario, String criterion, double npc) {
        for (Group g : groups) {
            if (g.dataset().equals(dataset) && g.scenario().equals(scenario) && g.criterion().equals(criterion)
                    && g.npc() == npc) {
                return g;
            }
        }
        return null;
    }

    /**
     * The lines of one accuracy-vs-samples plot: "no pruning" first, then one per criterion by
     * name (the reference draws in this order); empty if the dataset has no such scenario.
     */
    public List<Series> series(String dataset, String scenario) {
        List<Series> out = new ArrayList<>();
        Map<String, List<Group>> byName = new TreeMap<>(Comparator.comparing((String s) -> !s.equals(UNPRUNED))
                .thenComparing(Comparator.naturalOrder()));
        for (Group g : groups) {
            if (g.dataset().equals(dataset) && g.scenario().equals(scenario)) {
                byName.computeIfAbsent(g.criterion(), k -> new ArrayList<>()).add(g);
            }
        }
        byName.forEach((name, gs) -> out.add(new Series(dataset, scenario, name.equals(UNPRUNED) ? NO_PRUNING : name,
                gs.stream().mapToDouble(Group::npc).toArray(),
                gs.stream().mapToDouble(Group::mean).toArray(),
                gs.stream().mapToDouble(Group::std).toArray())));
        return out;
    }

    /**
     * The statistics the reference prints while drawing, same wording and format, an empty line
     * after each block: per dataset (by name) and scenario (train, test)
     * {@code dataset=moon, stage=pre, no pruning, n=1.0 : train acc = 99.95}, then per criterion
     * {@code dataset=moon, stage=post, crit=lrp, n=1.0 : train acc = 99.10}. One deliberate
     * difference: the reference labels its pre lines with the n of the first log records (an
     * indexing slip); these lines give each mean its own npc.
     */
    public List<String> statisticsLines() {
        List<String> out = new ArrayList<>();
        for (String d : datasets()) {
            for (String sc : SCENARIOS) {
                TreeSet<String> crits = criteria.get(d + "\n" + sc);
                if (crits == null) {
                    continue;
                }
                for (Group g : groups) {
                    if (g.dataset().equals(d) && g.scenario().equals(sc) && g.criterion().equals(UNPRUNED)) {
                        out.add("dataset=" + d + ", stage=pre, no pruning, n=" + PyFloat.repr(g.npc()) + " : "
                                + sc + " acc = " + PyFloat.format(g.mean(), 2));
                    }
                }
                out.add("");
                for (String c : crits) {
                    for (Group g : groups) {
                        if (g.dataset().equals(d) && g.scenario().equals(sc) && g.criterion().equals(c)) {
                            out.add("dataset=" + d + ", stage=post, crit=" + c + ", n=" + PyFloat.repr(g.npc())
                                    + " : " + sc + " acc = " + PyFloat.format(g.mean(), 2));
                        }
                    }
                    out.add("");
                }
            }
        }
        return out;
    }

    /**
     * summary.csv: {@value #CSV_HEADER}, one row per group in {@link #groups()} order; npc as an
     * integer when whole, numbers in Python's shortest repr.
     */
    public String summaryCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Group g : groups) {
            double npc = g.npc();
            String npcText = npc == Math.rint(npc) && Math.abs(npc) < 1e15 ? Long.toString((long) npc) : PyFloat.repr(npc);
            sb.append(csv(g.dataset())).append(',').append(csv(g.scenario())).append(',').append(csv(g.criterion()))
                    .append(',').append(npcText).append(',').append(PyFloat.repr(g.mean())).append(',')
                    .append(PyFloat.repr(g.std())).append(',').append(g.runs()).append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #summaryCsv()} atomically (temporary file, then move). */
    public void writeSummaryCsv(Path file) throws IOException {
        org.lrppruning.io.AtomicFiles.writeString(file, summaryCsv());
    }

    /**
     * Box-plot data for one dataset: post-pruning train accuracies per run for npc in
     * {@link #BOX_NPC} (outer) and criterion in {@link #BOX_CRITERIA} (inner); boxes without runs
     * are left out.
     */
    public List<Box> boxes(String dataset) {
        List<Box> out = new ArrayList<>();
        for (int npc : BOX_NPC) {
            for (String c : BOX_CRITERIA) {
                Group g = group(dataset, "train", c, npc);
                if (g != null) {
                    out.add(new Box(dataset, c, npc, g.values()));
                }
            }
        }
        return out;
    }

    private static String csv(String s) {
        Objects.requireNonNull(s);
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
