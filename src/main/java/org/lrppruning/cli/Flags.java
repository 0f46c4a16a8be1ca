package org.lrppruning.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** Refuses flags given on the command line that would be silently meaningless with the others. */
final class Flags {
    private Flags() {}

    /**
     * Throws an IllegalArgumentException (exit 2) naming the first of {@code flags} that was given,
     * e.g. "-nt does not apply with -g -rl (rank-analysis scripts test on the reference samples)".
     */
    static void refuse(CommandSpec spec, String context, String... flags) {
        ParseResult pr = spec.commandLine().getParseResult();
        for (String f : flags) {
            if (pr.hasMatchedOption(f)) {
                throw new IllegalArgumentException(f + " does not apply " + context);
            }
        }
    }
}
