package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output paths are checked before any work and file errors read "PATH: reason". The tests run as
 * root, so unwritable places are made of files where folders are needed and the other way round.
 */
class OutputPathsTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writablePlacesPassAndNothingIsLeftBehind() throws IOException {
        Files.writeString(dir.resolve("log.txt"), "a line\n");
        List<Path> before = listing();
        OutputPaths.checkFile(dir.resolve("log.txt"));
        OutputPaths.checkFile(dir.resolve("new/deeper/log.txt"));
        OutputPaths.checkFolder(dir.resolve("study"));
        OutputPaths.checkFolder(dir);
        assertThat(listing()).isEqualTo(before);
        assertThat(Files.readString(dir.resolve("log.txt"))).isEqualTo("a line\n");
    }

    @Test
    void aFileUnderARegularFileIsRefusedNamingBoth() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "keep me");
        Path wanted = blocker.resolve("sub/log.txt");
        assertThatThrownBy(() -> OutputPaths.checkFile(wanted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(wanted.toAbsolutePath() + ": " + blocker.toAbsolutePath() + " is not a directory");
        assertThatThrownBy(() -> OutputPaths.checkFolder(blocker))
                .hasMessage(blocker.toAbsolutePath() + ": is not a directory");
        assertThat(Files.readString(blocker)).isEqualTo("keep me");
    }

    @Test
    void aDirectoryWhereAFileIsExpectedIsRefused() throws IOException {
        Path d = Files.createDirectory(dir.resolve("log.txt"));
        assertThatThrownBy(() -> OutputPaths.checkFile(d))
                .hasMessage(d.toAbsolutePath() + ": is a directory, expected a file");
    }

    @Test
    void fileErrorsNameThePathAndTheReason() {
        assertThat(OutputPaths.describe(new AccessDeniedException("/etc/passwd")))
                .isEqualTo("/etc/passwd: permission denied");
        assertThat(OutputPaths.describe(new FileSystemException("/x/log.txt", null, "Read-only file system")))
                .isEqualTo("/x/log.txt: Read-only file system");
        assertThat(OutputPaths.describe(new IOException("x.npz: truncated"))).isEqualTo("x.npz: truncated");
    }

    @Test
    void aFailedAtomicWriteNamesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("summary.csv");
        Files.writeString(target, "old\n");
        List<Path> before = listing();
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new IOException("Input/output error");
        })).hasMessage(target.toAbsolutePath() + ": Input/output error");
        assertThat(listing()).isEqualTo(before);
        assertThat(Files.readString(target)).isEqualTo("old\n");

        // the rename fails: the target is a folder with something in it
        Path folder = Files.createDirectories(dir.resolve("report.html"));
        Files.writeString(folder.resolve("inside"), "x");
        List<Path> withFolder = listing();
        assertThatThrownBy(() -> AtomicFiles.writeString(folder, "<html>"))
                .isInstanceOf(IOException.class).hasMessageStartingWith(folder.toAbsolutePath() + ": ");
        assertThat(listing()).isEqualTo(withFolder);
    }
}
