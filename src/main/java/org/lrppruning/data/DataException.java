package org.lrppruning.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Input data that cannot be used: a one-line message {@code WHAT: reason} naming the file (or the
 * data spec) and the problem. An IllegalArgumentException, so that the command line reports it as
 * {@code lrp-pruning: WHAT: reason} with exit code 2, like every other bad argument.
 */
public final class DataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** {@code what: reason}, control characters (from a damaged file, say) shown as {@code \xNN}. */
    public DataException(String what, String reason) {
        super(oneLine(what + ": " + reason));
    }

    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code file: reason}. */
    public DataException(Path file, String reason) {
        this(file.toString(), reason);
    }

    /** An I/O failure on {@code file} as one line: no such file, permission denied, or the system's reason. */
    public static DataException of(Path file, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e.getMessage() == null) {
            reason = e.getClass().getSimpleName();
        } else {
            reason = e.getMessage().lines().findFirst().orElse("").replace(file.toString() + ": ", "");
        }
        DataException d = new DataException(file, reason);
        d.initCause(e);
        return d;
    }
}
