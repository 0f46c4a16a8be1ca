package org.lrppruning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.cli.Main;
import org.lrppruning.data.Dataset;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelStore;
import org.lrppruning.testutil.Nets;
import org.lrppruning.testutil.TinyStudy;
import picocli.CommandLine;

/**
 * {@link Study} runs the study {@code reproduce --cnn} runs: after the call, the command with the same settings finds
 * the model in the cache and every curve logged, and leaves the curves as they were; bad settings fail at once.
 */
class StudyTest {
    @Test
    void theCommandResumesTheStudyTheCallRanWithNothingLeftToDo(@TempDir Path tmp) throws Exception {
        try (TinyStudy tiny = TinyStudy.in(tmp)) {
            String train = tiny.train().toString();
            String test = tiny.test().toString();
            Path dir = tmp.resolve("study");
            List<String> lines = new ArrayList<>();
            Path report = Study.cnn(dir).data(train, test).arch(TinyStudy.ARCH).quick(true).withThreads(2)
                    .run(lines::add);
            assertThat(report).isEqualTo(dir.resolve("report.html")).isRegularFile();
            assertThat(lines.get(0)).isEqualTo("Reproducing the CNN study in " + dir + " on " + train
                    + ", 2 threads (quick grid)");
            assertThat(lines).contains("  8 curves computed, 0 already logged (4 one shot, 4 fine-tuned); 40 points");
            assertThat(Files.readString(report)).contains("Java API: Study.cnn(");
            String csv = Files.readString(dir.resolve("curves.csv"));

            CommandLine cl = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("reproduce", "--cnn", "--quick", "--data", train, "--test", test, "--arch",
                    TinyStudy.ARCH, "--out", dir.toString(), "--no-progress", "--threads", "1");
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("(from the cache)",
                    "  0 curves computed, 8 already logged (4 one shot, 4 fine-tuned); 40 points");
            assertThat(Files.readString(dir.resolve("curves.csv"))).isEqualTo(csv);
        }
    }

    @Test
    void badSettingsFailAtOnceAndAForeignFolderIsLeftAlone(@TempDir Path tmp) throws Exception {
        Study s = Study.cnn(tmp.resolve("study"));
        assertThatThrownBy(() -> s.arch("vgg-huge")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vgg-huge");
        assertThatThrownBy(() -> s.withThreads(0)).hasMessage("threads must be >= 1, was 0");
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "mine");
        assertThatThrownBy(() -> Study.cnn(notes).run()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds files this tool did not write (todo.txt)");
        try (var files = Files.list(notes)) {
            assertThat(files).containsExactly(notes.resolve("todo.txt"));
        }
    }

    @Test
    void theToyStudyCallRunsWhatReproduceRunsAndTheCommandFindsEveryRunLogged(@TempDir Path tmp) throws Exception {
        String home = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, tmp.resolve("home").toString());
        try {
            for (Dataset d : Dataset.values()) { // wide enough to prune the paper's 1000 neurons, small enough to be quick
                ModelStore.defaultStore().save(d, Architecture.PAPER,
                        Nets.paperShaped(d.ordinal(), 340, 340, 340, d.classes(), false));
            }
            Path dir = tmp.resolve("toy");
            List<String> lines = new ArrayList<>();
            Path report = Study.toy(dir).quick(true).withThreads(2).run(lines::add);
            assertThat(report).isEqualTo(dir.resolve("report.html")).isRegularFile();
            assertThat(lines.get(0)).isEqualTo("Reproducing the toy study in " + dir
                    + ": 72 accuracy runs (sigma 0.3) and 48 rank runs, 2 threads (quick grid)");
            assertThat(lines).contains("[6/6] Report").noneMatch(l -> l.endsWith("\n") || l.endsWith("\r"));
            assertThat(Files.readString(report)).contains("Java API: Study.toy(");
            String log = Files.readString(dir.resolve("log.txt"));

            CommandLine cl = Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("reproduce", "--quick", "--out", dir.toString(), "--no-progress", "--threads", "1");
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("0 runs in", "72 already in");
            assertThat(Files.readString(dir.resolve("log.txt"))).isEqualTo(log);
        } finally {
            if (home == null) {
                System.clearProperty(ModelStore.HOME_PROPERTY);
            } else {
                System.setProperty(ModelStore.HOME_PROPERTY, home);
            }
        }
    }

    @Test
    void theToyStudyRefusesTheCnnStudysSettings(@TempDir Path tmp) {
        Study toy = Study.toy(tmp.resolve("toy"));
        assertThatThrownBy(() -> toy.data("fashion-mnist", "fashion-mnist:test")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("paper's three data sets");
        assertThatThrownBy(() -> toy.compareWith(tmp)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> toy.arch("vgg-small")).isInstanceOf(IllegalArgumentException.class);
        assertThat(toy.arch("paper-relu")).isNotNull();
    }
}
