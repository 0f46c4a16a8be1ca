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
}
