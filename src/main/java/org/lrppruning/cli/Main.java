package org.lrppruning.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.lrppruning.io.Limits;
import org.lrppruning.io.OutputPaths;
import picocli.CommandLine;

/** Entry point of the {@code lrp-pruning} command line tool. */
public final class Main {
    private Main() {}

    /**
     * The subcommands in the order {@code --help} lists them, by name and alias. Picocli builds a command's model
     * by reflection over its options and mixins; for all thirteen that took ~0.2 s of every start, so when a run
     * names its subcommand first only that one is built ({@link #commandLine(String[])}).
     */
    static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("dataset", DatasetCommand::new);
        m.put("train", TrainCommand::new);
        m.put("sweep", SweepCommand::new);
        m.put("merge", MergeCommand::new);
        Supplier<Object> analyze = AnalyzeCommand::new; // one supplier for the name and its alias
        m.put("analyze", analyze);
        m.put("analyse", analyze);
        m.put("reproduce", ReproduceCommand::new);
        m.put("info", InfoCommand::new);
        m.put("explain", ExplainCommand::new);
        m.put("scores", ScoresCommand::new);
        m.put("prune", PruneCommand::new);
        m.put("curves", CurvesCommand::new);
        m.put("playground", PlaygroundCommand::new);
        m.put("workbench", WorkbenchCommand::new);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The system property naming the file a successful run creates (bin/lrp-pruning sets it when the run writes a
     * class-data-sharing archive at its exit: only a successful run's archive is kept).
     */
    static final String SUCCESS_MARKER = "lrp.cds.done";

    public static void main(String[] args) {
        int code = commandLine(args).execute(args);
        if (code == 0) {
            markSuccess(System.getProperty(SUCCESS_MARKER));
        }
        System.exit(code);
    }

    /** Creates the (empty) file {@code path} names; null: nothing. A file that cannot be written is left out. */
    static void markSuccess(String path) {
        if (path == null || path.isEmpty()) {
            return;
        }
        try {
            Files.write(Path.of(path), new byte[0]);
        } catch (IOException | RuntimeException e) {
            // the launcher then keeps no archive of this run: the next run writes one
        }
    }

    /** The configured command line with every subcommand: parse errors and failures print one line, exit non-zero. */
    public static CommandLine commandLine() {
        return configure(withSubcommands(SUBCOMMANDS.keySet()));
    }

    /**
     * The command line for these arguments: when they start with a subcommand's name only that subcommand is built
     * (it parses, runs and answers {@code --help} exactly as in {@link #commandLine()}); otherwise every one, so that
     * the main command's help lists them and a mistyped name gets the answer it always got.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0])) {
            return configure(withSubcommands(List.of(args[0])));
        }
        return commandLine();
    }

    private static CommandLine withSubcommands(Iterable<String> names) {
        CommandLine cl = new CommandLine(new RunCommand());
        Set<Supplier<Object>> added = new HashSet<>();
        for (String name : names) {
            Supplier<Object> make = SUBCOMMANDS.get(name);
            if (added.add(make)) { // an alias names the same command: picocli registers its aliases itself
                cl.addSubcommand(make.get());
            }
        }
        return cl;
    }

    private static CommandLine configure(CommandLine cl) {
        giveVersion(cl);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String msg = ex.getMessage();
            List<String> unmatched = ex.getCommandLine().getUnmatchedArguments();
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
