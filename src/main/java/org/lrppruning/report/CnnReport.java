package org.lrppruning.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lrppruning.analysis.CurveBands;
import org.lrppruning.analysis.CurveBands.Band;
import org.lrppruning.analysis.PaperClaim;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.CurvePoint.Mode;
import org.lrppruning.io.AtomicFiles;

/**
 * The CNN study's report: ONE self-contained HTML page (styles and figures inline, PNGs as data URIs) with the
 * verdict on the paper's claim computed from the curves ({@link PaperClaim}), the setup and wall times, the
 * accuracy tables per mode (best criterion of each rate marked), the figures and links to the files. The same
 * inline script as the toy report's records in {@code <body data-figures="…">} whether every figure decoded.
 */
public final class CnnReport {
    private CnnReport() {}

    /** The model the curves start from. */
    public record Model(String architecture, String source, long parameters, long macs, String[] layers, int[] units,
                        int correct, int tested) {}

    /**
     * Everything the page shows.
     *
     * @param dir    the study folder: links are relative to it
     * @param setup  key/value lines of the setup table, in order
     * @param points every curve point of the study
     * @param files  further outputs to link (logs, model)
     */
    public record Data(String title, Path dir, Map<String, String> setup, Model model, List<StudyReport.Step> steps,
                       List<CurvePoint> points, List<StudyReport.FigureEntry> figures, List<Path> files,
                       List<String> warnings, Comparison compared) {
        /** A study compared with no other. */
        public Data(String title, Path dir, Map<String, String> setup, Model model, List<StudyReport.Step> steps,
                    List<CurvePoint> points, List<StudyReport.FigureEntry> figures, List<Path> files,
                    List<String> warnings) {
            this(title, dir, setup, model, steps, points, figures, files, warnings, null);
        }
    }

    /**
     * Another CNN study shown next to this one ({@code reproduce --cnn --compare DIR}).
     *
     * @param link   its report, relative to this study's folder (or absolute when on another root)
     * @param model  its model, or null when its folder does not record it (then the architecture is its folder's name)
     * @param points its curve points
     */
    public record Comparison(String link, Model model, List<CurvePoint> points) {}

    /** Writes {@code dir/report.html} atomically; returns its path. */
    public static Path write(Data d) throws IOException {
        Path file = d.dir().resolve(StudyReport.FILE);
        AtomicFiles.writeString(file, html(d));
        return file;
    }

