package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LazySubcommandsTest {
    @Test
    void everySubcommandIsListedUnderItsOwnNameAndAliases() {
        CommandLine full = Main.commandLine();
        Map<String, CommandLine> subs = full.getSubcommands();
        assertThat(subs.keySet()).containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
        for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
            CommandLine.Model.CommandSpec spec = e.getValue().getCommandSpec();
            List<String> names = new ArrayList<>(List.of(spec.name()));
            names.addAll(List.of(spec.aliases()));
            assertThat(names).as(e.getKey()).contains(e.getKey());
        }
    }

    @Test
    void aSubcommandBuiltAloneAnswersHelpAndVersionAsInTheFullCommandLine() {
        for (String name : Main.SUBCOMMANDS.keySet()) {
            String[] help = {name, "--help"};
            assertThat(run(Main.commandLine(help), help)).as(name).isEqualTo(run(Main.commandLine(), help));
            String[] version = {name, "--version"};
            assertThat(run(Main.commandLine(version), version)).as(name).isEqualTo(run(Main.commandLine(), version));
            assertThat(Main.commandLine(help).getSubcommands()).as(name).hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void withoutASubcommandFirstEveryOneIsBuiltAndListed() {
        String[] args = {"--help"};
        assertThat(Main.commandLine(args).getSubcommands().keySet()).containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
        assertThat(run(Main.commandLine(args), args)).contains("scores").contains("workbench");
        String[] typo = {"scroes", "--model", "m.onnx"};
        assertThat(run(Main.commandLine(typo), typo)).startsWith("2\n").isEqualTo(run(Main.commandLine(), typo));
    }

    private static String run(CommandLine cl, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return code + "\n" + out + "\n" + err;
    }
}
