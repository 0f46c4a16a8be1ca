package org.lrppruning.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {
    @TempDir
    Path dir;

    @Test
    void aTornLastLineLongerThanOneReadBlockIsCutAtTheLastNewline() throws IOException {
        Path log = dir.resolve("log.txt");
        String torn = "dataset:moon-criterion:lrp-n:2-s:0-scenario:rankselection-stage:pre [" + "1,".repeat(40_000);
        Files.writeString(log, "first 1.0\nsecond 2.0\n" + torn);
        assertThat(LogFile.repairTornTail(log)).isEqualTo(torn.substring(0, 200));
        assertThat(Files.readString(log)).isEqualTo("first 1.0\nsecond 2.0\n");
        assertThat(LogFile.repairTornTail(log)).isNull();
    }

    @Test
    void aFileWithoutAnyNewlineIsEmptiedAndAppendsStartOnAFreshLine() throws IOException {
        Path log = dir.resolve("sub/log.txt");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "half a li");
        assertThat(LogFile.repairTornTail(log)).isEqualTo("half a li");
        LogFile.append(log, List.of("a 1.0", "b 2.0"));
        assertThat(Files.readAllLines(log)).containsExactly("a 1.0", "b 2.0");
        assertThat(LogFile.repairTornTail(dir.resolve("missing.txt"))).isNull();
    }
}
