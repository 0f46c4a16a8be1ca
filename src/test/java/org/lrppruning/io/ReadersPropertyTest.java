package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.analysis.LogParser;
import org.lrppruning.data.DataException;
import org.lrppruning.data.DataFiles;
import org.lrppruning.data.DataOptions;
import org.lrppruning.data.DataSources;
import org.lrppruning.data.Dataset;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.Samples;
import org.lrppruning.data.ToyData;
import org.lrppruning.experiment.Experiment;
import org.lrppruning.experiment.LogLines;
import org.lrppruning.experiment.RunConfig;
import org.lrppruning.model.Architecture;
import org.lrppruning.model.ModelIO;
import org.lrppruning.model.Network;
import org.lrppruning.testutil.DataFixtures;
import org.lrppruning.testutil.Nets;

/**
 * Every file reader of the project, fed seeded random byte strings and random truncations and
 * byte flips of real files of its kind, plus hand-made hostile files: it accepts the file, or
 * throws {@link FileFormatException} with one line naming the file. Nothing else escapes (no
 * NullPointer, ArrayIndexOutOfBounds, NegativeArraySize, OutOfMemory or StackOverflow), and no
 * read allocates more than {@value #BYTES_PER_FILE_BYTE} bytes per file byte plus {@value #SLACK_BYTES}.
 *
 * <p>A seeded JUnit loop rather than Jazzer: Jazzer's JUnit mode replays only a committed corpus
 * unless run with its native agent, while this loop is deterministic, needs no extra dependency
 * and covers a few thousand cases in seconds. A new reader joins with one entry in {@link #readers}.
 */
class ReadersPropertyTest {
    /** Allocation allowed per byte of the file: decoding copies it a few times, never by a header's claim. */
    static final long BYTES_PER_FILE_BYTE = 16;
    /** Allocation allowed whatever the size: read buffers, zip bookkeeping, a few records. */
    static final long SLACK_BYTES = 4L << 20;
    static final int RANDOM_CASES = 200;
    static final int TRUNCATIONS = 200;
    static final int FLIPS = 200;

    @TempDir
    Path dir;

    /** What a reader does with a file. */
    @FunctionalInterface
    interface Read {
        Object read(Path file) throws IOException;
    }

    /**
     * A reader under test: its name, the end of its files' names, real files of its kind and hostile
     * ones, the one exception type it fails with, and how it reads.
     */
    record Reader(String name, String suffix, List<byte[]> real, List<byte[]> hostile,
                  Class<? extends Exception> failure, Read read) {}

    /** The readers, one line each. */
    List<Reader> readers() throws IOException {
        return List.of(
                new Reader("npy", ".npy", npyFiles(), hostileNpy(), FileFormatException.class, Npy::read),
                new Reader("npz", ".npz", npzFiles(), hostileNpz(), FileFormatException.class, Npz::read),
                new Reader("model", ".npz", modelFiles(), hostileModels(), FileFormatException.class,
                        f -> ModelIO.load(f, Architecture.PAPER)),
                new Reader("log", ".txt", logFiles(), hostileLogs(), IllegalArgumentException.class, LogParser::readAll),
                new Reader("csv", ".csv", csvFiles(), hostileLogs(), DataException.class,
                        f -> DataSources.load(f.toString(), DataOptions.NONE)),
                new Reader("idx", "-images-idx3-ubyte", idxFiles(), List.of(), DataException.class,
                        ReadersPropertyTest::idxWithLabels));
    }

