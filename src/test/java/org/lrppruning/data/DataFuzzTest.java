package org.lrppruning.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lrppruning.testutil.DataFixtures.cyclicLabels;
import static org.lrppruning.testutil.DataFixtures.gzip;
import static org.lrppruning.testutil.DataFixtures.idx;
import static org.lrppruning.testutil.DataFixtures.pixels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;

/**
 * Property: whatever bytes an IDX, CSV or .npy-pair input holds (random truncations, flipped,
 * inserted and overwritten bytes of valid files), loading either succeeds with consistent data or
 * fails with a one-line DataException; no other exception escapes.
 */
class DataFuzzTest {
    private static final int ROUNDS = 200;
    private static final byte[] SPECIAL = {0, (byte) 0xFF, (byte) 0x80, 0x7F, '\n', ',', '-', '.', 'e', '9', '"', 0x08, 0x03};

    @TempDir
    Path dir;

    /** A random damage of {@code good}: truncation, flips, insertions or overwrites with special bytes. */
    static byte[] mutate(byte[] good, Random r) {
        byte[] b = good.clone();
        switch (r.nextInt(4)) {
            case 0 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 1 -> {
                for (int k = 1 + r.nextInt(3); k > 0 && b.length > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 2 -> {
                int at = r.nextInt(b.length + 1);
                byte[] extra = new byte[1 + r.nextInt(8)];
                r.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                b = out;
            }
            default -> {
                for (int k = 1 + r.nextInt(3); k > 0 && b.length > 0; k--) {
                    b[r.nextInt(b.length)] = SPECIAL[r.nextInt(SPECIAL.length)];
                }
            }
        }
        return b;
    }

    /** Loads {@code spec}: a result must be self-consistent, a failure must be a one-line DataException. */
    private static void loadsOrFailsCleanly(String spec, String what) {
        try {
            LabeledData d = DataSources.load(spec, DataOptions.NONE);
            assertThat(d.size()).as(what).isPositive();
            assertThat(d.x().length).as(what).isEqualTo(d.size() * d.sampleSize());
            for (float v : d.x()) {
                assertThat(Float.isFinite(v)).as(what).isTrue();
            }
            for (int y : d.labels()) {
                assertThat(y).as(what).isNotNegative();
            }
        } catch (DataException e) {
            assertThat(e.getMessage()).as(what).hasLineCount(1);
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        }
    }

    /** Fuzzes the pair ({@code names[0]}, {@code names[1]}): each round damages one of the two files. */
    private void fuzzPair(String spec, String[] names, byte[][] good, long seed) throws IOException {
        Random r = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            int which = r.nextInt(2);
            byte[] bad = mutate(good[which], r);
            Files.write(dir.resolve(names[which]), bad);
            Files.write(dir.resolve(names[1 - which]), good[1 - which]);
            loadsOrFailsCleanly(spec, "round " + round + ", " + names[which] + " " + Arrays.toString(
                    Arrays.copyOf(bad, Math.min(bad.length, 24))));
        }
    }

    @Test
    void damagedIdxFilesLoadOrFailCleanly() throws IOException {
        byte[] images = idx(new int[] {6, 3, 2}, pixels(36, 4));
        byte[] labels = idx(new int[] {6}, cyclicLabels(6, 3));
        String[] plain = {"p-images-idx3-ubyte", "p-labels-idx1-ubyte"};
        fuzzPair(dir.resolve(plain[0]).toString(), plain, new byte[][] {images, labels}, 1);
        String[] gz = {"z-images-idx3-ubyte.gz", "z-labels-idx1-ubyte.gz"};
        fuzzPair(dir.resolve(gz[0]).toString(), gz, new byte[][] {gzip(images), gzip(labels)}, 2);
    }

    @Test
    void damagedNpyPairsLoadOrFailCleanly() throws IOException {
        byte[] x = Npy.toBytes(NpyArray.ofFloats(new float[] {0.5f, 1, -2, 3, 4, 5}, 3, 2));
        byte[] bytes = Npy.toBytes(new NpyArray(NpyArray.UINT8, new int[] {3, 2, 2}, pixels(12, 9)));
        byte[] y = Npy.toBytes(NpyArray.of(0L, 1L, 2L));
        String[] names = {"n-X.npy", "n-y.npy"};
        fuzzPair(dir.resolve("n.npy").toString(), names, new byte[][] {x, y}, 3);
        fuzzPair(dir.resolve("n.npy").toString(), names, new byte[][] {bytes, y}, 4);
    }

    @Test
    void damagedCsvFilesLoadOrFailCleanly() throws IOException {
        byte[] good = "x,y,label\n0.5,-1e-3,0\n2,3.25,1\n\n+7,.5,2\n".getBytes(StandardCharsets.US_ASCII);
        Random r = new Random(5);
        Path file = dir.resolve("f.csv");
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bad = mutate(good, r);
            Files.write(file, bad);
            loadsOrFailsCleanly(file.toString(), "round " + round + ": " + new String(bad, StandardCharsets.ISO_8859_1));
        }
    }
}
