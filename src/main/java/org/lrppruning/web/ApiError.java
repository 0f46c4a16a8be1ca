package org.lrppruning.web;

/** A request the API refuses: an HTTP status and a one-line message for the client. */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** 400: the request itself is wrong (names, numbers, JSON, size). */
    public static final int BAD_REQUEST = 400;
    /** 409: the request is fine but the model is not there yet (train it first). */
    public static final int NOT_READY = 409;
    /** 503: every worker is busy for longer than a request may wait. */
    public static final int BUSY = 503;

    private final int status;

    public ApiError(int status, String message) {
        super(firstLine(message));
        this.status = status;
    }

    /** A 400 with the given message. */
    public static ApiError bad(String message) {
        return new ApiError(BAD_REQUEST, message);
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }

    /** The first line of a message (library messages sometimes carry a second line of advice). */
    public static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "error";
        }
        return message.strip().lines().findFirst().orElse(message).strip();
    }
}
