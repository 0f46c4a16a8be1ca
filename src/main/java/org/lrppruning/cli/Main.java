package org.lrppruning.cli;

import java.io.PrintWriter;
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
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("lrp-pruning: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, command, parseResult) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            command.getErr().println("lrp-pruning: " + msg.lines().findFirst().orElse(msg));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }
}
