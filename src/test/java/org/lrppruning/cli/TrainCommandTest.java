package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.ModelStore;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxReader;

/** {@code train --data}: a small CNN on image files, the cache, the same bits for any thread count, one-line errors. */
class TrainCommandTest {
    private static final String ARCH = "in:1x6x6,conv3:3,bn,relu,maxpool2,flatten,linear:4,relu,dropout,linear";

    @TempDir
    Path dir;

    private String home;
    private PrintStream stderr;
    private final ByteArrayOutputStream bar = new ByteArrayOutputStream();

    /** The model cache in the temp folder; the progress bar (System.err, as on a console) captured. */
    @BeforeEach
    void setUp() {
        home = System.getProperty(ModelStore.HOME_PROPERTY);
        System.setProperty(ModelStore.HOME_PROPERTY, dir.resolve("home").toString());
        stderr = System.err;
        System.setErr(new PrintStream(bar, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        System.setErr(stderr);
        if (home == null) {
            System.clearProperty(ModelStore.HOME_PROPERTY);
        } else {
            System.setProperty(ModelStore.HOME_PROPERTY, home);
        }
    }

    /** n images 1×6×6 of a bright row (class 0), column (1) or diagonal (2) with noise, as NAME-X.npy / NAME-y.npy. */
    private String images(String name, int n, int classes, long seed) throws IOException {
        Random r = new Random(seed);
        float[] x = new float[n * 36];
        long[] y = new long[n];
        for (int s = 0; s < n; s++) {
            y[s] = r.nextInt(classes);
            int at = r.nextInt(6);
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    boolean on = y[s] == 0 ? i == at : y[s] == 1 ? j == at : i == j;
                    x[s * 36 + i * 6 + j] = (on ? 1f : 0f) + (float) (0.2 * r.nextGaussian());
                }
            }
        }
        Npy.write(dir.resolve(name + "-X.npy"), NpyArray.ofFloats(x, n, 1, 6, 6));
        Npy.write(dir.resolve(name + "-y.npy"), NpyArray.of(y));
        return dir.resolve(name + ".npy").toString();
    }

    private static CliRun train(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(all);
    }

    @Test
    void trainsAnArchitectureOnImageFilesAndReportsTheTestAccuracy() throws IOException {
        String data = images("bars", 120, 3, 1);
        String test = images("held", 60, 3, 2);
        Path out = dir.resolve("m.npz");
        CliRun r = train("--data", data, "--test", test, "--arch", ARCH, "--epochs", "3", "--batch", "16", "--lr", "0.01",
                "--threads", "1", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(": " + ARCH + ", 3 epochs, train accuracy ", "test accuracy ", "-> " + out);
        assertThat(bar.toString(StandardCharsets.UTF_8)).contains("train", "e3 loss", "24/24");
        Network net = ModelIO.load(out, Architecture.of(ARCH));
        assertThat(net.classes()).isEqualTo(3); // the open last layer: as many outputs as the labels need

        Path onnx = dir.resolve("m.onnx");
        assertThat(train("--data", data, "--arch", ARCH, "--epochs", "3", "--batch", "16", "--lr", "0.01", "--threads",
                "2", "-o", onnx.toString()).code()).isZero();
        Network back = OnnxReader.read(onnx).network();
        float[] x = new float[36 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 3f - 1;
        }
        float[] a = net.logits(x, 5);
        float[] b = back.logits(x, 5);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).as("logit %d", i).isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-4f));
        }
    }

    @Test
    void theSameSeedGivesTheSameFileForOneAndTwoThreadsAndTheCacheKeyFollowsTheSettings() throws IOException {
        String data = images("bars", 50, 3, 3);
        assertThat(train("--data", data, "--arch", ARCH, "--epochs", "2", "--batch", "8", "--threads", "1").code()).isZero();
        Path models = dir.resolve("home").resolve("models");
        Path[] first = files(models);
        assertThat(first).hasSize(1);
        assertThat(first[0].getFileName().toString()).startsWith("bars-arch-").endsWith("-r1.npz");
        byte[] one = Files.readAllBytes(first[0]);
        assertThat(train("--data", data, "--arch", ARCH, "--epochs", "2", "--batch", "8", "--threads", "2").code()).isZero();
        assertThat(files(models)).containsExactly(first);
        assertThat(Files.readAllBytes(first[0])).isEqualTo(one);
        assertThat(train("--data", data, "--arch", ARCH, "--epochs", "2", "--batch", "8", "--seed", "4").code()).isZero();
        assertThat(files(models)).hasSize(2);
    }

    private static Path[] files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toArray(Path[]::new);
        }
    }

    @Test
    void badCombinationsAreOneLineErrorsAndWriteNothing() throws IOException {
        String data = images("bars", 20, 3, 5);
        String small = images("four", 20, 3, 6);
        Path out = dir.resolve("never.npz");
        String o = out.toString();
        String[][] cases = {
            {"--data", data, "--arch", "vgg-small", "-o", o},
            {"--data", data, "--arch", "in:1x6x6,conv3:2,relu,flatten,linear:2", "-o", o},
            {"--data", data, "-o", o},
            {"--data", data, "--arch", "nonsense", "-o", o},
            {"--data", data, "--arch", "paper", "-o", o},
            {"--data", data, "--arch", ARCH, "-o", dir.resolve("m.txt").toString()},
            {"--data", data, "--arch", ARCH, "--epochs", "0", "-o", o},
            {"--data", data, "--arch", ARCH, "--test", dir.resolve("missing.npy").toString(), "-o", o},
            {"--data", dir.resolve("missing.npy").toString(), "--arch", ARCH, "-o", o},
            {"-d", "moon", "--data", small, "--arch", ARCH},
            {"-d", "moon", "--epochs", "3"},
        };
        String[] reasons = {
            "--arch vgg-small does not fit --data " + data + " (samples 1x6x6): architecture vgg-small takes inputs 1x28x28",
            "label 2 of sample",
            "--data needs --arch ARCH",
            "unknown architecture 'nonsense'",
            "--arch paper does not fit",
            "written as .npz or .onnx",
            "--epochs must be >= 1",
            "missing-X.npy",
            "missing-X.npy",
            "give -d DATASET (a toy data set) or --data DATA, not both",
            "--epochs is for --data training",
        };
        for (int i = 0; i < cases.length; i++) {
            CliRun r = train(cases[i]);
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", cases[i])).hasLineCount(1).startsWith("lrp-pruning: ")
                    .contains(reasons[i]).doesNotContain("Exception");
        }
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("home")).doesNotExist();
    }
}
