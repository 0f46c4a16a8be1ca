package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lrppruning.data.Samples;
import org.lrppruning.experiment.Evaluation;
import org.lrppruning.experiment.LogLines;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.model.Network;
import org.lrppruning.plot.ChartFiles;
import org.lrppruning.plot.ChartFigure;
import org.lrppruning.plot.ChartWindows;
import org.lrppruning.plot.Colormaps;
import org.lrppruning.plot.DecisionGrid;
import org.lrppruning.plot.DecisionRegionChart;

/** The decision-region figure of every evaluation of a single run (spec section 7), next to the log. */
final class Figures {
    private final RunCommand.RenderMode mode;
    private final String colormap;
    private final Path dir;
    private final DecisionGrid grid;
    private final PrintWriter out;
    private final int threads;
    /** The network whose grid labels {@link #labels} holds. */
    private Network classified;
    private int[] labels;

    Figures(RunCommand.RenderMode mode, String colormap, Path dir, Samples train, PrintWriter out, int threads) {
        this.mode = mode;
        this.colormap = colormap;
        this.dir = dir;
        this.grid = mode == RunCommand.RenderMode.NONE ? null : DecisionGrid.fromTrainingData(train.x());
        this.out = out;
        this.threads = threads;
    }

    /** Rejects an unknown colormap with the list of valid names. */
    static void checkColormap(String name) {
        if (!Colormaps.names().contains(name)) {
            throw new IllegalArgumentException("invalid colormap '" + name + "' (valid: "
                    + String.join(", ", Colormaps.names()) + ")");
        }
    }

    void draw(RunConfig cfg, Evaluation e, Network net, Samples data) {
        if (mode == RunCommand.RenderMode.NONE) {
            return;
        }
        if (net != classified) {
            // train and test evaluations of a stage share one network, so each network's grid is classified once
            labels = grid.classify((xy, count) -> net.predictRegion(xy, count, threads));
            classified = net;
        }
        ChartFigure fig = DecisionRegionChart.builder(grid, labels)
                .samples(data.x(), data.labels())
                .classes(net.classes())
                .colormap(colormap)
                .title(DecisionRegionChart.title(e.stage(), e.scenario(), cfg.criterion(), e.accuracy()))
                .build();
        String ext = mode == RunCommand.RenderMode.PNG ? ".png" : ".svg";
        Path file = dir.resolve(LogLines.evalName(cfg, e.scenario(), e.stage()) + ext);
        try {
            Files.createDirectories(dir);
            ChartFiles.save(fig, file);
        } catch (IOException ex) {
            throw new UncheckedIOException(OutputPaths.describe(ex), ex);
        }
        out.println("Saving figure to \"" + file + "\"");
        if (mode == RunCommand.RenderMode.SHOW) {
            ChartWindows.show(fig, file.getFileName().toString());
        }
    }
}
