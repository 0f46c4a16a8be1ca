package org.lrppruning.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.curves.CurvePoint;
import org.lrppruning.io.FileLocks;
import org.lrppruning.testutil.TinyStudy;
import org.lrppruning.train.Trainer;

/**
 * The CNN study as a library call on a tiny CNN and 8 x 8 images (quick grid, 1 epoch): its listener hears training,
 * the stages, the curves' points and the end in that order, {@link CnnStudy#printing} renders them as
 * {@code reproduce --cnn}'s lines, a second run resumes, and a held or foreign folder is refused before anything runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CnnStudyTest {
    static final String ARCH = TinyStudy.ARCH;
    static final int TRAIN = 150;

    Path tmp;
    TinyStudy tiny;
    Path train;
    Path test;
    Path study;
    Path report;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<String> lines = new ArrayList<>();

    /** Records every event (runs of points as one entry) and hands the printing events on to {@code printed}. */
    static CnnStudy.Listener recorder(List<String> events, CnnStudy.Listener printed) {
        return new CnnStudy.Listener() {
            @Override
            public void note(String line) {
                events.add("note " + line.substring(0, line.indexOf(' ')));
            }

            @Override
            public Trainer.Progress trainingStarts(int epochs, int batches) {
                events.add("training " + epochs + " x " + batches);
                return null;
            }

            @Override
            public void trainingEnded(Trainer.Result result) {
                events.add("trained " + (result != null));
            }

            @Override
            public void started(CnnStudy.Settings s) {
                events.add("started");
                printed.started(s);
            }

            @Override
            public void stage(int number, String title) {
                events.add("stage " + number);
                printed.stage(number, title);
            }

            @Override
            public void detail(String line) {
                events.add("detail");
                printed.detail(line);
            }

            @Override
            public void start(int curves, int skipped, long points) {
                events.add("curves " + curves + " " + skipped + " " + points);
            }

            @Override
            public void point(CurvePoint p) {
                synchronized (events) {
                    int last = events.size() - 1;
                    if (events.get(last).startsWith("points ")) {
                        events.set(last, "points " + (Integer.parseInt(events.get(last).substring(7)) + 1));
                    } else {
                        events.add("points 1");
                    }
                }
            }

            @Override
            public void curvesEnded() {
                events.add("curves ended");
            }

            @Override
            public void finished(String verdict, double seconds, Path report) {
                events.add("finished");
                printed.finished(verdict, seconds, report);
            }
        };
    }

    CnnStudy.Settings settings(Path dir) {
        return new CnnStudy.Settings(dir, true, 2, train.toString(), test.toString(), ARCH, 1, null, null, null,
                "a test", null);
    }

    @BeforeAll
    void runTheQuickStudyOnce(@TempDir Path dir) throws Exception {
        tmp = dir;
        tiny = TinyStudy.in(tmp);
        train = tiny.train();
        test = tiny.test();
        study = tmp.resolve("study");
        report = CnnStudy.open(settings(study)).run(recorder(events, CnnStudy.printing(lines::add)));
    }

    @AfterAll
    void restoreTheCache() {
        tiny.close();
    }

    @Test
    void theListenerHearsTrainingTheStagesAndEveryPointInOrder() {
        int batches = (TRAIN + Trainer.Settings.images(1, 0).batchSize() - 1) / Trainer.Settings.images(1, 0).batchSize();
        assertThat(events).containsExactly("started", "stage 1", "note No", "training 1 x " + batches, "trained true",
                "note Trained", "detail", "stage 2", "curves 8 0 40", "points 40", "curves ended", "detail", "stage 3",
                "stage 4", "stage 5", "finished");
        assertThat(report).isEqualTo(study.resolve("report.html")).isRegularFile();
    }

    @Test
    void printingRendersTheCommandsLines() {
        assertThat(lines).hasSize(10);
        assertThat(lines.subList(0, 8)).containsExactly(
                "Reproducing the CNN study in " + study + " on " + train + ", 2 threads (quick grid)",
                "[1/5] Data and model",
                "  " + ARCH + ": 7 prunable filters, 497 parameters, test accuracy 33.33 % (trained now)",
                "[2/5] Curves -> " + study.resolve(CnnStudy.CURVES_DIR),
                "  8 curves computed, 0 already logged (4 one shot, 4 fine-tuned); 40 points",
                "[3/5] Heatmaps", "[4/5] Figures", "[5/5] Report");
        assertThat(lines.get(8)).startsWith("The paper's claim");
        assertThat(lines.get(9)).matches("Done in [0-9]+\\.[0-9] s\\. Report: " + Pattern.quote(report.toString()));
    }

    @Test
    void aSecondRunResumesWithoutTrainingOrComputingAPoint() throws Exception {
        String csv = Files.readString(study.resolve(CnnStudy.CSV));
        List<String> again = Collections.synchronizedList(new ArrayList<>());
        List<String> printed = new ArrayList<>();
        CnnStudy.open(settings(study)).run(recorder(again, CnnStudy.printing(printed::add)));
        assertThat(again).containsExactly("started", "stage 1", "detail", "stage 2", "curves 0 8 0", "curves ended",
                "detail", "stage 3", "stage 4", "stage 5", "finished");
        assertThat(printed).contains("  0 curves computed, 8 already logged (4 one shot, 4 fine-tuned); 40 points");
        assertThat(Files.readString(study.resolve(CnnStudy.CSV))).isEqualTo(csv);
    }

    @Test
    void aHeldFolderIsRefusedBeforeTheListenerHearsAnything() throws Exception {
        List<String> heard = new ArrayList<>();
        CnnStudy held = CnnStudy.open(settings(study));
        try (FileLocks.Held lock = FileLocks.tryLock(study.resolve(Studies.LOCK))) {
            assertThat(lock).isNotNull();
            assertThatThrownBy(() -> held.run(recorder(heard, CnnStudy.printing(heard::add))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is in use by another reproduce");
        }
        assertThat(heard).isEmpty();
    }

    @Test
    void aFolderOfSomeoneElsesFilesIsRefusedUntouched() throws IOException {
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "mine");
        assertThatThrownBy(() -> CnnStudy.open(settings(notes))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds files this tool did not write (todo.txt)");
        try (var files = Files.list(notes)) {
            assertThat(files).containsExactly(notes.resolve("todo.txt"));
        }
    }

    @Test
    void settingsRefuseFewerThanOneThreadAndAMissingArchitecture() {
        assertThatThrownBy(() -> new CnnStudy.Settings(study, true, 0, "d", "t", ARCH, null, null, null, null, "c", null))
                .hasMessage("threads must be >= 1, was 0");
        assertThatThrownBy(() -> new CnnStudy.Settings(study, true, 1, "d", "t", null, null, null, null, null, "c", null))
                .isInstanceOf(NullPointerException.class).hasMessage("arch");
    }
}
