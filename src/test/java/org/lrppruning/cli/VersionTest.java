package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --version} prints the pom's version (the one place it is written) and the Java runtime. */
class VersionTest {
    /** The project's own {@code <version>}: the first one after {@code <artifactId>lrp-pruning}. */
    static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>lrp-pruning</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("the project's version in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void versionPrintsThePomsVersionAndTheJavaRuntime() throws IOException {
        CliRun r = CliRun.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).hasSize(2)
                .first().isEqualTo("lrp-pruning " + pomVersion());
        assertThat(r.out().lines().toList().get(1)).startsWith("Java " + System.getProperty("java.version") + " (");
    }

    @Test
    void everySubcommandAnswersVersionAsTheMainCommandDoes() {
        String main = CliRun.run("--version").out();
        for (String sub : Main.commandLine().getSubcommands().keySet()) {
            CliRun r = CliRun.run(sub, "--version");
            assertThat(r.code()).as(sub).isZero();
            assertThat(r.out()).as(sub).isEqualTo(main);
        }
    }

    @Test
    void theVersionIsTheChangelogsNewestEntry() throws IOException {
        // CHANGELOG.md states what each version can do; its first version heading is the current one
        Matcher m = Pattern.compile("(?m)^## \\[?([0-9][^\\]\\s]*)").matcher(Files.readString(Path.of("CHANGELOG.md")));
        assertThat(m.find()).as("a version heading in CHANGELOG.md").isTrue();
        assertThat(pomVersion()).startsWith(m.group(1));
    }
}
