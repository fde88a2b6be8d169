package io.github.qkeras4j.data;

/**
 * A dataset file or directory that cannot be used: missing, unreadable, malformed or inconsistent.
 * The message is one line that names the path, what is wrong and how to fix it, so that the CLI can
 * print it as it is.
 */
public final class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