    @Test
    void everyReaderAcceptsOrFailsInOneLineAndAllocatesNoMoreThanTheFileJustifies() throws IOException {
        Random rng = new Random(20261201);
        List<String> problems = new ArrayList<>();
        int cases = 0;
        for (Reader r : readers()) {
            List<byte[]> inputs = new ArrayList<>(r.real());
            inputs.addAll(r.hostile());
            for (int i = 0; i < RANDOM_CASES; i++) {
                // random bytes, half of them behind the first bytes of a real file so they pass the magic check
                byte[] b = new byte[rng.nextInt(i < 20 ? 8 : 3000)];
                rng.nextBytes(b);
                if (i % 2 == 1) {
                    byte[] real = r.real().get(rng.nextInt(r.real().size()));
                    System.arraycopy(real, 0, b, 0, Math.min(b.length, 1 + rng.nextInt(Math.min(real.length, 80))));
                }
                inputs.add(b);
            }
            for (int i = 0; i < TRUNCATIONS; i++) {
                byte[] real = r.real().get(i % r.real().size());
                int length = i < r.real().size() ? 0 : i < 2 * r.real().size() ? real.length - 1 : rng.nextInt(real.length);
                inputs.add(java.util.Arrays.copyOf(real, length));
            }
            for (int i = 0; i < FLIPS; i++) {
                byte[] b = r.real().get(rng.nextInt(r.real().size())).clone();
                int flips = 1 + rng.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    // mostly in the first 200 bytes, where the headers are
                    int at = rng.nextBoolean() ? rng.nextInt(Math.min(b.length, 200)) : rng.nextInt(b.length);
                    b[at] = (byte) rng.nextInt(256);
                }
                inputs.add(b);
            }
            for (byte[] input : inputs) {
                String problem = check(r, input, cases++);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        assertThat(cases).isGreaterThan(3000);
        assertThat(problems).isEmpty();
    }

    /** One case: null when the reader behaved, else what went wrong. */
    private String check(Reader r, byte[] input, int n) throws IOException {
        String stem = "case" + n + "_";
        Path file = dir.resolve(stem + r.suffix());
        Files.write(file, input);
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        String problem = null;
        try {
            r.read().read(file);
        } catch (Throwable e) {
            if (!r.failure().isInstance(e)) {
                problem = escaped(e);
            } else {
                String m = e.getMessage();
                if (m == null || m.isBlank() || m.lines().count() != 1 || !m.contains(stem)) {
                    problem = "message not one line naming the file: " + m;
                }
            }
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        long allowed = BYTES_PER_FILE_BYTE * input.length + SLACK_BYTES;
        if (problem == null && allocated > allowed) {
            problem = "allocated " + allocated + " bytes for a file of " + input.length;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(stem)).toList()) {
                Files.delete(p);
            }
        }
        return problem == null ? null : r.name() + " case " + n + " (" + input.length + " bytes): " + problem;
    }

    /** What escaped, with the frame that threw it and the project's frame below. */
    private static String escaped(Throwable e) {
        StackTraceElement[] at = e.getStackTrace();
        String problem = "escaped: " + e + (at.length > 0 ? " at " + at[0] : "");
        for (StackTraceElement el : at) {
            if (el.getClassName().startsWith("org.lrppruning.")) {
                return problem + " from " + el;
            }
        }
        return problem;
    }

    /** An IDX images file read with a good labels file of six samples beside it. */
    private static Object idxWithLabels(Path images) throws IOException {
        String name = images.getFileName().toString();
        Path labels = images.resolveSibling(name.replace("-images-idx3-ubyte", "-labels-idx1-ubyte"));
        Files.write(labels, DataFixtures.idx(new int[] {6}, DataFixtures.cyclicLabels(6, 3)));
        return DataSources.load(images.toString(), DataOptions.NONE);
    }

    // ---------------------------------------------------------------- real files, written by the tool

