package org.lrppruning.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks, before any work, that the tool can write where it was told to, and words file errors as
 * one line "PATH: reason". A failed check is an IllegalArgumentException (a bad argument); nothing
 * is created or changed by a check (a probe file is created and deleted at once).
 */
public final class OutputPaths {
    private OutputPaths() {}

    /**
     * A file that will be created, replaced or appended to: it is not a directory or another
     * non-regular file, an existing one opens for writing, and a new one's folder can be made and written.
     */
    public static Path checkFile(Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(abs + ": is a directory, expected a file");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) || Files.exists(abs)) {
            if (!Files.isRegularFile(abs)) {
                throw new IllegalArgumentException(abs + ": not a regular file");
            }
            // opening for writing changes neither content nor times, and finds what permissions and
            // read-only mounts forbid (also for root, where Files.isWritable says yes)
            try (FileChannel ch = FileChannel.open(abs, StandardOpenOption.WRITE)) {
                return file;
            } catch (IOException e) {
                throw new IllegalArgumentException(abs + ": not writable (" + reason(e) + ")", e);
            }
        }
        checkFolder(abs.getParent(), abs);
        return file;
    }

    /** A file a command reads, for {@link #checkOutput}: the option that names it and the path. */
    public record Input(String option, Path path) {
    }

    /**
     * An output file of a command that replaces a whole file ({@code --out}, {@code -o}), checked before any work:
     * not a directory, not a symbolic link (the link or what it points to would be replaced), not the same file as
     * one of {@code inputs} (also through links, hard links or another spelling of its path), not an existing file
     * unless {@code force}, and then {@link #checkFile}. Messages name {@code file} as the user gave it.
     *
     * @throws IllegalArgumentException one line "FILE: reason"
     */
    public static Path checkOutput(Path file, boolean force, java.util.List<Input> inputs) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": is a directory, expected a file");
        }
        if (Files.isSymbolicLink(file)) {
            throw new IllegalArgumentException(file + ": is a symbolic link; name a regular file (links are never"
                    + " written through or replaced)");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            for (Input in : inputs) {
                if (sameFile(file, in.path())) {
                    throw new IllegalArgumentException(file + ": is also " + in.option() + (in.path().toString()
                            .equals(file.toString()) ? "" : " " + in.path()) + ", an input of this command;"
                            + " write the output elsewhere");
                }
            }
            if (!force) {
                throw new IllegalArgumentException(file + ": exists; give --force to replace it");
            }
            if (readOnly(file)) {
                throw new IllegalArgumentException(file + ": is read-only; it is not replaced, even with --force");
            }
        }
        return checkFile(file);
    }

    /**
     * Whether no one may write the file by its mode bits: the open-for-writing check of {@link #checkFile} lets root
     * through, and a file someone made read-only is not the tool's to replace.
     */
    private static boolean readOnly(Path file) {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(file);
            return !p.contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)
                    && !p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                    && !p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return !Files.isWritable(file);
        }
    }

    /** Whether both paths name one existing file (a missing one names none). */
    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** A folder that will be created (with its parents) or written into. */
    public static Path checkFolder(Path dir) {
        Path abs = dir.toAbsolutePath();
        checkFolder(abs, abs);
        return dir;
    }

    /** {@code dir} can hold new files for {@code wanted} (dir itself or a file in it). */
    private static void checkFolder(Path dir, Path wanted) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalArgumentException(wanted + ": no existing folder above it");
        }
        if (!Files.isDirectory(existing)) {
            throw new IllegalArgumentException(wanted + ": " + (existing.equals(wanted) ? "" : existing + " ")
                    + "is not a directory");
        }
        Path probe;
        try {
            probe = Files.createTempFile(existing, ".lrp-pruning-probe-", ".tmp");
        } catch (IOException e) {
            String where = existing.equals(wanted) ? "" : " (" + existing + ")";
            throw new IllegalArgumentException(wanted + ": cannot write there" + where + ": " + reason(e), e);
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            throw new UncheckedIOException(probe + ": cannot delete the probe file: " + reason(e), e);
        }
    }

    /** "PATH: reason" for a file error (the path of a FileSystemException, else the message as it is). */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason(e);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Why a file operation failed, in words: the system's reason when there is one (e.g. "Read-only
     * file system"), else the kind of failure (NIO leaves the reason empty for some: "permission denied").
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null && !f.getReason().isBlank()) {
                return f.getReason();
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or directory";
            }
            if (e instanceof FileAlreadyExistsException) {
                return "already exists";
            }
            if (e instanceof NotDirectoryException) {
                return "not a directory";
            }
            if (e instanceof DirectoryNotEmptyException) {
                return "is a non-empty directory";
            }
            return e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
