package org.lrppruning.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The values of an ONNX tensor (an initializer or a Constant): float32 data as {@code floats}, or
 * integer data (int64, int32, bool) as {@code longs}; {@code dims} as declared. Reading checks the
 * declared dims against the data actually present before allocating anything, so a forged header
 * never allocates more than the file holds.
 */
public record TensorData(String name, long[] dims, float[] floats, long[] longs) {
    /** Number of values the dims declare (1 for a scalar). */
    public long count() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** True for float32 values. */
    public boolean isFloat() {
        return floats != null;
    }

    /** The dims as ints (all of them fit: the data is in memory). */
    public int[] intDims() {
        return Arrays.stream(dims).mapToInt(d -> (int) d).toArray();
    }

    /** The dims as text, {@code [16, 1, 3, 3]}. */
    public String shapeText() {
        return Arrays.toString(dims);
    }

    /**
     * The values of {@code t}.
     *
     * @param what how messages name it ("initializer 'features.0.weight'")
     * @throws OnnxFormatException for external data, unsupported data types, negative dims or data
     *     that does not match the dims
     */
    public static TensorData of(TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new OnnxFormatException(what + " keeps its data in an external file, which is not supported"
                    + " (export the model as one file)");
        }
        if (t.hasSegment()) {
            throw new OnnxFormatException(what + " is a segment of a tensor, which is not supported");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new OnnxFormatException(what + " declares a negative dimension " + Arrays.toString(dims));
            }
            if (d != 0 && count > Long.MAX_VALUE / d) {
                throw new OnnxFormatException(what + " declares dims " + Arrays.toString(dims)
                        + ": more values than the file holds");
            }
            count *= d;
        }
        DataType type = DataType.forNumber(t.getDataType());
        String typeName = type == null ? "code " + t.getDataType() : type.name();
        if (type == DataType.FLOAT) {
            float[] v;
            if (t.hasRawData()) {
                ByteBuffer b = raw(t.getRawData(), count, 4, dims, what);
                v = new float[(int) count];
                b.asFloatBuffer().get(v);
            } else {
                checkCount(t.getFloatDataCount(), count, dims, what);
                v = new float[(int) count];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.getFloatData(i);
                }
            }
            return new TensorData(t.getName(), dims, v, null);
        }
        if (type == DataType.INT64 || type == DataType.INT32 || type == DataType.BOOL) {
            int size = type == DataType.INT64 ? 8 : type == DataType.INT32 ? 4 : 1;
            long[] v;
            if (t.hasRawData()) {
                ByteBuffer b = raw(t.getRawData(), count, size, dims, what);
                v = new long[(int) count];
                for (int i = 0; i < v.length; i++) {
                    v[i] = size == 8 ? b.getLong() : size == 4 ? b.getInt() : b.get();
                }
            } else if (type == DataType.INT64) {
                checkCount(t.getInt64DataCount(), count, dims, what);
                v = t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
            } else { // int32 and bool values are both stored in int32_data
                checkCount(t.getInt32DataCount(), count, dims, what);
                v = t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
            }
            return new TensorData(t.getName(), dims, null, v);
        }
        throw new OnnxFormatException(what + " has data type " + typeName
                + ", which is not supported (float32 parameters, int64 or int32 shapes)");
    }

    private static ByteBuffer raw(ByteString data, long count, int size, long[] dims, String what) {
        if (count > data.size() / size || count * size != data.size()) {
            throw new OnnxFormatException(what + " declares dims " + Arrays.toString(dims) + " (" + count
                    + " values) but holds " + data.size() + " bytes");
        }
        return data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkCount(int present, long count, long[] dims, String what) {
        if (present != count) {
            throw new OnnxFormatException(what + " declares dims " + Arrays.toString(dims) + " (" + count
                    + " values) but holds " + present);
        }
    }

    /** A float32 tensor of the given dims (for writing). */
    public static TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT.getNumber())
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** An int64 tensor of the given dims (for writing shapes and axes). */
    public static TensorProto longs(String name, long[] dims, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return TensorProto.newBuilder().setName(name).setDataType(DataType.INT64.getNumber())
                .addAllDims(Arrays.stream(dims).boxed().toList()).setRawData(ByteString.copyFrom(b.array())).build();
    }
}