    private byte[] written(String name, Writer w) throws IOException {
        Path f = dir.resolve("real-" + name);
        w.write(f);
        byte[] b = Files.readAllBytes(f);
        Files.delete(f);
        return b;
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path file) throws IOException;
    }

    private List<byte[]> npyFiles() {
        Random r = new Random(1);
        float[] xy = new float[2000 * 2];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = (float) r.nextGaussian();
        }
        return List.of(
                Npy.toBytes(NpyArray.ofFloats(xy, 2000, 2)),
                Npy.toBytes(NpyArray.of(1.5, -2.25, Double.NaN)),
                Npy.toBytes(NpyArray.ofLongs(new long[] {0, 1, 2, 3, 0, 1}, 6)),
                Npy.toBytes(NpyArray.ofInts(new int[] {7, 8, 9, 10}, 2, 2)),
                Npy.toBytes(NpyArray.ofFloats(new float[] {3f})));
    }

    private Map<String, NpyArray> arrays() {
        Map<String, NpyArray> m = new LinkedHashMap<>();
        m.put("w", NpyArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        m.put("b", NpyArray.of(0.5f, -0.5f));
        m.put("labels", NpyArray.ofLongs(new long[] {0, 1, 1, 0}, 4));
        return m;
    }

    private List<byte[]> npzFiles() throws IOException {
        return List.of(
                written("deflated.npz", f -> Npz.write(f, arrays(), Npz.Compression.DEFLATED)),
                written("stored.npz", f -> Npz.write(f, arrays(), Npz.Compression.STORED)));
    }

    private List<byte[]> modelFiles() throws IOException {
        Network moon = Nets.paperShaped(1, 16, 16, 16, 2, false);
        Network mult = Nets.paperShaped(2, 24, 20, 16, 4, false);
        return List.of(written("moon.npz", f -> ModelIO.save(f, moon)), written("mult.npz", f -> ModelIO.save(f, mult)));
    }

    private List<byte[]> logFiles() {
        Network net = Nets.paperShaped(3, 16, 16, 16, 2, false);
        Samples train = Nets.samples(4, 200, 2);
        StringBuilder acc = new StringBuilder();
        StringBuilder rank = new StringBuilder();
        for (long seed = 0; seed < 3; seed++) {
            for (String c : List.of("weight", "lrp")) {
                RunConfig cfg = new RunConfig(Dataset.MOON, c, 2, seed, 0.3, 8, false);
                Experiment.run(net, train, cfg, 1, Experiment.QUIET).logLines().forEach(l -> acc.append(l).append('\n'));
                RunConfig rc = new RunConfig(Dataset.MOON, c, 2, seed, 0.0, 8, true, true);
                Experiment.run(net, train, rc, 1, Experiment.QUIET).logLines().forEach(l -> rank.append(l).append('\n'));
            }
        }
        // one ranking of the paper's 3000 neurons, as long as the reference's lines are
        int[] order = new Random(5).ints(0, 3000).distinct().limit(3000).toArray();
        rank.append(LogLines.ranking(RunConfig.of(Dataset.MULT, "grad", 5, 1, 0.3), order)).append('\n');
        return List.of(bytes(acc.toString()), bytes(rank.toString()));
    }

    private List<byte[]> csvFiles() throws IOException {
        Samples s = ToyData.reference(Dataset.MULT, 10, 3);
        return List.of(written("toy.csv", f -> DataFiles.write(f, LabeledData.of(s), new String[] {"x", "y"})),
                bytes("x,y,label\n0.5,-1e-3,0\n2,3.25,1\n\n+7,.5,2\n"));
    }

    private List<byte[]> idxFiles() {
        return List.of(DataFixtures.idx(new int[] {6, 3, 2}, DataFixtures.pixels(36, 4)),
                DataFixtures.idx(new int[] {6, 28, 28}, DataFixtures.pixels(6 * 28 * 28, 5)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- hostile files

    /** A .npy of the given header dict and data bytes, in format 1.0 (or 2.0 for long headers). */
    static byte[] npy(String header, byte[] data) {
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        boolean v2 = h.length > 0xFFFF;
        ByteBuffer b = ByteBuffer.allocate(6 + 2 + (v2 ? 4 : 2) + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            b.putInt(h.length);
        } else {
            b.putShort((short) h.length);
        }
        return b.put(h).put(data).array();
    }

    private List<byte[]> hostileNpy() {
        byte[] few = new byte[64];
        return List.of(
                // 10^12 elements claimed, 64 bytes given: refused before allocating
                npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }", few),
                // a claim just under the 2 GB limit, with no data behind it
                npy("{'descr': '<f4', 'fortran_order': False, 'shape': (536870000,), }", few),
                npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", few),
                npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }", few),
                // nesting that would exhaust a recursive parser's stack
                npy("[".repeat(200_000), few),
                npy("{'descr': " + "(".repeat(5000) + "'<f4'", few),
                // a format-2.0 header length of 4 GB
                ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                        .put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(-1).array());
    }

    private List<byte[]> hostileNpz() throws IOException {
        byte[] huge = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }", new byte[8]);
        return List.of(written("huge.npz", f -> {
            try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
                zip.putNextEntry(new java.util.zip.ZipEntry("a.npy"));
                zip.write(huge);
                zip.closeEntry();
                zip.putNextEntry(new java.util.zip.ZipEntry("a.npy/"));
                zip.closeEntry();
            }
        }));
    }

    private List<byte[]> hostileModels() throws IOException {
        Map<String, NpyArray> wrongShapes = new LinkedHashMap<>();
        for (String n : List.of("network.linear1", "network.linear2", "network.linear3", "network.output")) {
            wrongShapes.put(n + ".weight", NpyArray.ofFloats(new float[6], 3, 2));
            wrongShapes.put(n + ".bias", NpyArray.ofFloats(new float[3], 3));
        }
        Map<String, NpyArray> wrongType = new LinkedHashMap<>(wrongShapes);
        wrongType.put("network.linear1.weight", NpyArray.ofLongs(new long[6], 3, 2));
        return List.of(written("shapes.npz", f -> Npz.write(f, wrongShapes)), written("type.npz", f -> Npz.write(f, wrongType)),
                written("empty.npz", f -> Npz.write(f, Map.of())));
    }

    private List<byte[]> hostileLogs() {
        String head = "dataset:mult-criterion:lrp-n:20-s:1-scenario:";
        return List.of(
                bytes(head + "rankselection-stage:pre [" + ",".repeat(200_000) + "]\n"),
                bytes(head + "rankscores-stage:pre [" + ",".repeat(200_000) + "]\n"),
                bytes(head + "rankselection-stage:pre [" + "4294967296,".repeat(1000) + "1]\n"),
                bytes(head + "test-stage:pre " + "9".repeat(100_000) + "\n"),
                bytes("-".repeat(100_000) + " 1.0\n"),
                new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\n', (byte) 0xc3, '\n'});
    }
}