    /** The page. */
    public static String html(Data d) throws IOException {
        PaperClaim.Verdict v = PaperClaim.of(d.points());
        List<Band> pooled = CurveBands.of(d.points(), true);
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.esc(d.title())).append("</title>\n<style>\n").append(Html.CSS)
                .append(CSS).append("</style>\n</head>\n<body data-figures=\"pending\">\n<main>\n");
        h.append("<h1>").append(Html.esc(d.title())).append("</h1>\n");
        h.append("<p class=\"lead\">The CNN experiment of <em>Pruning by Explaining: A Novel Criterion for Deep Neural "
                + "Network Pruning</em> (Yeom et al., Pattern Recognition 115, 2021) on Fashion-MNIST: a trained CNN's "
                + "convolution filters are scored by four criteria (weight, taylor, grad, lrp) on a few reference images "
                + "per class, the lowest-ranked are removed at rising pruning rates, once without fine-tuning and once "
                + "with fine-tuning after every step, and the test accuracy is measured after each.</p>\n");
        h.append("<nav><a href=\"#claim\">Verdict</a> · <a href=\"#setup\">Setup</a> · <a href=\"#results\">Results</a>"
                + (d.compared() != null ? " · <a href=\"#compare\">Comparison</a>" : "")
                + " · <a href=\"#figures\">Figures</a> · <a href=\"#files\">Files</a></nav>\n");
        Html.warnings(h, d.warnings());
        h.append("<section id=\"claim\" class=\"verdict ").append(v.outcome().name().toLowerCase(Locale.ROOT))
                .append("\" data-outcome=\"").append(v.outcome()).append("\">\n<h2>Does the paper's claim hold?</h2>\n<p>")
                .append(Html.esc(v.sentence())).append("</p>\n</section>\n");
        setup(h, d);
        results(h, pooled, d.points());
        if (d.compared() != null) {
            compare(h, d, v);
        }
        h.append("<section id=\"figures\">\n<h2>Figures</h2>\n");
        for (StudyReport.FigureEntry f : d.figures()) {
            Html.figureStart(h, d.dir(), f);
            h.append("</figure>\n");
        }
        h.append("</section>\n<section id=\"files\">\n<h2>Files</h2>\n<p>Next to this page in the study folder:</p>\n"
                + "<ul class=\"files\">\n");
        for (Path p : d.files()) {
            h.append("<li>").append(Html.link(d.dir().relativize(p.toAbsolutePath()).toString())).append("</li>\n");
        }
        h.append("</ul>\n</section>\n</main>\n<script>\n").append(Html.SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * The two studies side by side: their models, their verdicts, and per rate the mean accuracy of every criterion
     * in both (one shot; the best of each study marked).
     */
    private static void compare(StringBuilder h, Data d, PaperClaim.Verdict mine) {
        Comparison c = d.compared();
        Model a = d.model();
        String me = a != null ? a.architecture() : "this study";
        String other = c.model() != null ? c.model().architecture() : "the compared study";
        h.append("<section id=\"compare\">\n<h2>Compared with ").append(Html.esc(other)).append("</h2>\n<p>The same "
                + "study on another network (").append(Html.link(c.link())).append("); pruning a residual network "
                + "removes whole channel groups (every layer that adds into a stream loses the channel), a chain's "
                + "pruning single filters.</p>\n");
        h.append("<table class=\"model\">\n<tr><th>architecture</th><th>parameters</th><th>MACs per image</th>"
                + "<th>prunable units</th><th>test accuracy</th><th>verdict</th></tr>\n");
        PaperClaim.Verdict theirs = PaperClaim.of(c.points());
        modelRow(h, a, me, d.points(), mine);
        modelRow(h, c.model(), other, c.points(), theirs);
        h.append("</table>\n");
        List<Band> x = CurveBands.of(d.points(), true).stream().filter(b -> b.mode() == Mode.ONESHOT).toList();
        List<Band> y = CurveBands.of(c.points(), true).stream().filter(b -> b.mode() == Mode.ONESHOT).toList();
        List<String> crits = CurveBands.criteria(x).stream().filter(CurveBands.criteria(y)::contains).toList();
        Map<BigDecimal, List<String>> bestX = CurveBands.best(x, Mode.ONESHOT, CurveBands.ALL_N);
        Map<BigDecimal, List<String>> bestY = CurveBands.best(y, Mode.ONESHOT, CurveBands.ALL_N);
        h.append("<table class=\"curve compare\">\n<caption>one shot: mean test accuracy in %, ").append(Html.esc(me))
                .append(" | ").append(Html.esc(other)).append(" (★ the best criterion of each study)</caption>\n<tr>"
                + "<th>rate</th>");
        for (String k : crits) {
            h.append("<th>").append(Html.esc(k)).append("</th>");
        }
        h.append("</tr>\n");
        for (BigDecimal r : bestX.keySet()) {
            if (!bestY.containsKey(r) || r.signum() == 0) {
                continue;
            }
            h.append("<tr><td class=\"num\">").append(PaperClaim.percent(r.doubleValue())).append("</td>");
            for (String k : crits) {
                h.append("<td class=\"num\">").append(cell(x, k, r, bestX.get(r), crits.size())).append(" | ")
                        .append(cell(y, k, r, bestY.get(r), crits.size())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    private static void modelRow(StringBuilder h, Model m, String name, List<CurvePoint> points, PaperClaim.Verdict v) {
        CurvePoint zero = points.stream().filter(p -> p.removed() == 0).findFirst().orElse(null);
        h.append("<tr><td>").append(Html.esc(name)).append("</td><td class=\"num\">")
                .append(m != null ? count(m.parameters()) : zero != null ? count(zero.parameters()) : "–")
                .append("</td><td class=\"num\">")
                .append(m != null ? count(m.macs()) : zero != null ? count(zero.macs()) : "–")
                .append("</td><td class=\"num\">").append(zero != null ? count(zero.units()) : "–")
                .append("</td><td class=\"num\">");
        if (m != null) {
            h.append(String.format(Locale.ROOT, "%.2f %%", 100.0 * m.correct() / m.tested()));
        } else {
            h.append(zero != null ? String.format(Locale.ROOT, "%.2f %%", 100 * zero.accuracy()) : "–");
        }
        h.append("</td><td class=\"verdict-cell ").append(v.outcome().name().toLowerCase(Locale.ROOT))
                .append("\" data-outcome=\"").append(v.outcome()).append("\">").append(Html.esc(v.sentence()))
                .append("</td></tr>\n");
    }

    /** One criterion's mean at a rate, starred when it is the study's best (and not all tie). */
    private static String cell(List<Band> bands, String c, BigDecimal r, List<String> best, int criteria) {
        Band b = bands.stream().filter(x -> x.criterion().equals(c) && new BigDecimal(x.rate()).compareTo(r) == 0)
                .findFirst().orElse(null);
        if (b == null) {
            return "–";
        }
        boolean mark = best != null && best.contains(c) && best.size() < criteria;
        return String.format(Locale.ROOT, "%.2f", 100 * b.mean()) + (mark ? " ★" : "");
    }

    private static void setup(StringBuilder h, Data d) {
        h.append("<section id=\"setup\">\n<h2>Setup</h2>\n");
        Html.keyValues(h, d.setup());
        Model m = d.model();
        if (m != null) {
            h.append("<h3>Model</h3>\n<table class=\"model\">\n<tr><th>architecture</th><th>parameters</th>"
                    + "<th>MACs per image</th><th>prunable filters</th><th>test accuracy</th><th>weights</th></tr>\n<tr><td>")
                    .append(Html.esc(m.architecture())).append("</td><td class=\"num\">").append(count(m.parameters()))
                    .append("</td><td class=\"num\">").append(count(m.macs())).append("</td><td>");
            for (int i = 0; i < m.units().length; i++) {
                h.append(i == 0 ? "" : ", ").append(Html.esc(m.layers()[i])).append(' ').append(m.units()[i]);
            }
            h.append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.2f %% (%s of %s)",
                    100.0 * m.correct() / m.tested(), count(m.correct()), count(m.tested()))).append("</td><td>")
                    .append(Html.esc(m.source())).append("</td></tr>\n</table>\n");
        }
        Html.steps(h, d.steps());
        h.append("</section>\n");
    }

    private static void results(StringBuilder h, List<Band> pooled, List<CurvePoint> points) {
        h.append("<section id=\"results\">\n<h2>Results</h2>\n<p>Test accuracy in % per pruning rate: mean ± "
                + "population standard deviation over all runs (seeds × reference-set sizes), below it the lowest and "
                + "the highest run. <span class=\"best\">Bold ★</span> marks the best criterion (highest mean; ties all "
                + "marked, none where all tie).</p>\n<div class=\"pair\">\n");
        Map<BigDecimal, String> removed = removed(points);
        for (Mode mode : CnnFigures.modes(pooled)) {
            List<Band> these = pooled.stream().filter(b -> b.mode() == mode).toList();
            List<String> crits = CurveBands.criteria(these);
            Map<BigDecimal, List<String>> best = CurveBands.best(these, mode, CurveBands.ALL_N);
            h.append("<table class=\"curve\" data-mode=\"").append(mode).append("\">\n<caption>")
                    .append(Html.esc(CnnFigures.modeTitle(mode))).append("</caption>\n<tr><th>rate</th><th>removed</th>");
            for (String c : crits) {
                h.append("<th>").append(Html.esc(c)).append("</th>");
            }
            h.append("<th>runs</th></tr>\n");
            for (Map.Entry<BigDecimal, List<String>> e : best.entrySet()) {
                boolean allTie = e.getValue().size() == crits.size();
                h.append("<tr><td class=\"num\">").append(PaperClaim.percent(e.getKey().doubleValue()))
                        .append("</td><td class=\"num muted\">").append(Html.esc(removed.getOrDefault(e.getKey(), "–")))
                        .append("</td>");
                int runs = 0;
                for (String c : crits) {
                    Band b = these.stream().filter(x -> x.criterion().equals(c)
                            && new BigDecimal(x.rate()).compareTo(e.getKey()) == 0).findFirst().orElse(null);
                    if (b == null) {
                        h.append("<td class=\"num\">–</td>");
                        continue;
                    }
                    runs = Math.max(runs, b.runs());
                    boolean mark = !allTie && e.getValue().contains(c);
                    h.append(mark ? "<td class=\"num best\" data-best=\"" + Html.esc(c) + "\">" : "<td class=\"num\">")
                            .append(String.format(Locale.ROOT, "%.2f ± %.2f", 100 * b.mean(), 100 * b.sd()))
                            .append(mark ? " ★" : "").append(String.format(Locale.ROOT,
                                    "<br><span class=\"muted\">%.2f–%.2f</span></td>", 100 * b.min(), 100 * b.max()));
                }
                h.append("<td class=\"num muted\">").append(runs).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</div>\n");
        bestPerN(h, CurveBands.of(points, false));
        h.append("</section>\n");
    }

    /** One shot: the best criterion per rate for each samples-per-class value. */
    private static void bestPerN(StringBuilder h, List<Band> perN) {
        List<Band> one = perN.stream().filter(b -> b.mode() == Mode.ONESHOT).toList();
        List<Integer> ns = CurveBands.perClass(one);
        if (ns.isEmpty()) {
            return;
        }
        List<BigDecimal> rates = one.stream().map(b -> new BigDecimal(b.rate())).filter(r -> r.signum() > 0)
                .distinct().sorted().toList();
        h.append("<table class=\"per-n\">\n<caption>one shot: the best criterion per rate and reference samples per class "
                + "(mean over seeds)</caption>\n<tr><th>n per class</th>");
        for (BigDecimal r : rates) {
            h.append("<th>").append(PaperClaim.percent(r.doubleValue())).append("</th>");
        }
        h.append("</tr>\n");
        for (int n : ns) {
            List<Band> these = one.stream().filter(b -> b.samplesPerClass() == n).toList();
            int crits = CurveBands.criteria(these).size();
            Map<BigDecimal, List<String>> best = CurveBands.best(these, Mode.ONESHOT, n);
            h.append("<tr><td class=\"num\">").append(n).append("</td>");
            for (BigDecimal r : rates) {
                List<String> top = best.get(r);
                String cell = top == null ? "–" : top.size() == crits ? "all tie" : String.join(", ", top);
                h.append("<td>").append(Html.esc(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** Per rate, "removed of units" as the points log it (the same for every criterion). */
    private static Map<BigDecimal, String> removed(List<CurvePoint> points) {
        Map<BigDecimal, String> out = new TreeMap<>(); // BigDecimal order: 0.1 and 0.10 are one key
        for (CurvePoint p : points) {
            out.putIfAbsent(new BigDecimal(p.rate()), p.removed() + " of " + p.units());
        }
        return out;
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static final String CSS = """
            .verdict { border: 1px solid #999; padding: 0.3em 1em; margin: 1em 0; max-width: 70em; }
            .verdict h2 { border: none; margin-top: 0.4em; }
            .verdict.holds { background: #eef8ee; border-color: #3a8a3a; }
            .verdict.fails { background: #fbeeee; border-color: #a40000; }
            .verdict.partly, .verdict.untested { background: #fff8e5; border-color: #c08a00; }
            table.curve td { line-height: 1.25; }
            td.verdict-cell { max-width: 36em; font-size: 0.9em; }
            td.verdict-cell.holds { background: #eef8ee; }
            td.verdict-cell.fails { background: #fbeeee; }
            td.verdict-cell.partly, td.verdict-cell.untested { background: #fff8e5; }
            """;
}
