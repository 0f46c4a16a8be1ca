package org.lrppruning.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lrppruning.analysis.AccuracyStats;
import org.lrppruning.analysis.RankAnalysis;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.io.PyFloat;

/**
 * The study's report: ONE self-contained HTML page (styles and figures inline, PNGs as base64 data
 * URIs, no external resources) with the setup, the summary table, the figures and the
 * rank-analysis highlights. An inline script checks on load that every figure decoded and records
 * the result in {@code <body data-figures="…">}, so a headless browser can verify the page.
 */
public final class StudyReport {
    /** File name of the report inside the study folder. */
    public static final String FILE = "report.html";
    /** The measure of the pruned-set overlap shown in the highlights, when the analysis has it. */
    static final String OVERLAP = "first-1000";
    /** The figure under which the accuracies of the qualitative figure's networks are listed. */
    public static final String TOY_TABLE_UNDER = "toy-train";

    private StudyReport() {}

    /** One model of the study. */
    public record Model(String dataset, String source, String architecture, int[] hidden, int classes,
                        double trainAccuracy) {}

    /** A timed step of the study. */
    public record Step(String name, double seconds, String detail) {}

    /** A figure of the report: its PNG is embedded; {@code files} are linked (relative to the folder). */
    public record FigureEntry(String id, String title, String caption, Path png, List<Path> files) {}

    /** A description of a grid for the setup table. */
    public record GridInfo(String label, List<String> datasets, List<String> criteria, List<Integer> npc,
                           String seeds, int runs, String log) {}

    /**
     * Everything the page shows.
     *
     * @param dir       the study folder: links are relative to it
     * @param setup     free key/value lines of the setup table (date, machine, sigma, …), in order
     * @param stats     accuracy statistics, or null when there is no accuracy log
     * @param rank      rank analyses, empty when there is none
     * @param toyAccuracy train accuracies behind the qualitative figure (dataset → network → %), may be empty
     * @param files     further outputs to link (logs, tables, CSV)
     */
    public record Data(String title, Path dir, Map<String, String> setup, List<Model> models, List<GridInfo> grids,
                       List<Step> steps, AccuracyStats stats, List<RankAnalysis> rank, List<FigureEntry> figures,
                       Map<String, Map<String, Double>> toyAccuracy, List<Path> files, List<String> warnings) {}

    /** Writes {@code dir/report.html}; returns its path. */
    public static Path write(Data d) throws IOException {
        Path file = d.dir().resolve(FILE);
        AtomicFiles.writeString(file, html(d));
        return file;
    }

