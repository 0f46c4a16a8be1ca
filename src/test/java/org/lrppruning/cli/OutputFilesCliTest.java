package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's file promise for the commands that write one whole file ({@code prune}, {@code scores},
 * {@code explain} {@code --out}; {@code train}, {@code dataset} {@code -o}): an input of the command is never
 * replaced (also named through a link or another spelling), an existing file only with {@code --force}, a link or
 * a read-only file never; every output path is checked before any work, and a failure names the path as given.
 */
class OutputFilesCliTest {
    @TempDir
    Path dir;

    private TinyCnnFiles tiny;
    private String m;
    private String d;

    @BeforeEach
    void files() throws IOException {
        tiny = TinyCnnFiles.in(dir, 12);
        m = tiny.model().toString();
        d = tiny.data().toString();
    }

    /** Every file below the folder with its bytes (links as their target's name). */
    private Map<Path, String> snapshot() throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted().toList()) {
                files.put(dir.relativize(p), Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isRegularFile(p) ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1) : "<dir>");
            }
        }
        return files;
    }

    private static String[] concat(String[] head, String... more) {
        List<String> a = new ArrayList<>(List.of(head));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private String[] prune(String out, String... more) {
        return concat(new String[] {"prune", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "weight",
            "--rate", "0.3", "--out", out}, more);
    }

    /** Runs a call that must fail: exit 2, exactly the line wanted, every file as it was. */
    private void refused(String line, String... args) throws IOException {
        Map<Path, String> before = snapshot();
        CliRun r = CliRun.run(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo("lrp-pruning: " + line + System.lineSeparator());
        assertThat(snapshot()).as(String.join(" ", args)).isEqualTo(before);
    }

    @Test
    void anInputOfTheCommandIsNeverReplacedHoweverItIsNamed() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.npz"), tiny.model());
        String other = dir.resolve("sub").resolve("..").resolve("tiny.npz").toString();
        Files.createDirectories(dir.resolve("sub"));
        refused(m + ": is also --model, an input of this command; write the output elsewhere", prune(m, "--force"));
        refused(other + ": is also --model " + m + ", an input of this command; write the output elsewhere",
                prune(other, "--force"));
        refused(link + ": is a symbolic link; name a regular file (links are never written through or replaced)",
                prune(link.toString(), "--force"));
        Path xs = dir.resolve("d-X.npy");
        refused(m + ": is also --model, an input of this command; write the output elsewhere", "explain", "--model", m,
                "--arch", TinyCnnFiles.ARCH, "--data", d, "--out", m, "--force");
        Path hard = Files.createLink(dir.resolve("hard.npz"), tiny.model());
        refused(hard + ": is also --model " + m + ", an input of this command; write the output elsewhere",
                "scores", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", d, "-c", "weight", "--out",
                hard.toString(), "--force");
        Path pair = Files.copy(xs, dir.resolve("e-X.npy"));
        Files.copy(dir.resolve("d-y.npy"), dir.resolve("e-y.npy"));
        refused(pair + ": is also --from, an input of this command; write the output elsewhere",
                "dataset", "--from", dir.resolve("e.npy").toString(), "-o", dir.resolve("e.npy").toString(), "--force");
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForceAndAReadOnlyOneNever() throws IOException {
        Path foreign = Files.writeString(dir.resolve("foreign.onnx"), "someone else's");
        refused(foreign + ": exists; give --force to replace it", prune(foreign.toString()));
        Path scores = Files.writeString(dir.resolve("s.npz"), "mine");
        refused(scores + ": exists; give --force to replace it", "scores", "--model", m, "--arch", TinyCnnFiles.ARCH,
                "--refs", d, "-c", "weight", "--out", scores.toString());
        refused(scores + ": exists; give --force to replace it", "explain", "--model", m, "--arch", TinyCnnFiles.ARCH,
                "--data", d, "--out", scores.toString());
        Path model = Files.writeString(dir.resolve("t.npz"), "a model");
        refused(model + ": exists; give --force to replace it", "train", "-d", "moon", "-o", model.toString());
        refused(model + ": exists; give --force to replace it", "train", "--data", d, "--arch", TinyCnnFiles.ARCH,
                "-o", model.toString());
        Path csv = Files.writeString(dir.resolve("p.csv"), "x,y,label\n");
        refused(csv + ": exists; give --force to replace it", "dataset", "-d", "moon", "-o", csv.toString());
        Files.writeString(dir.resolve("q-y.npy"), "labels of someone");
        refused(dir.resolve("q-y.npy") + ": exists; give --force to replace it", "dataset", "--from", d, "-o",
                dir.resolve("q.npy").toString());

        Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("r--r--r--"));
        refused(foreign + ": is read-only; it is not replaced, even with --force", prune(foreign.toString(), "--force"));

        CliRun forced = CliRun.run(prune(scores.resolveSibling("s.onnx").toString()));
        assertThat(forced.code()).as(forced.err()).isZero();
        CliRun again = CliRun.run(prune(scores.resolveSibling("s.onnx").toString(), "--force"));
        assertThat(again.code()).as(again.err()).isZero();
        CliRun csvForced = CliRun.run("dataset", "-d", "moon", "-o", csv.toString(), "--force");
        assertThat(csvForced.code()).as(csvForced.err()).isZero();
        assertThat(Files.readString(csv)).startsWith("x,y,label\n").hasLineCount(11);
    }

    @Test
    void outputPathsAreCheckedBeforeAnyWorkAndNamedAsGiven() throws IOException {
        // the data does not exist: a check after reading it would report that instead
        String missing = dir.resolve("missing.npy").toString();
        Files.createDirectories(dir.resolve("folder.onnx"));
        refused(dir.resolve("folder.onnx") + ": is a directory, expected a file",
                "prune", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", missing, "-c", "weight", "--rate", "0.3",
                "--out", dir.resolve("folder.onnx").toString());
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path file = Files.createFile(dir.resolve("f"));
        refused(file.resolve("p.onnx") + ": " + file + " is not a directory",
                "prune", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", missing, "-c", "weight", "--rate", "0.3",
                "--out", file.resolve("p.onnx").toString());
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (!Files.isWritable(locked) || !"root".equals(System.getProperty("user.name"))) {
                CliRun r = CliRun.run("prune", "--model", m, "--arch", TinyCnnFiles.ARCH, "--refs", missing, "-c",
                        "weight", "--rate", "0.3", "--out", locked.resolve("p.onnx").toString());
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err()).contains("p.onnx: cannot write there").doesNotContain(".tmp");
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // a folder that does not exist yet is made, after the work, for the file alone
        Path nested = dir.resolve("new").resolve("deeper").resolve("p.onnx");
        CliRun made = CliRun.run(prune(nested.toString()));
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("Wrote " + nested);
        assertThat(nested).isRegularFile();
        try (Stream<Path> s = Files.list(nested.getParent())) {
            assertThat(s.toList()).containsExactly(nested);
        }
    }
}
