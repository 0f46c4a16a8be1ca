package org.lrppruning.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.lrppruning.analysis.CurveBands;
import org.lrppruning.analysis.CurveBands.Band;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.curves.CurvePoint.Mode;
import org.lrppruning.plot.ChartFigure;
import org.lrppruning.plot.CurveChart;
import org.lrppruning.plot.Figure;
import org.lrppruning.plot.PanelFigure;

/** The CNN study's charts, drawn from pruning-rate curves: accuracy against rate, parameters and MACs. */
public final class CnnFigures {
    /** Base names of the figure files (each as .svg and .png). */
    public static final String CURVES = "curves";
    public static final String CURVES_PER_N = "curves-per-n";
    public static final String COST = "cost";
    public static final String HEATMAPS = "heatmaps";
    /** Size of one chart, inches. */
    static final double CHART_W = 4.6;
    static final double CHART_H = 3.6;
    static final String Y_LABEL = "test accuracy in %";
    static final String RATE_LABEL = "pruning rate in % of the filters";

    private CnnFigures() {}

    /** The title of a mode's panel. */
    public static String modeTitle(Mode m) {
        return m == Mode.ONESHOT ? "one shot, no fine-tuning" : "fine-tuned after every step";
    }

    /** The modes present in {@code bands}, one shot first. */
    public static List<Mode> modes(List<Band> bands) {
        List<Mode> out = new ArrayList<>();
        for (Mode m : Mode.values()) {
            if (bands.stream().anyMatch(b -> b.mode() == m)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * Accuracy against pruning rate of one mode and samples-per-class value ({@link CurveBands#ALL_N}: pooled):
     * mean line, min–max band, a ring on the best criterion of each rate.
     */
    public static ChartFigure rateChart(List<Band> bands, Mode mode, int n, String title, boolean legend) {
        Map<BigDecimal, List<String>> best = CurveBands.best(bands, mode, n);
        CurveChart.Builder b = CurveChart.builder(RATE_LABEL, Y_LABEL).title(title).legend(legend)
                .size(CHART_W, CHART_H).percentX(true).xRange(-0.02, maxRate(bands) + 0.02);
        List<Band> these = bands.stream().filter(x -> x.mode() == mode && x.samplesPerClass() == n).toList();
        int criteria = CurveBands.criteria(these).size();
        for (String c : CurveBands.criteria(these)) {
            b.series(series(c, CurveBands.curve(these, mode, c, n), Band::rateValue, best, criteria));
        }
        return b.build();
    }

    /** Accuracy against the mean parameters (or MACs) of the pruned models, one shot solid, fine-tuned dashed. */
    public static ChartFigure costChart(List<Band> pooled, ToDoubleFunction<Band> x, String xLabel, boolean legend) {
        CurveChart.Builder b = CurveChart.builder(xLabel, Y_LABEL).legend(legend).size(CHART_W, CHART_H)
                .legendRight(true);
        for (Mode m : modes(pooled)) {
            for (String c : CurveBands.criteria(pooled)) {
                List<Band> curve = CurveBands.curve(pooled, m, c, CurveBands.ALL_N);
                if (curve.isEmpty()) {
                    continue;
                }
                int k = curve.size();
                double[] xs = new double[k];
                double[] mean = new double[k];
                for (int i = 0; i < k; i++) {
                    xs[i] = x.applyAsDouble(curve.get(i));
                    mean[i] = curve.get(i).mean();
                }
                // no bands here: with both modes in one panel they would hide the lines
                b.series(new CurveChart.Series(c, xs, mean, mean, mean, new boolean[k]),
                        c + (m == Mode.ONESHOT ? ", one shot" : ", fine-tuned"), m == Mode.FINETUNE);
            }
        }
        return b.build();
    }

    /** One criterion's curve; a point is marked where {@code c} is best and not all {@code criteria} tie. */
    private static CurveChart.Series series(String c, List<Band> curve, ToDoubleFunction<Band> x,
                                            Map<BigDecimal, List<String>> best, int criteria) {
        int k = curve.size();
        double[] xs = new double[k];
        double[] mean = new double[k];
        double[] lo = new double[k];
        double[] hi = new double[k];
        boolean[] mark = new boolean[k];
        for (int i = 0; i < k; i++) {
            Band band = curve.get(i);
            xs[i] = x.applyAsDouble(band);
            mean[i] = band.mean();
            lo[i] = band.min();
            hi[i] = band.max();
            List<String> top = best.get(new BigDecimal(band.rate()));
            // at a rate where every criterion ties (0: the unpruned model) nothing is marked
            mark[i] = top != null && top.contains(c) && top.size() < criteria;
        }
        return new CurveChart.Series(c, xs, mean, lo, hi, mark);
    }

    private static double maxRate(List<Band> bands) {
        return bands.stream().mapToDouble(Band::rateValue).max().orElse(1);
    }

    /** A row of charts as one figure. */
    static Figure row(List<? extends Figure> charts) {
        PanelFigure.Builder b = PanelFigure.builder(1, charts.size()).gap(0.15);
        for (int i = 0; i < charts.size(); i++) {
            b.cell(0, i, charts.get(i));
        }
        return b.build();
    }

    /**
     * Draws and saves the charts of {@code points} into {@code dir} (SVG and PNG each); returns the report's
     * entries in order: the rate curves per mode, the one-shot curves per samples per class (when there are
     * several), accuracy against parameters and MACs.
     */
    public static List<StudyReport.FigureEntry> save(List<CurvePoint> points, Path dir) throws IOException {
        List<Band> pooled = CurveBands.of(points, true);
        List<Band> perN = CurveBands.of(points, false);
        List<StudyReport.FigureEntry> out = new ArrayList<>();
        List<Mode> modes = modes(pooled);
        List<Figure> rate = new ArrayList<>();
        for (int i = 0; i < modes.size(); i++) {
            rate.add(rateChart(pooled, modes.get(i), CurveBands.ALL_N, modeTitle(modes.get(i)), i == 0));
        }
        out.add(entry(CURVES, "Accuracy against pruning rate", "Test accuracy after removing the lowest-ranked "
                + "filters (global ranking), per criterion: the line is the mean over all runs (seeds and reference-set "
                + "sizes), the band spans the lowest to the highest run (min–max, not ± sd); a black ring marks the "
                + "criterion with the highest mean at that rate (ties: all of them; none at rate 0, the unpruned "
                + "model). Left: one shot, scored once, no fine-tuning" + (modes.contains(Mode.FINETUNE)
                ? "; right: iterative, fine-tuned after every step and re-scored." : "."), row(rate), dir));
        List<Integer> ns = CurveBands.perClass(perN.stream().filter(b -> b.mode() == Mode.ONESHOT).toList());
        if (ns.size() > 1) {
            List<Figure> cells = new ArrayList<>();
            for (int i = 0; i < ns.size(); i++) {
                cells.add(rateChart(perN, Mode.ONESHOT, ns.get(i), "one shot, n = " + ns.get(i) + " per class",
                        i == 0));
            }
            out.add(entry(CURVES_PER_N, "One shot, per reference-set size", "As above (one shot), separately for "
                    + "each number n of reference samples per class the criteria were computed on; bands min–max over "
                    + "the seeds.", row(cells), dir));
        }
        List<Figure> cost = List.of(costChart(pooled, Band::parameters, "parameters of the pruned model", true),
                costChart(pooled, Band::macs, "multiply-accumulates per image", false));
        out.add(entry(COST, "Accuracy against model size", "Mean test accuracy against the mean parameter count "
                + "(left) and multiply-accumulates per image (right) of the pruned models, one point per rate: one "
                + "shot solid, fine-tuned dashed. Which filters a criterion removes decides how much smaller the "
                + "model gets.", row(cost), dir));
        return out;
    }

    /** Base name of the side-by-side figure of two studies. */
    public static final String COMPARE = "compare";

    /**
     * This study's rate curves next to another study's (another architecture), one row per mode both have; saved as
     * {@link #COMPARE}.
     */
    public static StudyReport.FigureEntry compare(List<CurvePoint> mine, String myArch, List<CurvePoint> other,
                                                  String otherArch, Path dir) throws IOException {
        List<Band> a = CurveBands.of(mine, true);
        List<Band> b = CurveBands.of(other, true);
        List<Mode> both = modes(a).stream().filter(modes(b)::contains).toList();
        if (both.isEmpty()) {
            throw new IllegalArgumentException("the two studies have no curves of the same mode");
        }
        PanelFigure.Builder f = PanelFigure.builder(both.size(), 2).gap(0.15);
        for (int i = 0; i < both.size(); i++) {
            Mode m = both.get(i);
            f.cell(i, 0, rateChart(a, m, CurveBands.ALL_N, myArch + ": " + modeTitle(m), i == 0));
            f.cell(i, 1, rateChart(b, m, CurveBands.ALL_N, otherArch + ": " + modeTitle(m), false));
        }
        return entry(COMPARE, myArch + " and " + otherArch + " side by side", "The rate curves of this study (left, "
                + myArch + ") and of the compared study (right, " + otherArch + "), as in the first figure: mean over "
                + "the runs, min–max band, a ring on the best criterion of each rate" + (both.size() > 1
                ? "; top one shot, bottom fine-tuned." : "."), f.build(), dir);
    }

    /** Saves a figure as SVG and PNG in {@code dir} and describes it for the report. */
    static StudyReport.FigureEntry entry(String id, String title, String caption, Figure f, Path dir)
            throws IOException {
        List<Path> files = FigureFormat.save(f, dir, id, List.of(FigureFormat.SVG, FigureFormat.PNG));
        return new StudyReport.FigureEntry(id, title, caption, files.get(1), files);
    }
}
