package org.lrppruning.io;

import java.io.IOException;

/**
 * A file whose content a reader does not accept: the one exception every reader of the project
 * (npy, npz, models, and readers to come) throws for bad content, with a one-line message naming
 * the file (when read from a path) and the problem. Other IOExceptions are the system's (a missing
 * file, no permission).
 */
public class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A content problem described by {@code message}. */
    public FileFormatException(String message) {
        super(message);
    }

    /** A content problem described by {@code message}, found while handling {@code cause}. */
    public FileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
