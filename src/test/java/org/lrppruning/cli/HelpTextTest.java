package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders without picocli format warnings (a bare '%' in a description prints one). */
class HelpTextTest {
    @Test
    void everyCommandsHelpRendersWithoutFormatWarnings() {
        CommandLine main = Main.commandLine();
        List<CommandLine> all = new ArrayList<>();
        all.add(main);
        all.addAll(main.getSubcommands().values());
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (CommandLine c : all) {
                assertThat(c.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(c.getCommandName()).isNotBlank();
            }
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(all).hasSizeGreaterThan(10);
    }
}
