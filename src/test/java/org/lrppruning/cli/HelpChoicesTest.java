package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.criteria.Criteria;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.plot.Colormaps;
import org.lrppruning.report.FigureFormat;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every option that takes a name lists in its help exactly the names its registry accepts, and so do its errors. */
class HelpChoicesTest {
    private static final Pattern CHOICES = Pattern.compile("Choices: (.+?)(?: \\(|;|\\.(?: |$)|$)");

    @TempDir
    Path dir;

    /** The names after "Choices: " in the help of {@code option} of {@code command} ("" = the main command). */
    static List<String> helpChoices(String command, String option) {
        CommandLine cl = Main.commandLine();
        CommandLine c = command.isEmpty() ? cl : cl.getSubcommands().get(command);
        OptionSpec o = c.getCommandSpec().findOption(option);
        assertThat(o).as(command + " " + option).isNotNull();
        String text = String.join(" ", o.description());
        Matcher m = CHOICES.matcher(text);
        assertThat(m.find()).as("help of " + command + " " + option + ": " + text).isTrue();
        assertThat(c.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ")).contains(m.group(1));
        return Arrays.asList(m.group(1).split(", "));
    }

    /** The names an error about {@code args} lists after "valid: ". */
    private List<String> errorChoices(String... args) {
        CliRun r = CliRun.run(args);
        assertThat(r.code()).as(String.join(" ", args)).isNotZero();
        Matcher m = Pattern.compile("valid: ([^)]*)\\)").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        return Arrays.asList(m.group(1).split(", "));
    }

    private String log() {
        return dir.resolve("log.txt").toString();
    }

    @Test
    void datasetOptionsListExactlyTheDatasets() {
        List<String> names = Dataset.ids();
        assertThat(helpChoices("", "-d")).containsExactlyElementsOf(names);
        assertThat(helpChoices("train", "-d")).containsExactlyElementsOf(names);
        assertThat(helpChoices("dataset", "-d")).containsExactlyElementsOf(names);
        assertThat(helpChoices("sweep", "--datasets")).containsExactlyElementsOf(names);
        assertThat(helpChoices("reproduce", "--datasets")).containsExactlyElementsOf(names);
        assertThat(errorChoices("-d", "moons", "-l", log())).containsExactlyElementsOf(names);
    }

    @Test
    void criterionOptionsListExactlyTheCriteriaRegistry() {
        List<String> names = Criteria.all();
        assertThat(names).contains("weight", "taylor", "grad", "lrp", "lrp-epsilon");
        assertThat(helpChoices("", "-c")).containsExactlyElementsOf(names);
        assertThat(helpChoices("sweep", "--criteria")).containsExactlyElementsOf(names);
        assertThat(errorChoices("-c", "random", "-l", log())).containsExactlyElementsOf(names);
    }

    @Test
    void theColormapOptionListsExactlyTheColormaps() {
        List<String> names = Colormaps.names();
        assertThat(names).contains("tab20b", "tab20c");
        assertThat(helpChoices("", "-cm")).containsExactlyElementsOf(names);
        assertThat(errorChoices("-cm", "viridis", "-l", log())).containsExactlyElementsOf(names);
    }

    @Test
    void architectureOptionsListExactlyTheArchitectures() {
        List<String> names = Architecture.toyIds();
        for (String command : new String[] {"", "train", "sweep", "reproduce", "playground"}) {
            assertThat(helpChoices(command, "--arch")).as(command).containsExactlyElementsOf(names);
        }
        assertThat(errorChoices("--arch", "big", "-l", log())).containsExactlyElementsOf(names);
    }

    @Test
    void theRunRenderModeOptionListsExactlyTheRunRenderModes() {
        List<String> names = RunCommand.RenderMode.ids();
        assertThat(names).containsExactly("none", "svg", "png", "show");
        assertThat(helpChoices("", "-r")).containsExactlyElementsOf(names);
        assertThat(errorChoices("-r", "pdf", "-l", log())).containsExactlyElementsOf(names);
    }

    @Test
    void theAnalysisRenderModeOptionListsExactlyTheModesAnAnalysisAccepts() {
        List<String> names = FigureFormat.renderModes();
        for (String mode : names) {
            assertThat(FigureFormat.forRenderMode(mode)).isNotEmpty();
        }
        assertThat(helpChoices("analyze", "-r")).containsExactlyElementsOf(names);
        assertThat(errorChoices("analyze", "-l", log(), "-r", "pdf")).containsExactlyElementsOf(names);
    }

    @Test
    void perClassSampleOptionsSayTheLogCountsTheTotal() {
        for (String[] c : new String[][] {{"", "-n"}, {"sweep", "--numsamples"}}) {
            CommandLine cl = Main.commandLine();
            CommandLine cmd = c[0].isEmpty() ? cl : cl.getSubcommands().get(c[0]);
            assertThat(String.join(" ", cmd.getCommandSpec().findOption(c[1]).description()))
                    .contains("per class", "The log's n: is the total", "-n 5 logs n:10 on moon");
        }
    }
}
