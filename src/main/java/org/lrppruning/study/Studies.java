package org.lrppruning.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.lrppruning.io.FileLocks;
import org.lrppruning.report.StudyReport;

/**
 * What the toy and the CNN study share: the study folder (its {@value #SETUP} marker, its lock, the refusal of a
 * folder of someone else's files) and the report's timed steps, machine line and paths.
 */
public final class Studies {
    /** The file that marks a study folder and records the settings that decide what its logged runs mean. */
    public static final String SETUP = "setup.txt";
    /** Held while a study writes its folder, so that a second one is refused; the empty file stays. */
    public static final String LOCK = ".reproduce.lock";

    private Studies() {}

    /**
     * A folder that holds anything but no setup.txt is not a study folder of ours: someone's files that the study
     * would overwrite (report.html, summary.csv, ...). It is refused untouched.
     */
    public static void checkOwnFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve(SETUP))) {
            return;
        }
        List<String> names;
        try (Stream<Path> entries = Files.list(dir)) {
            // our lock file alone is what a study stopped before writing setup.txt leaves
            names = entries.map(p -> p.getFileName().toString()).filter(n -> !n.equals(LOCK)).sorted().toList();
        }
        if (!names.isEmpty()) {
            String shown = String.join(", ", names.subList(0, Math.min(3, names.size())))
                    + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
            throw new IllegalArgumentException(dir.toAbsolutePath() + ": holds files this tool did not write (" + shown
                    + ") and no " + SETUP + " of a study; choose a new or empty --out");
        }
    }

    /** Creates {@code dir} and takes its {@link #LOCK}; a folder another study holds is refused in one line. */
    public static FileLocks.Held lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        FileLocks.Held held = FileLocks.tryLock(dir.resolve(LOCK));
        if (held == null) {
            throw new IllegalStateException(dir + " is in use by another reproduce (it holds " + LOCK
                    + "); wait for it to finish or choose another --out");
        }
        return held;
    }

    /** A step of the report that started at {@code startNanos} ({@link System#nanoTime}) and ends now. */
    public static StudyReport.Step step(String name, long startNanos, String detail) {
        return new StudyReport.Step(name, (System.nanoTime() - startNanos) / 1e9, detail);
    }

    /** The machine line of a report's setup: cores, OS, Java, heap. */
    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
    }

    /** {@code path} with the user's home folder shown as {@code ~}, so that a report does not name it. */
    public static String home(String path) {
        String h = System.getProperty("user.home");
        return h != null && !h.isEmpty() && path.startsWith(h) ? "~" + path.substring(h.length()) : path;
    }
}
