package io.github.qkeras4j.io;

/**
 * A model, weights or array file that cannot be read as expected. The message is one line naming
 * the file, the layer or entry where it applies, and what was expected.
 */
public class KerasFormatException extends RuntimeException {
    public KerasFormatException(String message) {
        super(message);
    }

    public KerasFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
