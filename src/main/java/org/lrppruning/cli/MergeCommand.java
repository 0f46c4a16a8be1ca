package org.lrppruning.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lrppruning.curves.Curves;
import org.lrppruning.io.OutputPaths;
import org.lrppruning.sweep.Merge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Joins shard logs into one log, or curves shard folders into one folder. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join shard logs: identical lines are kept once; conflicting values stop the merge, nothing is written.",
                "Folders of 'curves --shard' (with the same setup.txt) join into the folder OUT."})
final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "Shard logs to join (or curves folders).")
    List<Path> inputs;

    @Option(names = {"--logfile", "-l", "-o"}, required = true, paramLabel = "OUT", description = "The merged log (appended to if it exists), or curves folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (Path in : inputs) { // bad input (exit code 2), before anything is read or written
            if (!Files.exists(in)) {
                throw new IllegalArgumentException(in + ": no such file or folder (give shard logs or curves folders)");
            }
            if (!Files.isDirectory(in) && !Files.isRegularFile(in)) {
                throw new IllegalArgumentException(in + ": not a regular file or folder (a device, pipe or socket)");
            }
        }
        boolean folders = inputs.stream().allMatch(Files::isDirectory);
        if (!folders && inputs.stream().anyMatch(Files::isDirectory)) {
            throw new IllegalArgumentException("give shard logs or curves folders, not both");
        }
        Merge.Summary s;
        if (folders) {
            OutputPaths.checkFolder(out);
            s = Curves.merge(inputs, out);
        } else {
            OutputPaths.checkFile(out);
            s = Merge.merge(inputs, out);
        }
        spec.commandLine().getOut().printf("%s: %d lines (%d duplicate lines dropped)%n", out, s.lines(), s.duplicates());
        return 0;
    }
}
