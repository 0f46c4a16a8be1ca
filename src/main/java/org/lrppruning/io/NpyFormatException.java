package org.lrppruning.io;

/**
 * A file that is not a well-formed {@code .npy} or {@code .npz} of a supported kind; the message
 * is one line naming the problem (and the file, when read from a path).
 */
public final class NpyFormatException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    /** A format problem described by {@code message}. */
    public NpyFormatException(String message) {
        super(message);
    }

    /** A format problem described by {@code message}, found while handling {@code cause}. */
    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
