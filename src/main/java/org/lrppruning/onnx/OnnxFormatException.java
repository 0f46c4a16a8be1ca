package org.lrppruning.onnx;

/**
 * An ONNX file that cannot be read or holds something this tool does not support: one line naming
 * the file, the node or initializer and the reason. An IllegalArgumentException, so the command
 * line exits with code 2.
 */
public final class OnnxFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message} (already naming the file). */
    public OnnxFormatException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, found while handling {@code cause}. */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
