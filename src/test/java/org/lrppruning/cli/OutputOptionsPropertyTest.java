package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output options of every command that writes one whole file, under seeded random cases: an existing file of
 * random bytes, a link to it, a hard link to or another spelling of an input, a read-only file, a folder, a path
 * below a file; with or without {@code --force}. Whatever the case: exit code 0 or 2, a failure is one line
 * "lrp-pruning: ..." and leaves every file as it was, an input is never changed, and a file is replaced only
 * with {@code --force}, when it is a writable regular file that is no input of the command.
 */
class OutputOptionsPropertyTest {
    static final int CASES = 60;

    @TempDir
    Path dir;

    /** Every file below the folder with its bytes (links as their target's name), permissions included. */
    private Map<Path, String> snapshot() throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                files.put(dir.relativize(p), Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isRegularFile(p) ? new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)
                                + Files.getPosixFilePermissions(p) : "<dir>");
            }
        }
        return files;
    }

    @Test
    void noOutputOptionChangesAFileItMayNot() throws IOException {
        TinyCnnFiles tiny = TinyCnnFiles.in(dir, 6);
        String m = tiny.model().toString();
        String d = tiny.data().toString();
        Random r = new Random(17);
        for (int c = 0; c < CASES; c++) {
            Path caseDir = Files.createDirectories(dir.resolve("case" + c));
            byte[] junk = new byte[r.nextInt(512)];
            r.nextBytes(junk);
            int command = r.nextInt(5);
            String suffix = switch (command) {
                case 0 -> ".onnx";
                case 3 -> ".npz";
                case 4 -> ".csv";
                default -> ".npz";
            };
            Path out = caseDir.resolve("out" + suffix);
            String kind;
            switch (r.nextInt(7)) {
                case 0 -> kind = "new";
                case 1 -> {
                    kind = "foreign";
                    Files.write(out, junk);
                }
                case 2 -> {
                    kind = "link";
                    Files.write(caseDir.resolve("target"), junk);
                    Files.createSymbolicLink(out, caseDir.resolve("target"));
                }
                case 3 -> {
                    kind = "read-only";
                    Files.write(out, junk);
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r--r--r--"));
                }
                case 4 -> {
                    kind = "folder";
                    Files.createDirectories(out);
                }
                case 5 -> {
                    kind = "below a file";
                    Files.write(caseDir.resolve("file"), junk);
                    out = caseDir.resolve("file").resolve("out" + suffix);
                }
                default -> { // an input of the command, spelled another way (train's input is data only, never .npz)
                    kind = "an input";
                    out = command == 4 ? tiny.data() : command == 3 ? Path.of(caseDir.toString(), "..", "d-X.npy")
                            : Path.of(caseDir.toString(), "..", "tiny.npz");
                }
            }
            boolean force = r.nextBoolean();
            String o = out.toString();
            String[] args = switch (command) {
                case 0 -> new String[] {"prune", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "weight",
                    "--rate", "0.3", "--out", o};
                case 1 -> new String[] {"scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "grad",
                    "--out", o};
                case 2 -> new String[] {"explain", "--model", m, "--arch", TinyCnnFiles.ARCH, "--data", d, "--out", o};
                case 3 -> new String[] {"train", "--data", d, "--arch", TinyCnnFiles.ARCH, "--epochs", "1", "-o", o};
                default -> new String[] {"dataset", "--from", d, "-o", o};
            };
            if (force) {
                List<String> a = new ArrayList<>(List.of(args));
                a.add("--force");
                args = a.toArray(new String[0]);
            }
            Map<Path, String> before = snapshot();
            CliRun run = CliRun.run(args);
            String what = "case " + c + ": " + kind + (force ? " --force " : " ") + String.join(" ", args) + "\n" + run.err();
            boolean replaceable = kind.equals("new") || (force && kind.equals("foreign"));
            if (replaceable) {
                assertThat(run.code()).as(what).isZero();
                Map<Path, String> after = snapshot();
                // only the output (and, for an .npy-less csv, nothing else) changed
                before.keySet().stream().filter(p -> !dir.resolve(p).equals(dir.resolve(dir.relativize(Path.of(o)))))
                        .forEach(p -> assertThat(after.get(p)).as(what + " " + p).isEqualTo(before.get(p)));
            } else {
                assertThat(run.code()).as(what).isEqualTo(2);
                assertThat(run.err().lines().toList()).as(what).hasSize(1);
                assertThat(run.err()).as(what).startsWith("lrp-pruning: ").doesNotContain("Exception", ".tmp");
                assertThat(snapshot()).as(what).isEqualTo(before);
            }
        }
    }
}
