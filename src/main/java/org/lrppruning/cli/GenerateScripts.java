package org.lrppruning.cli;

import org.lrppruning.experiment.RunConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lrppruning.data.Dataset;
import org.lrppruning.io.AtomicFiles;
import org.lrppruning.io.PyFloat;
import org.lrppruning.sweep.Grid;

/**
 * The reference's {@code --generate}: one shell script per dataset × criterion with one
 * {@code bin/lrp-pruning} call per npc × seed of the paper's grid, in {@code scripts{suffix}/}, and
 * the log folder {@code output{suffix}/}; the suffix is {@code -rankanalysis} with {@code --ranklog},
 * else {@code -noisytest-σ} when σ > 0, else empty. Run the scripts from the project root.
 */
final class GenerateScripts {
    /** The launcher the scripts call, relative to the project root. */
    static final String LAUNCHER = "bin/lrp-pruning";
    /** The reference's settings of generated runs. */
    static final String RENDER_MODE = "none";
    static final String COLORMAP = "Accent";

    private GenerateScripts() {}

    /** What was written. */
    record Written(Path scriptDir, Path logDir, List<Path> scripts) {}

    /** {@code -rankanalysis}, {@code -noisytest-0.3} or empty. */
    static String suffix(boolean rankLog, double sigma) {
        if (rankLog) {
            return "-rankanalysis";
        }
        return sigma > 0 ? "-noisytest-" + PyFloat.repr(sigma) : "";
    }

    /** Writes the scripts and creates the log folder below {@code base}, printing what it does. */
    static Written write(Path base, boolean rankLog, double sigma, PrintWriter out) throws IOException {
        RunConfig.checkSigma(sigma);
        String suffix = suffix(rankLog, sigma);
        Grid grid = Grid.paper(sigma, rankLog);
        out.println("Generating parameters and shell scripts for the experiment.");
        out.println("One shell script per {dataset x criterion} combination, covering all {num_samples x random_seed} variations");
        Path scriptDir = base.resolve("scripts" + suffix);
        Path logDir = base.resolve("output" + suffix);
        String logFile = "./output" + suffix + "/log.txt";
        for (Path dir : List.of(scriptDir, logDir)) {
            if (!Files.isDirectory(dir)) {
                out.println("Generating " + dir + "/");
                Files.createDirectories(dir);
            }
        }
        List<Path> scripts = new ArrayList<>();
        for (Dataset d : grid.datasets()) {
            for (String c : grid.criteria()) {
                Path script = scriptDir.resolve(d.id() + "-" + c + ".sh");
                out.println("Generating " + script + " ...");
                StringBuilder sb = new StringBuilder("#!/bin/bash\n")
                        .append("# ").append(d.id()).append(" x ").append(c).append(": ")
                        .append(grid.perClass().size() * grid.seeds().size())
                        .append(" runs, one process each, as the reference's scripts. Run from the project root;\n")
                        .append("# train the models once before starting scripts in parallel: ").append(LAUNCHER)
                        .append(" train\n")
                        .append("# (").append(LAUNCHER).append(" sweep runs a whole grid in one process, much faster.)\n");
                for (int npc : grid.perClass()) {
                    for (long s : grid.seeds()) {
                        sb.append(LAUNCHER)
                                .append(" --rendermode ").append(RENDER_MODE)
                                .append(" --colormap ").append(COLORMAP)
                                .append(" --logfile ").append(logFile)
                                .append(" --dataset ").append(d.id())
                                .append(" --criterion ").append(c)
                                .append(" --numsamples ").append(npc)
                                .append(" --seed ").append(s);
                        if (rankLog) {
                            sb.append(" --ranklog");
                        } else if (sigma > 0) {
                            sb.append(" --noisytest ").append(PyFloat.repr(sigma));
                        }
                        sb.append('\n');
                    }
                }
                AtomicFiles.writeString(script, sb.toString());
                script.toFile().setExecutable(true);
                scripts.add(script);
            }
        }
        out.println("Done generating experiment scripts.");
        out.println("Run them from the project root, e.g.: for s in " + scriptDir + "/*.sh; do bash $s & done");
        return new Written(scriptDir, logDir, List.copyOf(scripts));
    }
}
