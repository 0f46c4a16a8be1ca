package org.lrppruning.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lrppruning.io.FileFormatException;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;

/**
 * Weights as NumPy {@code .npz} with PyTorch state-dict names ({@code network.linear1.weight}, W out × in),
 * so {@code np.savez(f, **{k: v.numpy() for k, v in model.state_dict().items()})} brings a PyTorch model.
 */
public final class ModelIO {
    private ModelIO() {}

    /**
     * Loads the paper network's four Linear layers; a content problem is a {@link FileFormatException}
     * with a one-line message naming the file, a missing file an IOException.
     */
    public static Network load(Path file, Architecture arch) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("model file not found: " + file);
        }
        Map<String, NpyArray> arrays = Npz.read(file);
        List<Linear> linears = new ArrayList<>();
        int in = 2;
        for (String name : Architecture.LINEAR_NAMES) {
            NpyArray w = get(arrays, file, name + ".weight");
            NpyArray b = get(arrays, file, name + ".bias");
            if (w.shape().length != 2 || w.shape()[1] != in) {
                throw new FileFormatException(file + ": " + name + ".weight has shape " + shape(w.shape())
                        + ", expected (N, " + in + ")");
            }
            int out = w.shape()[0];
            if (b.shape().length != 1 || b.shape()[0] != out) {
                throw new FileFormatException(file + ": " + name + ".bias has shape " + shape(b.shape())
                        + ", expected (" + out + ",)");
            }
            linears.add(new Linear(name, in, out, floats(w, file, name + ".weight"), floats(b, file, name + ".bias")));
            in = out;
        }
        return arch.assemble(linears);
    }

    /** Saves every Linear layer under its name, atomically (an interrupted save leaves the old file). */
    public static void save(Path file, Network net) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (Layer layer : net.layers()) {
            if (layer instanceof Linear l) {
                arrays.put(l.name() + ".weight", NpyArray.ofFloats(l.weight(), l.out(), l.in()));
                arrays.put(l.name() + ".bias", NpyArray.ofFloats(l.bias(), l.out()));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Npz.write(file, arrays);
    }

    private static NpyArray get(Map<String, NpyArray> arrays, Path file, String key) throws IOException {
        NpyArray a = arrays.get(key);
        if (a == null) {
            throw new FileFormatException(file + ": missing key " + key + " (has: " + String.join(", ", arrays.keySet()) + ")");
        }
        return a;
    }

    private static float[] floats(NpyArray a, Path file, String key) throws IOException {
        if (NpyArray.FLOAT32.equals(a.dtype())) {
            return a.asFloats();
        }
        if (NpyArray.FLOAT64.equals(a.dtype())) {
            return a.toFloats();
        }
        throw new FileFormatException(file + ": " + key + " has dtype " + a.dtype() + ", expected float32");
    }

    private static String shape(int[] s) {
        String inner = Arrays.toString(s).replace("[", "").replace("]", "");
        return "(" + inner + (s.length == 1 ? ",)" : ")");
    }
}
