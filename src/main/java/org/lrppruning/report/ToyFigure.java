package org.lrppruning.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Evaluation;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.io.Limits;
import org.lrppruning.model.Network;
import org.lrppruning.plot.DecisionGrid;
import org.lrppruning.plot.DecisionRegionChart;
import org.lrppruning.plot.Figure;
import org.lrppruning.plot.PanelFigure;
import org.lrppruning.prune.PrunedForward;
import org.lrppruning.prune.PruningPlan;

/**
 * The paper's qualitative figure (spec section 8): one row per dataset with the training set over
 * the unpruned decision regions, the reference samples (seed 0, 5 per class) over the same regions,
 * and the regions after pruning with each criterion. The "train" variant scatters the training set
 * over the pruned regions, the "test" variant the reference samples, as the two published figures.
 */
public final class ToyFigure {
    /** Seed of the reference samples, as published. */
    public static final long SEED = 0;
    /** Reference samples per class, as published. */
    public static final int NPC = 5;
    /** The published figure's colormap. */
    public static final String COLORMAP = "Accent";
    /** Side of one tile in inches. */
    static final double TILE_INCHES = 1.6;

    private ToyFigure() {}

    /**
     * The two figures and the accuracies they show.
     *
     * @param trainAccuracy dataset → "unpruned" or criterion → train accuracy in % of that network
     */
    public record Result(PanelFigure train, PanelFigure test, Map<String, Map<String, Double>> trainAccuracy) {}

    /**
     * Runs seed 0, npc 5 with every criterion on each dataset's model (sigma 0, so the test
     * scenario is the reference samples) and draws the regions on a grid whose smaller side has
     * {@code steps} steps (200 as published; fewer for a quick preview).
     *
     * @param nets the model of each dataset, rows in the order given
     */
    public static Result build(Map<Dataset, Network> nets, List<String> criteria, int pruneCount, int steps,
                               int threads) {
        List<Dataset> datasets = new ArrayList<>(nets.keySet());
        datasets.sort((a, b) -> a.id().compareTo(b.id()));
        PanelFigure.Builder train = panel(datasets, criteria);
        PanelFigure.Builder test = panel(datasets, criteria);
        Map<String, Map<String, Double>> acc = new LinkedHashMap<>();
        for (int r = 0; r < datasets.size(); r++) {
            Dataset d = datasets.get(r);
            Network net = nets.get(d);
            Samples trainSet = ToyData.training(d);
            Samples reference = ToyData.reference(d, NPC, SEED);
            DecisionGrid grid = DecisionGrid.fromTrainingData(trainSet.x(), steps);
            int[] unpruned = classify(grid, net, threads);
            Map<String, Double> rowAcc = new LinkedHashMap<>();
            Figure trainTile = tile(grid, unpruned, trainSet, d.classes());
            Figure refTile = tile(grid, unpruned, reference, d.classes());
            train.cell(r, 0, trainTile).cell(r, 1, refTile);
            test.cell(r, 0, trainTile).cell(r, 1, refTile);
            for (int c = 0; c < criteria.size(); c++) {
                RunConfig cfg = new RunConfig(d, criteria.get(c), NPC, SEED, 0.0, pruneCount, false);
                Network[] pruned = new Network[1];
                Experiment.run(net, trainSet, cfg, threads, new Experiment.Listener() {
                    @Override
                    public void evaluated(RunConfig rc, Evaluation e, Network n, Samples data) {
                        if (e.stage().equals("pre") && e.scenario().equals("train")) {
                            rowAcc.putIfAbsent("unpruned", e.accuracy());
                        }
                        if (e.stage().equals("post") && e.scenario().equals("train")) {
                            pruned[0] = n;
                            rowAcc.put(rc.criterion(), e.accuracy());
                        }
                    }
                });
                int[] labels = classify(grid, pruned[0], threads);
                train.cell(r, 2 + c, tile(grid, labels, trainSet, d.classes()));
                test.cell(r, 2 + c, tile(grid, labels, reference, d.classes()));
            }
            acc.put(d.id(), rowAcc);
        }
        return new Result(train.build(), test.build(), acc);
    }

    /**
     * The one check of the figure's grid resolution, before anything is computed: every dataset's
     * grid at {@code steps} steps is a valid grid, and its tiles (two unpruned ones and two per
     * criterion, each holding a region image) and label arrays fit the heap together.
     */
    public static void checkFits(List<Dataset> datasets, int criteria, int steps) {
        long cells = 0;
        for (Dataset d : datasets) {
            cells += DecisionGrid.fromTrainingData(ToyData.training(d).x(), steps).count();
        }
        long tiles = 2L + 2L * criteria;
        long perCell = tiles * DecisionRegionChart.BYTES_PER_CELL + 4L * (1 + criteria);
        long heap = Limits.heap();
        long max = Limits.fitting(perCell, 1, heap);
        if (cells > max) {
            long maxSteps = (long) (steps * Math.sqrt((double) max / cells));
            throw new IllegalArgumentException("--grid-steps " + steps + ": the qualitative figure's "
                    + tiles * datasets.size() + " tiles of " + cells + " grid cells in all need about "
                    + Limits.bytes((double) cells * perCell) + ", more than the " + Limits.bytes(heap)
                    + " heap holds (at most about " + maxSteps + " steps; " + Limits.MORE_HEAP + ")");
        }
    }

    private static PanelFigure.Builder panel(List<Dataset> datasets, List<String> criteria) {
        int cols = 2 + criteria.size();
        String[] columns = new String[cols];
        columns[0] = "training set";
        columns[1] = "reference samples";
        for (int c = 0; c < criteria.size(); c++) {
            columns[2 + c] = criteria.get(c);
        }
        PanelFigure.Builder p = PanelFigure.builder(datasets.size(), cols)
                .cellSize(TILE_INCHES, TILE_INCHES)
                .gap(0.12)
                .columnLabels(columns)
                .rowLabels(datasets.stream().map(d -> StudyFigures.datasetLabel(d.id())).toArray(String[]::new))
                .columnGroup("unpruned", 0, 1);
        if (!criteria.isEmpty()) {
            p.extraGapAfterColumn(1, 0.25).columnGroup("after pruning w.r.t. criterion", 2, cols - 1);
        }
        return p;
    }

    private static int[] classify(DecisionGrid grid, Network net, int threads) {
        if (PrunedForward.supports(net)) {
            // the grid's points grouped by place, neighbours sharing their zeros: predict's labels, faster
            return PrunedForward.of(net).predict(PruningPlan.none(net.prunableCount()),
                    PrunedForward.group(grid.points(), grid.count(), 2), threads);
        }
        return grid.classify((xy, count) -> net.predictRegion(xy, count, threads));
    }

    private static Figure tile(DecisionGrid grid, int[] labels, Samples samples, int classes) {
        return DecisionRegionChart.builder(grid, labels).samples(samples.x(), samples.labels()).classes(classes)
                .colormap(COLORMAP).axes(false).markerSize(3.5).build();
    }
}
