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
 * else {@code -noisytest-σ} when σ > 0, else empty. Each script first changes to the folder it was
 * generated in (its folder's parent, where the log folder is) and calls the launcher by the absolute
 * path found at generation time ({@link Launcher}), so it runs from any directory; when the launcher
 * is unknown it calls {@code bin/lrp-pruning} relative to that folder and its header says so.
 */
final class GenerateScripts {
    /** The launcher relative to the project root, as messages name it. */
    static final String LAUNCHER = Launcher.RELATIVE;
    /** The shell variable holding the launcher in a script; each run line starts with {@code "$lrp"}. */
    static final String RUN_PREFIX = "\"$lrp\"";
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

    /**
     * Writes the scripts and creates the log folder below {@code base}, printing what it does;
     * {@code launcher} is the launcher's absolute path, or null when unknown.
     */
    static Written write(Path base, boolean rankLog, double sigma, Path launcher, PrintWriter out) throws IOException {
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
        String where = "# They run in the folder -g wrote them to (their folder's parent; the log is " + logFile
                + " there)\n";
        String header = launcher != null
                ? where + "# from any directory, and call the launcher by the path it had then.\n"
                : where + "# and call " + LAUNCHER + " relative to that folder (the launcher's path was unknown then):\n"
                        + "# generate them in the project root.\n";
        String launcherWord = launcher != null ? Launcher.shellQuote(launcher.toString()) : LAUNCHER;
        List<Path> scripts = new ArrayList<>();
        for (Dataset d : grid.datasets()) {
            for (String c : grid.criteria()) {
                Path script = scriptDir.resolve(d.id() + "-" + c + ".sh");
                out.println("Generating " + script + " ...");
                StringBuilder sb = new StringBuilder("#!/bin/bash\n")
                        .append("# ").append(d.id()).append(" x ").append(c).append(": ")
                        .append(grid.perClass().size() * grid.seeds().size())
                        .append(" runs, one process each, as the reference's scripts.\n")
                        .append(header)
                        .append("# Train the models once before starting scripts in parallel: ").append(LAUNCHER)
                        .append(" train\n")
                        .append("# (").append(LAUNCHER).append(" sweep runs a whole grid in one process, much faster.)\n")
                        .append("cd \"$(dirname \"$0\")/..\" || exit 1\n")
                        .append("lrp=").append(launcherWord).append('\n');
                for (int npc : grid.perClass()) {
                    for (long s : grid.seeds()) {
                        sb.append(RUN_PREFIX)
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
        out.println((launcher != null ? "Run them from any directory" : "Run them (generated in the project root)")
                + ", e.g.: for s in " + scriptDir + "/*.sh; do bash \"$s\" & done");
        return new Written(scriptDir, logDir, List.copyOf(scripts));
    }
}