    /** The page. */
    public static String html(Data d) throws IOException {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.esc(d.title())).append("</title>\n<style>\n").append(Html.CSS).append("</style>\n")
                .append("</head>\n<body data-figures=\"pending\">\n<main>\n");
        h.append("<h1>").append(Html.esc(d.title())).append("</h1>\n");
        h.append("<p class=\"lead\">Re-creation of the toy experiment of <em>Pruning by Explaining: A Novel Criterion for "
                + "Deep Neural Network Pruning</em> (Yeom et al., Pattern Recognition 115, 2021): each run scores the "
                + "3000 hidden neurons of a trained network with one criterion on a few reference samples, prunes the "
                + "1000 least important in one shot and measures the accuracy before and after.</p>\n");
        h.append("<nav><a href=\"#setup\">Setup</a> · <a href=\"#summary\">Summary</a> · <a href=\"#figures\">Figures</a>");
        if (!d.rank().isEmpty()) {
            h.append(" · <a href=\"#rank\">Rank analysis</a>");
        }
        h.append(" · <a href=\"#files\">Files</a></nav>\n");
        Html.warnings(h, d.warnings());
        setup(h, d);
        summary(h, d);
        figures(h, d);
        rank(h, d);
        files(h, d);
        h.append("</main>\n<script>\n").append(Html.SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void setup(StringBuilder h, Data d) {
        h.append("<section id=\"setup\">\n<h2>Setup</h2>\n");
        Html.keyValues(h, d.setup());
        if (!d.models().isEmpty()) {
            h.append("<h3>Models</h3>\n<table>\n<tr><th>dataset</th><th>classes</th><th>hidden neurons</th>"
                    + "<th>architecture</th><th>train accuracy</th><th>weights</th></tr>\n");
            for (Model m : d.models()) {
                StringBuilder hidden = new StringBuilder();
                for (int i = 0; i < m.hidden().length; i++) {
                    hidden.append(i == 0 ? "" : " + ").append(m.hidden()[i]);
                }
                h.append("<tr><td>").append(Html.esc(m.dataset())).append("</td><td class=\"num\">").append(m.classes())
                        .append("</td><td class=\"num\">").append(hidden).append("</td><td>").append(Html.esc(m.architecture()))
                        .append("</td><td class=\"num\">").append(PyFloat.format(m.trainAccuracy(), 2)).append(" %</td><td>")
                        .append(Html.esc(m.source())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (!d.grids().isEmpty()) {
            h.append("<h3>Grids</h3>\n<table>\n<tr><th>grid</th><th>datasets</th><th>criteria</th><th>samples per class</th>"
                    + "<th>seeds</th><th>runs</th><th>log</th></tr>\n");
            for (GridInfo g : d.grids()) {
                h.append("<tr><td>").append(Html.esc(g.label())).append("</td><td>").append(Html.esc(String.join(", ", g.datasets())))
                        .append("</td><td>").append(Html.esc(String.join(", ", g.criteria()))).append("</td><td>")
                        .append(Html.esc(join(g.npc()))).append("</td><td>").append(Html.esc(g.seeds())).append("</td><td class=\"num\">")
                        .append(g.runs()).append("</td><td>").append(Html.link(g.log())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        Html.steps(h, d.steps());
        h.append("</section>\n");
    }

    /** Criteria in the paper's order (weight, taylor, grad, lrp), others after them by name. */
    static List<String> criteriaOrder(AccuracyStats stats, String dataset) {
        Set<String> seen = new LinkedHashSet<>();
        for (String c : List.of("weight", "taylor", "grad", "lrp")) {
            seen.add(c);
        }
        List<String> present = new ArrayList<>();
        for (AccuracyStats.Group g : stats.groups()) {
            if (g.dataset().equals(dataset) && !g.criterion().equals(AccuracyStats.UNPRUNED)
                    && !present.contains(g.criterion())) {
                present.add(g.criterion());
            }
        }
        List<String> out = new ArrayList<>();
        for (String c : seen) {
            if (present.contains(c)) {
                out.add(c);
            }
        }
        present.stream().filter(c -> !out.contains(c)).sorted().forEach(out::add);
        return out;
    }

    private static void summary(StringBuilder h, Data d) {
        h.append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        AccuracyStats stats = d.stats();
        if (stats == null) {
            h.append("<p>No accuracy runs.</p>\n</section>\n");
            return;
        }
        h.append("<p>Accuracy in % after pruning, mean ± population standard deviation over the seeds, per reference "
                + "samples per class (npc). <span class=\"best\">Bold ★</span> marks the best criterion (highest mean, "
                + "ties all marked) of each row; “no pruning” is the unpruned network on the same data. "
                + "Test = the noisy test set (or the reference samples when sigma is 0).</p>\n");
        for (String ds : stats.datasets()) {
            h.append("<div class=\"pair\">\n");
            List<String> crits = criteriaOrder(stats, ds);
            for (String sc : AccuracyStats.SCENARIOS) {
                List<Double> npcs = new ArrayList<>();
                for (AccuracyStats.Group g : stats.groups()) {
                    if (g.dataset().equals(ds) && g.scenario().equals(sc) && !npcs.contains(g.npc())) {
                        npcs.add(g.npc());
                    }
                }
                if (npcs.isEmpty()) {
                    continue;
                }
                npcs.sort(Double::compare);
                h.append("<table class=\"summary\" data-dataset=\"").append(Html.esc(ds)).append("\" data-scenario=\"")
                        .append(Html.esc(sc)).append("\">\n<caption>").append(Html.esc(ds)).append(" — ").append(Html.esc(sc))
                        .append("</caption>\n<tr><th>npc</th><th>no pruning</th>");
                for (String c : crits) {
                    h.append("<th>").append(Html.esc(c)).append("</th>");
                }
                h.append("<th>runs</th></tr>\n");
                for (double npc : npcs) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (String c : crits) {
                        AccuracyStats.Group g = stats.group(ds, sc, c, npc);
                        if (g != null) {
                            best = Math.max(best, g.mean());
                        }
                    }
                    h.append("<tr><td class=\"num\">").append(npcText(npc)).append("</td>");
                    AccuracyStats.Group u = stats.group(ds, sc, AccuracyStats.UNPRUNED, npc);
                    h.append("<td class=\"num muted\">").append(u == null ? "–" : meanStd(u)).append("</td>");
                    int runs = 0;
                    for (String c : crits) {
                        AccuracyStats.Group g = stats.group(ds, sc, c, npc);
                        if (g == null) {
                            h.append("<td class=\"num\">–</td>");
                            continue;
                        }
                        runs = Math.max(runs, g.runs());
                        boolean isBest = Math.abs(g.mean() - best) < 1e-9;
                        h.append(isBest ? "<td class=\"num best\">" : "<td class=\"num\">").append(meanStd(g))
                                .append(isBest ? " ★" : "").append("</td>");
                    }
                    h.append("<td class=\"num muted\">").append(runs).append("</td></tr>\n");
                }
                h.append("</table>\n");
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static void figures(StringBuilder h, Data d) throws IOException {
        h.append("<section id=\"figures\">\n<h2>Figures</h2>\n");
        for (FigureEntry f : d.figures()) {
            Html.figureStart(h, d.dir(), f);
            if (f.id().equals(TOY_TABLE_UNDER) && !d.toyAccuracy().isEmpty()) {
                toyTable(h, d.toyAccuracy());
            }
            h.append("</figure>\n");
        }
        h.append("</section>\n");
    }

    private static void toyTable(StringBuilder h, Map<String, Map<String, Double>> acc) {
        List<String> cols = new ArrayList<>();
        for (Map<String, Double> row : acc.values()) {
            for (String k : row.keySet()) {
                if (!cols.contains(k)) {
                    cols.add(k);
                }
            }
        }
        h.append("<table class=\"small\"><caption>train accuracy in % of the networks shown</caption>\n<tr><th>dataset</th>");
        for (String c : cols) {
            h.append("<th>").append(Html.esc(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (Map.Entry<String, Map<String, Double>> e : acc.entrySet()) {
            h.append("<tr><td>").append(Html.esc(e.getKey())).append("</td>");
            for (String c : cols) {
                Double v = e.getValue().get(c);
                h.append("<td class=\"num\">").append(v == null ? "–" : PyFloat.format(v, 2)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void rank(StringBuilder h, Data d) {
        if (d.rank().isEmpty()) {
            return;
        }
        h.append("<section id=\"rank\">\n<h2>Rank analysis</h2>\n<p>How stable the pruning orders are (spec section 8). "
                + "ρ = Spearman correlation of two orders; overlap = |A[:1000] ∩ B[:1000]| / 1000, the share of the "
                + "pruned neurons two runs agree on. Mean ± std over the pairs; the complete tables (cases 1–5, "
                + "Kendall τ, first/last-k for k = 125…1000) are in the linked files.</p>\n");
        for (RankAnalysis a : d.rank()) {
            List<Double> npcs = RankHighlights.pick(RankHighlights.npcs(a), 4);
            List<String> crits = RankHighlights.criteria(a);
            if (npcs.isEmpty() || crits.isEmpty()) {
                continue;
            }
            h.append("<h3>").append(Html.esc(a.dataset())).append("</h3>\n<div class=\"pair\">\n");
            h.append("<table class=\"rank\" data-case=\"1\"><caption>case 1: the same criterion on different seeds "
                    + "(self-consistency)</caption>\n<tr><th>criterion</th>");
            for (double n : npcs) {
                h.append("<th>npc ").append(npcText(n)).append("</th>");
            }
            h.append("</tr>\n");
            for (String c : crits) {
                h.append("<tr><td>").append(Html.esc(c)).append("</td>");
                for (double n : npcs) {
                    h.append("<td class=\"num\">").append(pair(a, 1, n, c, c)).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
            if (crits.contains("lrp") && crits.size() > 1) {
                h.append("<table class=\"rank\" data-case=\"2\"><caption>case 2: lrp against the other criteria "
                        + "(all seed pairs)</caption>\n<tr><th>lrp vs</th>");
                for (double n : npcs) {
                    h.append("<th>npc ").append(npcText(n)).append("</th>");
                }
                h.append("</tr>\n");
                for (String c : crits) {
                    if (c.equals("lrp")) {
                        continue;
                    }
                    h.append("<tr><td>").append(Html.esc(c)).append("</td>");
                    for (double n : npcs) {
                        h.append("<td class=\"num\">").append(pair(a, 2, n, "lrp", c)).append("</td>");
                    }
                    h.append("</tr>\n");
                }
                h.append("</table>\n");
            }
            h.append("</div>\n");
        }
        h.append("</section>\n");
    }

    private static String pair(RankAnalysis a, int caseNo, double npc, String row, String col) {
        RankAnalysis.Cell rho = RankHighlights.cell(a, caseNo, npc, "spearman", row, col);
        RankAnalysis.Cell ov = RankHighlights.cell(a, caseNo, npc, OVERLAP, row, col);
        if (rho == null || rho.count() == 0) {
            return "–";
        }
        String s = "ρ " + rho.text().replace("+-", " ± ");
        if (ov != null && ov.count() > 0) {
            s += "<br><span class=\"muted\">overlap " + ov.text().replace("+-", " ± ") + "</span>";
        }
        return s;
    }

    private static void files(StringBuilder h, Data d) {
        h.append("<section id=\"files\">\n<h2>Files</h2>\n<p>Next to this page in the study folder:</p>\n<ul class=\"files\">\n");
        for (Path p : d.files()) {
            h.append("<li>").append(Html.link(d.dir().relativize(p.toAbsolutePath()).toString())).append("</li>\n");
        }
        h.append("</ul>\n</section>\n");
    }

    private static String meanStd(AccuracyStats.Group g) {
        return PyFloat.format(g.mean(), 2) + " ± " + PyFloat.format(g.std(), 2);
    }

    private static String npcText(double npc) {
        return npc == Math.rint(npc) ? Long.toString((long) npc) : PyFloat.repr(npc);
    }

    private static String join(List<Integer> xs) {
        StringBuilder sb = new StringBuilder();
        for (int x : xs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(x);
        }
        return sb.toString();
    }

}
