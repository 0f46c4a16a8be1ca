package org.lrppruning.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.data.Dataset;

class LogFileTest {
    @TempDir
    Path dir;

    static final String A = "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 100.0";
    static final String B = "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:pre 91.0";
    static final String C = "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:post 99.5";
    static final String D = "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:post 90.8";
    static final RunConfig RUN = RunConfig.of(Dataset.MOON, "lrp", 1, 0, 0.3);

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Opening (and appending to) a file that is not a log fails with one printable line and leaves every byte. */
    private static void assertRefusedUnchanged(Path file) throws IOException {
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> LogFile.open(file).append(List.of(A)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is not a log of lrp-pruning")
                .satisfies(e -> assertThat(e.getMessage()).as("one printable ASCII line").matches("[ -~]+"));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(file.resolveSibling(file.getFileName() + ".lock")).as("no lock file either").doesNotExist();
    }

    @Test
    void filesThatAreNotLogsAreRefusedByteForByteUnchanged() throws IOException {
        byte[] random = new byte[5000];
        new Random(7).nextBytes(random);
        assertRefusedUnchanged(write("random.bin", random));
        assertRefusedUnchanged(write("latin1.txt", new byte[] {'c', 'a', 'f', (byte) 0xe9}));
        assertRefusedUnchanged(write("notes.txt", "first line\nsecond line without a newline"));
        assertRefusedUnchanged(write("one-line.txt", "a complete sentence, but no log line"));
        assertRefusedUnchanged(write("mixed.txt", A + "\nsomething else\n" + B + "\n"));
        assertRefusedUnchanged(write("nul.txt", A + "\n" + B + "\0\n"));
        assertRefusedUnchanged(write("unknown-criterion.txt",
                "dataset:moon-criterion:magic-n:2-s:0-scenario:train-stage:pre 100.0\n"));
        assertThat(LogFile.open(write("empty.txt", "")).isComplete(RUN)).isFalse();
    }

    @Test
    void severalRunsGoInOneWriteAndEachSaysHowManyOfItsLinesWereNew() throws IOException {
        Path log = write("group.txt", A + "\n");
        LogFile f = LogFile.open(log);
        assertThat(f.appendRuns(List.of(List.of(A), List.of(B, C), List.of(), List.of(A, D)))).containsExactly(0, 2, 0, 1);
        assertThat(Files.readAllLines(log)).containsExactly(A, B, C, D);
        assertThat(f.appendRuns(List.of())).isEmpty();
        String conflict = "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:post 1.0";
        String e = "dataset:moon-criterion:lrp-n:4-s:0-scenario:test-stage:post 1.0";
        assertThatThrownBy(() -> f.appendRuns(List.of(List.of(e), List.of(conflict))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another value");
        assertThat(Files.readAllLines(log)).as("nothing of a refused batch").containsExactly(A, B, C, D);
    }

    @Test
    void theMessageSaysWhetherTheFileHoldsBinaryData() throws IOException {
        Path bin = write("bin.txt", A + "\n\u0001\u0002\n");
        assertThatThrownBy(() -> LogFile.open(bin)).hasMessage(bin + " is not a log of lrp-pruning (line 2 holds "
                + "binary or non-ASCII bytes); left unchanged");
        Path text = write("text.txt", A + "\n\n" + B + "\nhello\n");
        assertThatThrownBy(() -> LogFile.open(text)).hasMessage(text + " is not a log of lrp-pruning (line 4 is not "
                + "a log line); left unchanged");
    }

    @Test
    void aTornLineOfOursIsCutAndNothingElse() throws IOException {
        String whole = A + "\n" + B + "\n";
        for (String torn : List.of("d", "dataset:mo", "dataset:moon-criterion:lrp-gam", C.substring(0, 62),
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:rankselection-stage:pre [3,0,", C.substring(0, C.indexOf(' ') + 1))) {
            Path log = write("torn.txt", whole + torn);
            LogFile f = LogFile.open(log);
            assertThat(f.repairedTail()).as(torn).isEqualTo(torn);
            assertThat(Files.readString(log)).isEqualTo(whole);
        }
    }

    @Test
    void aTornLineLongerThanOneReadBlockIsCutAtTheLastNewline() throws IOException {
        String torn = "dataset:moon-criterion:lrp-n:2-s:0-scenario:rankselection-stage:pre [" + "1,".repeat(40_000);
        Path log = write("log.txt", A + "\n" + B + "\n" + torn);
        assertThat(LogFile.open(log).repairedTail()).isEqualTo(torn.substring(0, 80) + "...");
        assertThat(Files.readString(log)).isEqualTo(A + "\n" + B + "\n");
        assertThat(LogFile.open(log).repairedTail()).isNull();
    }

    @Test
    void aCompleteLastLineWithoutNewlineIsKeptAndTheNextWriteStartsOnAFreshLine() throws IOException {
        Path log = write("log.txt", A + "\n" + B + "\n" + C + "\n" + D);
        LogFile f = LogFile.open(log);
        assertThat(Files.readString(log)).as("opening changes nothing").isEqualTo(A + "\n" + B + "\n" + C + "\n" + D);
        assertThat(f.repairedTail()).isNull();
        assertThat(f.isComplete(RUN)).isTrue();
        String e = "dataset:moon-criterion:lrp-n:2-s:1-scenario:train-stage:pre 100.0";
        assertThat(f.append(List.of(D, e))).isEqualTo(1);
        assertThat(Files.readString(log)).isEqualTo(A + "\n" + B + "\n" + C + "\n" + D + "\n" + e + "\n");
        assertThat(LogFile.open(log).index().duplicates()).isZero();
    }

    @Test
    void appendWritesOnlyLinesTheLogLacksAndRefusesAnotherValueForALoggedOne() throws IOException {
        Path log = dir.resolve("sub/log.txt");
        LogFile f = LogFile.open(log);
        assertThat(log).doesNotExist();
        assertThat(f.append(List.of(A, B))).isEqualTo(2);
        // a crash tore the write of a run after its first two lines: the redone run adds the other two
        assertThat(LogFile.open(log).append(List.of(A, B, C, D))).isEqualTo(2);
        assertThat(Files.readAllLines(log)).containsExactly(A, B, C, D);
        assertThat(f.append(List.of(A, B, C, D))).as("a stale writer re-reads first").isZero();
        byte[] before = Files.readAllBytes(log);
        String other = A.replace("100.0", "99.0");
        assertThatThrownBy(() -> f.append(List.of(other))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre with "
                        + "another value (" + log + ":1)");
        assertThat(Files.readAllBytes(log)).isEqualTo(before);
    }

    @Test
    void anotherProgramAppendingNonLogTextStopsTheWriterWithoutTouchingTheFile() throws IOException {
        Path log = dir.resolve("log.txt");
        LogFile f = LogFile.open(log);
        f.append(List.of(A));
        Files.writeString(log, "an editor was here\n", java.nio.file.StandardOpenOption.APPEND);
        byte[] before = Files.readAllBytes(log);
        assertThatThrownBy(() -> f.append(List.of(B))).hasMessageContaining("line 2 is not a log line");
        assertThat(Files.readAllBytes(log)).isEqualTo(before);
    }

    @Test
    void writersInManyThreadsWithTheirOwnLogFilesLogEveryLineOnce() throws Exception {
        Path log = dir.resolve("log.txt");
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            lines.add("dataset:moon-criterion:lrp-n:2-s:" + s + "-scenario:train-stage:pre " + s + ".5");
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> written = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                long seed = w;
                written.add(pool.submit(() -> {
                    LogFile f = LogFile.open(log);
                    List<String> mine = new ArrayList<>(lines);
                    java.util.Collections.shuffle(mine, new Random(seed));
                    int n = 0;
                    for (String l : mine) {
                        n += f.append(List.of(l));
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : written) {
                total += f.get();
            }
            assertThat(total).isEqualTo(lines.size());
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readAllLines(log)).hasSize(lines.size()).containsExactlyInAnyOrderElementsOf(lines);
    }

    @Test
    void theGrammarKnowsEveryRegisteredCriterionAndTellsPrefixesFromForeignText() {
        for (String c : org.lrppruning.criteria.Criteria.all()) {
            String line = "dataset:mult-criterion:" + c + "-n:4-s:7-scenario:test-stage:post 25.0";
            assertThat(LogLines.shape(line)).as(c).isEqualTo(LogLines.Shape.LINE);
            assertThat(LogLines.fields(LogLines.name(line))).containsExactly("mult", c, "4", "7", "test", "post");
        }
        assertThat(LogLines.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:rankscores-stage:pre [0.5,nan,-inf,1e-05]"))
                .isEqualTo(LogLines.Shape.LINE);
        assertThat(LogLines.shape("  \r")).isEqualTo(LogLines.Shape.BLANK);
        // Python's repr always writes a '.' or an exponent: "9" is the beginning of "99.5", "99.9" may be whole
        assertThat(LogLines.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 9")).isEqualTo(LogLines.Shape.PREFIX);
        assertThat(LogLines.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 99.")).isEqualTo(LogLines.Shape.PREFIX);
        assertThat(LogLines.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 99.9")).isEqualTo(LogLines.Shape.LINE);
        assertThat(LogLines.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 1e-05")).isEqualTo(LogLines.Shape.LINE);
        assertThat(LogLines.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre")).isEqualTo(LogLines.Shape.PREFIX);
        assertThat(LogLines.shape("dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre 99.0 x"))
                .isEqualTo(LogLines.Shape.FOREIGN);
        assertThat(LogLines.shape("dataset:moon-criterion:foo-n:2")).isEqualTo(LogLines.Shape.FOREIGN);
        assertThat(LogLines.shape("Dataset")).isEqualTo(LogLines.Shape.FOREIGN);
        assertThatThrownBy(() -> LogLines.fields("dataset:moon-criterion:foo-n:2-s:0-scenario:train-stage:pre"))
                .hasMessageContaining("unknown criterion");
        assertThat(LogLines.requiredNames(RUN)).containsExactly(
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:pre",
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:pre",
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:train-stage:post",
                "dataset:moon-criterion:lrp-n:2-s:0-scenario:test-stage:post");
    }
}
