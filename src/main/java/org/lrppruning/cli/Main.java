package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.lrppruning.io.Limits;
import org.lrppruning.io.OutputPaths;
import picocli.CommandLine;

/** Entry point of the {@code lrp-pruning} command line tool. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: parse errors and failures print one line and exit non-zero. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RunCommand());
        giveVersion(cl);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String msg = ex.getMessage();
            java.util.List<String> unmatched = ex.getCommandLine().getUnmatchedArguments();
            // picocli checks the required options before it reports an unknown one; a mistyped option is the
            // mistake to report (it is often the required option itself)
            if (ex instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()) {
                String first = unmatched.get(0);
                msg = (first.startsWith("-") ? "Unknown option: '" : "Unmatched argument: '") + first + "'"
                        + (unmatched.size() > 1 ? " (and " + (unmatched.size() - 1) + " more unmatched)" : "");
            }
            err.println("lrp-pruning: " + msg);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, command, parseResult) -> {
            command.getErr().println("lrp-pruning: " + oneLine(ex));
            // bad input: a wrong argument, or a file whose content the tool cannot take (README: exit code 2)
            return ex instanceof IllegalArgumentException || ex instanceof org.lrppruning.io.FileFormatException ? 2 : 1;
        });
        cl.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError e) {
                // the sizes are checked up front; this is the backstop for what the checks do not foresee
                cl.getErr().println("lrp-pruning: out of memory (" + Limits.bytes(Limits.heap()) + " heap); "
                        + Limits.MORE_HEAP);
                cl.getErr().flush();
                return 1;
            }
        });
        return cl;
    }

    /** Every subcommand answers {@code --version} as the main command does (their standard options take it). */
    private static void giveVersion(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
            giveVersion(sub);
        }
    }

    /** A failure in one line: "PATH: reason" for file errors, else the first line of the message. */
    static String oneLine(Throwable ex) {
        Throwable e = ex;
        if (ex instanceof UncheckedIOException u
                && (u.getMessage() == null || u.getMessage().equals(String.valueOf(u.getCause())))) {
            e = u.getCause(); // wrapped without words of its own: the IOException says what and where
        }
        String msg = e instanceof IOException io ? OutputPaths.describe(io)
                : e.getMessage() == null ? e.toString() : e.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }
}
