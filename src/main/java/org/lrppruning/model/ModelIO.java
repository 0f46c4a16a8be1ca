package org.lrppruning.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.lrppruning.io.FileFormatException;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.Npz;

/**
 * Weights as NumPy {@code .npz} with PyTorch state-dict names ({@code network.linear1.weight}, W out × in;
 * {@code features.0.weight}, W out × in × kh × kw; BatchNorm {@code weight, bias, running_mean, running_var}),
 * so {@code np.savez(f, **{k: v.numpy() for k, v in model.state_dict().items()})} brings a PyTorch model;
 * the layer sequence comes from an {@link Architecture}.
 */
public final class ModelIO {
    private ModelIO() {}

    /**
     * Loads a model of an architecture that names its input shape; a content problem is a
     * {@link FileFormatException} with a one-line message naming the file, a missing file an IOException.
     */
    public static Network load(Path file, Architecture arch) throws IOException {
        return load(file, arch, null);
    }

    /**
     * Loads a model; {@code inputShape} (per sample, e.g. the data's) is needed when the architecture does not
     * name one, and must agree with it when it does. Every float array of the file must belong to a layer
     * ({@code num_batches_tracked} is ignored).
     */
    public static Network load(Path file, Architecture arch, int[] inputShape) throws IOException {
        org.lrppruning.io.InputFiles.checkRegular(file, "a model file (.npz)");
        try (Npz.Archive archive = Npz.open(file)) {
            return load(file, archive, arch, inputShape);
        }
    }

    private static Network load(Path file, Npz.Archive archive, Architecture arch, int[] inputShape) throws IOException {
        Set<String> unused = new LinkedHashSet<>(archive.keys());
        ParamSource src = (key, shape, fanIn) -> {
            Npy.Header h = archive.header(key);
            if (h == null) {
                throw new FileFormatException(file + ": missing key " + key + " (has: " + String.join(", ", archive.keys()) + ")");
            }
            // the architecture fixes the shape: a member declaring another is refused before its data is read
            int[] s = h.shape();
            boolean fits = s.length == shape.length;
            for (int i = 0; fits && i < s.length; i++) {
                fits = shape[i] < 0 || shape[i] == s[i];
            }
            if (!fits) {
                throw new FileFormatException(file + ": " + key + " has shape " + format(s) + ", expected " + format(shape));
            }
            unused.remove(key);
            return new Layer.Param(key, s, floats(archive.read(key), file, key));
        };
        Network net;
        try {
            net = arch.build(src, inputShape, PrunableUnits.DEFAULT);
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(file + ": " + e.getMessage());
        }
        unused.removeIf(k -> k.endsWith(".num_batches_tracked"));
        if (!unused.isEmpty()) {
            throw new FileFormatException(file + ": " + String.join(", ", unused) + " belong" + (unused.size() == 1 ? "s" : "")
                    + " to no layer of architecture " + arch.id());
        }
        try {
            return checkFinite(net, file.toString());
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(e.getMessage()); // a content problem of the file, like a wrong shape
        }
    }

    /**
     * Refuses a network with a NaN or infinite parameter: every score, relevance and accuracy computed from it
     * would be NaN or meaningless, yet look like a result.
     *
     * @param what names the model in the message (its file)
     * @throws IllegalArgumentException one line naming the parameter, the first bad value and its index
     */
    public static Network checkFinite(Network net, String what) {
        for (Layer layer : net.layers()) {
            for (Layer.Param p : layer.parameters()) {
                float[] d = p.data();
                for (int i = 0; i < d.length; i++) {
                    if (!Float.isFinite(d[i])) {
                        throw new IllegalArgumentException(what + ": parameter " + p.fullName(layer) + " holds "
                                + (Float.isNaN(d[i]) ? "NaN" : d[i] > 0 ? "+Inf" : "-Inf") + " at index " + i
                                + "; a model's parameters must be finite");
                    }
                }
            }
        }
        return net;
    }

    /**
     * Saves every layer's parameters under its state-dict names, atomically (an interrupted save leaves the
     * old file). BatchNorm layers also get {@code num_batches_tracked} = 0 (int64), so PyTorch's strict
     * {@code load_state_dict} accepts the file.
     */
    public static void save(Path file, Network net) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (Layer layer : net.layers()) {
            for (Layer.Param p : layer.parameters()) {
                arrays.put(p.fullName(layer), NpyArray.ofFloats(p.data(), p.shape()));
            }
            if (layer instanceof BatchNorm) {
                arrays.put(layer.name() + ".num_batches_tracked", NpyArray.ofLongs(new long[] {0}));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Npz.write(file, arrays);
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

    /** (3, 4), (16,), with −1 as N. */
    private static String format(int[] s) {
        String inner = Arrays.toString(s).replace("[", "").replace("]", "").replace("-1", "N");
        return "(" + inner + (s.length == 1 ? ",)" : ")");
    }
}
