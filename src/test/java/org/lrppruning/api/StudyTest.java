package org.lrppruning.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.cli.Main;
import org.lrppruning.data.DataFiles;
import org.lrppruning.data.LabeledData;
import org.lrppruning.model.ModelStore;
import org.lrppruning.testutil.Cnns;
import picocli.CommandLine;

/**
 * {@link Study} runs the study {@code reproduce --cnn} runs: after the call, the command with the same settings finds
 * the model in the cache and every curve logged, and leaves the curves as they were; bad settings fail at once.
 */
class StudyTest {
    static final String ARCH = "in:1x8x8,conv3:3,bn,relu,maxpool2,conv3:4,relu,flatten,linear:5,relu,dropout,linear:3";

    static Path images(Path dir, String name, Random r, int n) throws Exception {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        Path p = dir.resolve(name);
        DataFiles.write(p, new LabeledData(Cnns.uniform(r, n * 64, 0, 1), new int[] {1, 8, 8}, labels));
        return p;
    }

    @Test
    void theCommandResumesTheStudyTheCallRanWithNothingLeftToDo(@TempDir Path tmp) throws Exception {
        String home = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, tmp.resolve("home").toString());
        try {
            Random r = new Random(8);
            Path train = images(tmp, "train.npy", r, 150);
            Path test = images(tmp, "test.npy", r, 60);
            Path dir = tmp.resolve("study");
            List<String> lines = new ArrayList<>();
            Path report = Study.cnn(dir).data(train.toString(), test.toString()).arch(ARCH).quick(true).withThreads(2)
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
            int code = cl.execute("reproduce", "--cnn", "--quick", "--data", train.toString(), "--test", test.toString(),
                    "--arch", ARCH, "--out", dir.toString(), "--no-progress", "--threads", "1");
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("(from the cache)",
                    "  0 curves computed, 8 already logged (4 one shot, 4 fine-tuned); 40 points");
            assertThat(Files.readString(dir.resolve("curves.csv"))).isEqualTo(csv);
        } finally {
            if (home == null) {
                System.clearProperty(ModelStore.HOME_PROPERTY);
            } else {
                System.setProperty(ModelStore.HOME_PROPERTY, home);
            }
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
