package org.lrppruning.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the command line in-process with captured output, as the tests need it. */
record CliRun(int code, String out, String err) {
    /** Runs {@code args} on a fresh command line. */
    static CliRun run(String... args) {
        return run(cl -> { }, args);
    }

    /** Runs {@code args} after {@code setup} adjusted the fresh command line. */
    static CliRun run(Consumer<CommandLine> setup, String... args) {
        CommandLine cl = Main.commandLine();
        setup.accept(cl);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
