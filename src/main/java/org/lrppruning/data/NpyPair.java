package org.lrppruning.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.io.NpyFormatException;

/**
 * The .npy pair {@code NAME-X.npy} (samples, batch first) and {@code NAME-y.npy} (integer labels)
 * that {@code dataset -o NAME.npy} writes. X is float32 (used as it is), float64 (rounded to
 * float32) or uint8 (images, scaled to [0, 1]); shape N×F, N×H×W (one channel) or N×C×H×W.
 */
final class NpyPair {
    private NpyPair() {}

    /** {@code NAME-X.npy} beside {@code NAME.npy}. */
    static Path featuresFile(Path spec) {
        return sibling(spec, "-X.npy");
    }

    /** {@code NAME-y.npy} beside {@code NAME.npy}. */
    static Path labelsFile(Path spec) {
        return sibling(spec, "-y.npy");
    }

    private static Path sibling(Path spec, String suffix) {
        String name = spec.getFileName().toString();
        return spec.resolveSibling(name.substring(0, name.length() - ".npy".length()) + suffix);
    }

    /** The samples of an X file. */
    static Features features(Path file) {
        NpyArray a = read(file);
        int[] shape = a.shape();
        if (shape.length < 2 || shape.length > 4) {
            throw new DataException(file, "samples must be N×F, N×H×W or N×C×H×W, the array is "
                    + describe(shape) + " of " + a.dtype());
        }
        float[] x = switch (a.dtype()) {
            case NpyArray.FLOAT32 -> a.asFloats();
            case NpyArray.FLOAT64 -> a.toFloats();
            case NpyArray.UINT8 -> Features.scaleBytes((byte[]) a.data());
            default -> throw new DataException(file, "samples must be float32, float64 or uint8, the array is "
                    + a.dtype());
        };
        int[] sample = Features.withChannel(Arrays.copyOfRange(shape, 1, shape.length));
        return new Features(x, sample, shape[0]);
    }

    /** The labels of a y file: a 1-D int64, int32 or uint8 array (N or N×1). */
    static int[] labels(Path file) {
        NpyArray a = read(file);
        int[] shape = a.shape();
        boolean column = shape.length == 2 && shape[1] == 1;
        if (shape.length != 1 && !column) {
            throw new DataException(file, "labels must be a 1-D array, the array is " + describe(shape));
        }
        if (!a.dtype().equals(NpyArray.INT64) && !a.dtype().equals(NpyArray.INT32) && !a.dtype().equals(NpyArray.UINT8)) {
            throw new DataException(file, "labels must be integers (int64, int32 or uint8), the array is " + a.dtype());
        }
        long[] wide = a.asLongs();
        int[] y = new int[wide.length];
        for (int i = 0; i < y.length; i++) {
            if (wide[i] != (int) wide[i]) {
                throw new DataException(file, "label " + wide[i] + " of sample " + i + " is not a class index");
            }
            y[i] = (int) wide[i];
        }
        return y;
    }

    private static NpyArray read(Path file) {
        try {
            return Npy.read(file);
        } catch (NpyFormatException e) {
            // Npy names the file by its name only; the message here names the path as given.
            String msg = e.getMessage();
            String prefix = file.getFileName() + ": ";
            throw new DataException(file, msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg);
        } catch (IOException e) {
            throw DataException.of(file, e);
        }
    }

    private static String describe(int[] shape) {
        return shape.length == 0 ? "a scalar" : LabeledData.shapeString(shape);
    }
}
