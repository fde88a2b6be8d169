package io.github.qkeras4j.cli;

import io.github.qkeras4j.data.DatasetException;
import io.github.qkeras4j.io.KerasFormatException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Maps failures to exit codes: 2 with a one-line message for input mistakes (bad option values,
 * invalid quantizer specs, missing or corrupt files), 1 with the stack trace for internal errors.
 */
final class ExitCodes {
    static final int USER_ERROR = 2;
    static final int INTERNAL_ERROR = 1;

    private ExitCodes() {
    }

    static CommandLine configure(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler(ExitCodes::handleExecution);
        commandLine.setParameterExceptionHandler(ExitCodes::handleParameter);
        return commandLine;
    }

    private static int handleExecution(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (isUserError(e)) {
            err.println("qkeras4j " + commandLine.getCommandName() + ": " + oneLine(e.getMessage()));
            err.flush();
            return USER_ERROR;
        }
        err.println("qkeras4j " + commandLine.getCommandName() + ": internal error, please report it with this trace:");
        e.printStackTrace(err);
        err.flush();
        return INTERNAL_ERROR;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof UserError || e instanceof DatasetException || e instanceof IllegalArgumentException
                || e instanceof KerasFormatException || e instanceof java.nio.file.NoSuchFileException
                || e instanceof java.io.UncheckedIOException;
    }

    private static int handleParameter(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("qkeras4j " + e.getCommandLine().getCommandName() + ": " + oneLine(e.getMessage())
                + " (see --help)");
        err.flush();
        return USER_ERROR;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
