package org.lrppruning.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.analysis.AccuracyStats;
import org.lrppruning.plot.AccuracyChart;
import org.lrppruning.plot.BoxPlotChart;
import org.lrppruning.plot.ChartFigure;
import org.lrppruning.plot.PanelFigure;

/**
 * The paper's summary figures, composed from {@link AccuracyStats}: one accuracy-vs-samples chart
 * per dataset and scenario, the 2 × 3 panel (train row, test row, one column per dataset), and the
 * box plots of post-pruning train accuracy.
 */
public final class StudyFigures {
    private StudyFigures() {}

    /** The paper's column label of a dataset: "circle dataset", "moon dataset", "multi dataset". */
    public static String datasetLabel(String dataset) {
        return ("mult".equals(dataset) ? "multi" : dataset) + " dataset";
    }

    /** The row label of a scenario in the panel: "on training set", "on test set". */
    public static String scenarioLabel(String scenario) {
        return "train".equals(scenario) ? "on training set" : "on " + scenario + " set";
    }

    /** Whether the stats hold a line to draw for this dataset and scenario. */
    public static boolean hasSeries(AccuracyStats stats, String dataset, String scenario) {
        return !stats.series(dataset, scenario).isEmpty();
    }

    /** The chart builder of one dataset and scenario, lines as the reference draws them. */
    static AccuracyChart.Builder chartBuilder(AccuracyStats stats, String dataset, String scenario) {
        AccuracyChart.Builder b = AccuracyChart.builder();
        for (AccuracyStats.Series s : stats.series(dataset, scenario)) {
            AccuracyChart.Series line = new AccuracyChart.Series(s.name(), s.npc(), s.mean(), s.std());
            if (s.name().equals(AccuracyStats.NO_PRUNING)) {
                b.unpruned(line);
            } else {
                b.criterion(line);
            }
        }
        return b;
    }

    /** {@code {dataset}-{scenario}}: the reference's single chart, titled "moon, on train data". */
    public static ChartFigure accuracyChart(AccuracyStats stats, String dataset, String scenario) {
        if (!hasSeries(stats, dataset, scenario)) {
            throw new IllegalArgumentException("no " + scenario + " accuracies of " + dataset + " in the log");
        }
        return chartBuilder(stats, dataset, scenario).title(AccuracyChart.title(dataset, scenario)).build();
    }

    /**
     * The paper's combined figure: a train row and a test row (rows without data are left out),
     * one column per dataset in name order, the legend in the first chart, the x label under the
     * bottom-left chart.
     */
    public static PanelFigure accuracyPanel(AccuracyStats stats) {
        List<String> datasets = stats.datasets();
        List<String> scenarios = new ArrayList<>();
        for (String sc : AccuracyStats.SCENARIOS) {
            if (datasets.stream().anyMatch(d -> hasSeries(stats, d, sc))) {
                scenarios.add(sc);
            }
        }
        if (datasets.isEmpty() || scenarios.isEmpty()) {
            throw new IllegalArgumentException("no train or test accuracies in the log");
        }
        PanelFigure.Builder p = PanelFigure.builder(scenarios.size(), datasets.size())
                .cellSize(3.5, 3.0)
                .gap(0.15)
                .columnLabels(datasets.stream().map(StudyFigures::datasetLabel).toArray(String[]::new))
                .rowLabels(scenarios.stream().map(StudyFigures::scenarioLabel).toArray(String[]::new))
                .rowGroup(AccuracyChart.Y_LABEL, 0, scenarios.size() - 1);
        for (int r = 0; r < scenarios.size(); r++) {
            for (int c = 0; c < datasets.size(); c++) {
                if (!hasSeries(stats, datasets.get(c), scenarios.get(r))) {
                    continue;
                }
                boolean bottomLeft = r == scenarios.size() - 1 && c == 0;
                p.cell(r, c, chartBuilder(stats, datasets.get(c), scenarios.get(r))
                        .yLabel(null)
                        .xLabel(bottomLeft ? AccuracyChart.X_LABEL : null)
                        .legend(r == 0 && c == 0)
                        .build());
            }
        }
        return p.build();
    }

    /** The npc values of the box plots that the stats have train accuracies for (of 1, 5, 20, 100). */
    public static int[] boxNpc(AccuracyStats stats, String dataset) {
        return stats.boxes(dataset).stream().mapToInt(AccuracyStats.Box::npc).distinct().sorted().toArray();
    }

    /** Whether a box plot of the dataset has anything to show. */
    public static boolean hasBoxes(AccuracyStats stats, String dataset) {
        return !stats.boxes(dataset).isEmpty();
    }

    private static BoxPlotChart.Builder boxBuilder(AccuracyStats stats, String dataset) {
        Map<String, Map<Integer, double[]>> values = new LinkedHashMap<>();
        for (AccuracyStats.Box b : stats.boxes(dataset)) {
            values.computeIfAbsent(b.criterion(), k -> new LinkedHashMap<>()).put(b.npc(), b.values());
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no post-pruning train accuracies of " + dataset
                    + " at npc " + AccuracyStats.BOX_NPC + " in the log");
        }
        return BoxPlotChart.builder(values).npc(boxNpc(stats, dataset)).title(dataset);
    }

    /** The reference's box plot of one dataset: post-pruning train accuracy per npc, one box per criterion. */
    public static ChartFigure boxPlot(AccuracyStats stats, String dataset) {
        return boxBuilder(stats, dataset).build();
    }

    /** The box plots of every dataset side by side, the y label on the first only. */
    public static PanelFigure boxPanel(AccuracyStats stats) {
        List<String> datasets = stats.datasets().stream().filter(d -> hasBoxes(stats, d)).toList();
        if (datasets.isEmpty()) {
            throw new IllegalArgumentException("no post-pruning train accuracies at npc " + AccuracyStats.BOX_NPC);
        }
        PanelFigure.Builder p = PanelFigure.builder(1, datasets.size()).gap(0.1);
        for (int c = 0; c < datasets.size(); c++) {
            // every cell keeps its x label and legend, so the plots line up
            BoxPlotChart.Builder b = boxBuilder(stats, datasets.get(c));
            if (c > 0) {
                b.yLabel(null);
            }
            p.cell(0, c, b.build());
        }
        return p.build();
    }
}
