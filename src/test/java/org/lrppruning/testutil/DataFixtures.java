package org.lrppruning.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.lrppruning.data.FashionMnist;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;

/** Small data files written byte by byte in the tests: IDX, gzip, .npy pairs, CSV. */
public final class DataFixtures {
    private DataFixtures() {}

    /** An IDX file: the magic 0x0000TTDD, the big-endian sizes, then {@code data}. */
    public static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** An IDX file of unsigned bytes. */
    public static byte[] idx(int[] dims, byte[] data) {
        return idx(0x08, dims, data);
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code n} pseudo-random bytes from a fixed linear congruential sequence. */
    public static byte[] pixels(int n, int seed) {
        byte[] b = new byte[n];
        int s = seed;
        for (int i = 0; i < n; i++) {
            s = s * 1103515245 + 12345;
            b[i] = (byte) (s >>> 16);
        }
        return b;
    }

    /** Labels 0, 1, …, classes−1, 0, 1, … as unsigned bytes. */
    public static byte[] cyclicLabels(int n, int classes) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % classes);
        }
        return b;
    }

    /** Writes {@code bytes} to {@code dir/name}. */
    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** Writes {@code NAME-X.npy} and {@code NAME-y.npy}; returns {@code dir/NAME.npy}. */
    public static Path npyPair(Path dir, String name, NpyArray x, NpyArray y) throws IOException {
        Npy.write(dir.resolve(name + "-X.npy"), x);
        Npy.write(dir.resolve(name + "-y.npy"), y);
        return dir.resolve(name + ".npy");
    }

    /** A stand-in for the installed Fashion-MNIST: {@code train} and {@code test} gzip'd 28×28 images, labels cycling 0..9. */
    public static void fakeFashionMnist(Path dir, int train, int test) throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? train : test;
            write(dir, split + "-images-idx3-ubyte.gz", gzip(idx(new int[] {n, 28, 28}, pixels(n * 784, n))));
            write(dir, split + "-labels-idx1-ubyte.gz", gzip(idx(new int[] {n}, cyclicLabels(n, 10))));
        }
    }

    /**
     * A stand-in for the installed Fashion-MNIST that a CNN can learn in an epoch or two: each 28×28 image is dim
     * noise with a bright 7×7 square at one of ten places, the place its label's (labels cycling 0..9).
     */
    public static void learnableFashionMnist(Path dir, int train, int test) throws IOException {
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? train : test;
            byte[] noise = pixels(n * 784, n + 7);
            byte[] x = new byte[n * 784];
            for (int i = 0; i < n; i++) {
                int top = 3 + 10 * ((i % 10) / 5) + (noise[i * 784] & 3);
                int left = 1 + 5 * (i % 5) + (noise[i * 784 + 1] & 1);
                for (int p = 0; p < 784; p++) {
                    int r = p / 28;
                    int c = p % 28;
                    boolean square = r >= top && r < top + 7 && c >= left && c < left + 7;
                    x[i * 784 + p] = (byte) (square ? 200 + (noise[i * 784 + p] & 31) : noise[i * 784 + p] & 63);
                }
            }
            write(dir, split + "-images-idx3-ubyte.gz", gzip(idx(new int[] {n, 28, 28}, x)));
            write(dir, split + "-labels-idx1-ubyte.gz", gzip(idx(new int[] {n}, cyclicLabels(n, 10))));
        }
    }

    /** What runs with a folder set as Fashion-MNIST's. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with {@link FashionMnist#DIR_PROPERTY} set to {@code folder}, restored afterwards. */
    public static void withFashionMnistAt(Path folder, Body body) throws Exception {
        String old = System.setProperty(FashionMnist.DIR_PROPERTY, folder.toString());
        try {
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(FashionMnist.DIR_PROPERTY);
            } else {
                System.setProperty(FashionMnist.DIR_PROPERTY, old);
            }
        }
    }
}
