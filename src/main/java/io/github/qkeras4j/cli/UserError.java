package io.github.qkeras4j.cli;

/** A mistake in the user's input; the CLI prints its message on one line and exits with code 2. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}
