package org.lrppruning.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written here are read back by NumPy itself. Python is not part of the product, so this
 * one check is skipped (with a message) where python3 with numpy is missing.
 */
class NumpyInteropTest {
    /**
     * For each .npy: whether numpy.save writes the same bytes, the dtype, shape and data as hex.
     * For each .npz: its keys in order, then each array the same way.
     */
    private static final String SCRIPT = String.join("\n",
            "import io, sys, numpy as np",
            "def show(a, raw=None):",
            "    same = ''",
            "    if raw is not None:",
            "        b = io.BytesIO(); np.save(b, a); same = ' same' if b.getvalue() == raw else ' differs'",
            "    print(a.dtype.str, list(a.shape), a.tobytes().hex() + same)",
            "for f in sys.argv[1:]:",
            "    if f.endswith('.npz'):",
            "        with np.load(f) as z:",
            "            print('keys', ','.join(z.keys()))",
            "            for k in z.keys(): show(z[k])",
            "    else:",
            "        show(np.load(f), open(f, 'rb').read())");

    @TempDir
    Path dir;

    @Test
    void numpyReadsWhatJavaWrites() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "python3 with numpy not found: NumPy read-back check skipped");
        List<String> args = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int i = 0;
        List<NpyArray> arrays = List.of(
                NpyArray.ofFloats(new float[] {1.5f, -0f, Float.NaN, 3e-39f, 7, 8}, 3, 2),
                NpyArray.ofFloats(new float[] {0.1f}),
                NpyArray.ofFloats(new float[0], 0),
                NpyArray.ofDoubles(new double[] {0.1, Double.NEGATIVE_INFINITY, 5e-324, 1e308}, 2, 1, 2),
                NpyArray.ofDoubles(new double[0], 4, 0),
                NpyArray.ofLongs(new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 2}, 6),
                NpyArray.ofLongs(new long[] {42}),
                NpyArray.ofInts(new int[] {-7, 1 << 30}, 2),
                new NpyArray(NpyArray.UINT8, new int[] {3}, new byte[] {0, 1, (byte) 255}),
                new NpyArray(NpyArray.BOOL, new int[] {2}, new boolean[] {true, false}));
        for (NpyArray a : arrays) {
            Path file = dir.resolve("a" + i++ + ".npy");
            Npy.write(file, a);
            args.add(file.toString());
            expected.add(describe(a) + " same");
        }
        for (Npz.Compression c : Npz.Compression.values()) {
            Map<String, NpyArray> m = NpzTest.sample();
            Path file = dir.resolve(c + ".npz");
            Npz.write(file, m, c);
            args.add(file.toString());
            expected.add("keys " + String.join(",", m.keySet()));
            m.values().forEach(a -> expected.add(describe(a)));
        }
        assertThat(runPython(args)).containsExactlyElementsOf(expected);
    }

    /** What the script prints for {@code a}: dtype, shape as a Python list, data bytes in hex. */
    private static String describe(NpyArray a) {
        byte[] all = Npy.toBytes(a);
        int dataBytes = a.size() * NpyArray.itemSize(a.dtype());
        StringBuilder hex = new StringBuilder();
        for (int k = all.length - dataBytes; k < all.length; k++) {
            hex.append(String.format("%02x", all[k] & 0xFF));
        }
        StringBuilder shape = new StringBuilder("[");
        for (int d = 0; d < a.rank(); d++) {
            shape.append(d > 0 ? ", " : "").append(a.dim(d));
        }
        return a.dtype() + " " + shape.append(']') + " " + hex;
    }

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> runPython(List<String> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c", SCRIPT));
        command.addAll(files);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(p.exitValue()).as("python3 exit status; output:%n%s", out).isZero();
        return out.lines().toList();
    }
}
