package org.lrppruning.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a file a command is told to read before it is opened: a missing file, a folder, or a device, pipe or
 * socket (which may never end: {@code /dev/zero}, {@code /dev/urandom}) is refused in one line "FILE: reason"
 * (an IllegalArgumentException: bad input, exit code 2) instead of an error from deep inside a reader or a heap
 * filled by an endless stream.
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Checks that {@code file} (as the user named it) is a readable regular file, links followed; {@code kind} words
     * what was expected ("a model file").
     *
     * @return file, for chaining
     * @throws IllegalArgumentException one line naming the file and the problem
     */
    public static Path checkRegular(Path file, String kind) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no such file" + (Files.isSymbolicLink(file)
                    ? " (a symbolic link to nothing)" : ""));
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a directory, expected " + kind);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not a regular file (a device, pipe or socket), expected " + kind);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": not readable (permission denied)");
        }
        return file;
    }
}
