package org.lrppruning.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable n-dimensional array in C (row-major) order, as stored in a NumPy {@code .npy}
 * file: a dtype descriptor in NumPy's spelling, a shape, and a flat primitive array.
 *
 * <p>The flat data is a {@code float[]} for {@code <f4}, {@code double[]} for {@code <f8},
 * {@code long[]} for {@code <i8}, {@code int[]} for {@code <i4}, {@code byte[]} for {@code |u1}
 * (unsigned, read it through {@link #asInts()}) and {@code boolean[]} for {@code |b1}. Shape and
 * data are copied on the way in and on the way out, so an instance can be shared freely; the
 * arrays of this project are at most a few MB, so the copies cost nothing that matters.
 *
 * <p>The typed accessors never change precision silently: {@link #asFloats()} accepts only
 * float32 data and {@link #toFloats()} is the explicit, possibly rounding, conversion.
 */
public record NpyArray(String dtype, int[] shape, Object data) {

    /** Little-endian IEEE float32. */
    public static final String FLOAT32 = "<f4";
    /** Little-endian IEEE float64. */
    public static final String FLOAT64 = "<f8";
    /** Little-endian two's complement int64. */
    public static final String INT64 = "<i8";
    /** Little-endian two's complement int32. */
    public static final String INT32 = "<i4";
    /** Unsigned byte. */
    public static final String UINT8 = "|u1";
    /** NumPy bool, one byte 0 or 1. */
    public static final String BOOL = "|b1";

    /**
     * Checks that {@code data} is the primitive array type of {@code dtype} and that its length
     * is the product of {@code shape}; copies both.
     *
     * @throws IllegalArgumentException if the dtype is unknown, a dimension is negative, or the
     *     data does not match
     */
    public NpyArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        Class<?> expected = dataClass(dtype);
        if (expected == null) {
            throw new IllegalArgumentException("unsupported dtype '" + dtype + "'");
        }
        if (data.getClass() != expected) {
            throw new IllegalArgumentException("dtype " + dtype + " needs " + expected.getSimpleName()
                    + " data, got " + data.getClass().getSimpleName());
        }
        shape = shape.clone();
        long size = elementCount(shape);
        int length = java.lang.reflect.Array.getLength(data);
        if (size != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " elements, data has " + length);
        }
        data = copy(data);
    }

    /** A float32 array; {@code shape} empty for a 0-d (scalar) array. */
    public static NpyArray ofFloats(float[] data, int... shape) {
        return new NpyArray(FLOAT32, shape, data);
    }

    /** A float64 array. */
    public static NpyArray ofDoubles(double[] data, int... shape) {
        return new NpyArray(FLOAT64, shape, data);
    }

    /** An int64 array. */
    public static NpyArray ofLongs(long[] data, int... shape) {
        return new NpyArray(INT64, shape, data);
    }

    /** An int32 array. */
    public static NpyArray ofInts(int[] data, int... shape) {
        return new NpyArray(INT32, shape, data);
    }

    /** A 1-d float32 array. */
    public static NpyArray of(float... data) {
        return ofFloats(data, data.length);
    }

    /** A 1-d float64 array. */
    public static NpyArray of(double... data) {
        return ofDoubles(data, data.length);
    }

    /** A 1-d int64 array. */
    public static NpyArray of(long... data) {
        return ofLongs(data, data.length);
    }

    /** The shape (a copy); empty for a 0-d array. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The flat data (a copy), of the primitive array type documented on the class. */
    @Override
    public Object data() {
        return copy(data);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements: the product of the shape (1 for a 0-d array). */
    public int size() {
        return java.lang.reflect.Array.getLength(data);
    }

    /**
     * The float32 data.
     *
     * @throws IllegalStateException for any other dtype (use {@link #toFloats()})
     */
    public float[] asFloats() {
        requireDtype(FLOAT32, "asFloats", " (toFloats() converts)");
        return ((float[]) data).clone();
    }

    /**
     * The float64 data, or float32 data widened (exactly).
     *
     * @throws IllegalStateException for integer and bool dtypes
     */
    public double[] asDoubles() {
        if (data instanceof double[] d) {
            return d.clone();
        }
        if (data instanceof float[] f) {
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        throw wrongType("asDoubles", "");
    }

    /**
     * Any numeric or bool data as float32, rounding to nearest where float64 or large integers
     * do not fit: the explicit counterpart of {@link #asFloats()}.
     */
    public float[] toFloats() {
        int n = size();
        float[] out = new float[n];
        switch (dtype) {
            case FLOAT32 -> System.arraycopy(data, 0, out, 0, n);
            case FLOAT64 -> { double[] d = (double[]) data; for (int i = 0; i < n; i++) out[i] = (float) d[i]; }
            case INT64 -> { long[] d = (long[]) data; for (int i = 0; i < n; i++) out[i] = d[i]; }
            case INT32 -> { int[] d = (int[]) data; for (int i = 0; i < n; i++) out[i] = d[i]; }
            case UINT8 -> { byte[] d = (byte[]) data; for (int i = 0; i < n; i++) out[i] = d[i] & 0xFF; }
            case BOOL -> { boolean[] d = (boolean[]) data; for (int i = 0; i < n; i++) out[i] = d[i] ? 1f : 0f; }
            default -> throw new AssertionError(dtype);
        }
        return out;
    }

    /**
     * Integer data (int64, int32 or uint8) as int64.
     *
     * @throws IllegalStateException for float and bool dtypes
     */
    public long[] asLongs() {
        int n = size();
        long[] out = new long[n];
        switch (dtype) {
            case INT64 -> System.arraycopy(data, 0, out, 0, n);
            case INT32 -> { int[] d = (int[]) data; for (int i = 0; i < n; i++) out[i] = d[i]; }
            case UINT8 -> { byte[] d = (byte[]) data; for (int i = 0; i < n; i++) out[i] = d[i] & 0xFF; }
            default -> throw wrongType("asLongs", "");
        }
        return out;
    }

    /**
     * Integer data (int64, int32 or uint8) as int32, e.g. class labels.
     *
     * @throws IllegalStateException for float and bool dtypes
     * @throws ArithmeticException if an int64 value does not fit in an int
     */
    public int[] asInts() {
        if (INT64.equals(dtype)) {
            long[] d = (long[]) data;
            int[] out = new int[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = Math.toIntExact(d[i]);
            }
            return out;
        }
        long[] wide = asLongs();
        int[] out = new int[wide.length];
        for (int i = 0; i < wide.length; i++) {
            out[i] = (int) wide[i];
        }
        return out;
    }

    /**
     * The bool data.
     *
     * @throws IllegalStateException for any other dtype
     */
    public boolean[] asBooleans() {
        requireDtype(BOOL, "asBooleans", "");
        return ((boolean[]) data).clone();
    }

    @Override
    public boolean equals(Object o) {
        // Records compare array components by reference; arrays are values here.
        if (!(o instanceof NpyArray other)) {
            return false;
        }
        return dtype.equals(other.dtype) && Arrays.equals(shape, other.shape)
                && Arrays.deepEquals(new Object[] {data}, new Object[] {other.data});
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape))
                + Arrays.deepHashCode(new Object[] {data});
    }

    /** Dtype and shape only, like {@code NpyArray[<f4, (1000, 2)]}: the data may be large. */
    @Override
    public String toString() {
        return "NpyArray[" + dtype + ", " + shapeRepr(shape) + "]";
    }

    /** The shape as Python writes a tuple: {@code ()}, {@code (3,)}, {@code (3, 4)}. */
    static String shapeRepr(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /** Product of the dimensions, as a long so that overflow can be detected by callers. */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, (long) d);
        }
        return n;
    }

    /** The Java array class holding data of a canonical dtype, or null if unsupported. */
    static Class<?> dataClass(String dtype) {
        return switch (dtype) {
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case INT64 -> long[].class;
            case INT32 -> int[].class;
            case UINT8 -> byte[].class;
            case BOOL -> boolean[].class;
            default -> null;
        };
    }

    /** Bytes per element of a canonical dtype. */
    static int itemSize(String dtype) {
        return switch (dtype) {
            case FLOAT64, INT64 -> 8;
            case FLOAT32, INT32 -> 4;
            case UINT8, BOOL -> 1;
            default -> throw new IllegalArgumentException("unsupported dtype '" + dtype + "'");
        };
    }

    /** The internal data without a copy, for the encoder in this package. */
    Object rawData() {
        return data;
    }

    private void requireDtype(String wanted, String method, String hint) {
        if (!wanted.equals(dtype)) {
            throw wrongType(method, hint);
        }
    }

    private IllegalStateException wrongType(String method, String hint) {
        return new IllegalStateException(method + "() on an array of dtype " + dtype + hint);
    }

    private static Object copy(Object data) {
        if (data instanceof float[] a) return a.clone();
        if (data instanceof double[] a) return a.clone();
        if (data instanceof long[] a) return a.clone();
        if (data instanceof int[] a) return a.clone();
        if (data instanceof byte[] a) return a.clone();
        if (data instanceof boolean[] a) return a.clone();
        throw new IllegalArgumentException("not a primitive array: " + data.getClass().getName());
    }
}
