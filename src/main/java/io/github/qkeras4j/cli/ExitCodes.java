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
        if (e instanceof java.nio.file.FileSystemException fileError) {
            err.println(prefix(commandLine) + describe(fileError));
            err.flush();
            return USER_ERROR;
        }
        if (isUserError(e)) {
            err.println(prefix(commandLine) + oneLine(e.getMessage()));
            err.flush();
            return USER_ERROR;
        }
        err.println(prefix(commandLine) + "internal error, please report it with this trace:");
        e.printStackTrace(err);
        err.flush();
        return INTERNAL_ERROR;
    }

    private static boolean isUserError(Exception e) {
        return e instanceof UserError || e instanceof DatasetException || e instanceof IllegalArgumentException
                || e instanceof KerasFormatException
                || e instanceof java.io.UncheckedIOException;
    }

    private static int handleParameter(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        String message = oneLine(e.getMessage());
        Throwable cause = e.getCause();
        if (cause instanceof UserError || cause instanceof CommandLine.TypeConversionException) {
            String option = e.getArgSpec() instanceof CommandLine.Model.OptionSpec spec ? spec.longestName() : "an argument";
            message = "invalid value for " + option + ": " + oneLine(cause.getMessage());
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            java.util.List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += "; did you mean " + String.join(" or ", suggestions) + "?";
            } else if (commandLine.getParent() == null) {
                message += "; commands: " + String.join(", ", commandLine.getSubcommands().keySet());
            }
        }
        PrintWriter err = commandLine.getErr();
        err.println(prefix(commandLine) + message + " (see --help)");
        err.flush();
        return USER_ERROR;
    }

    /** One line for a file that cannot be read or written: the path, the reason and what to check. */
    static String describe(java.nio.file.FileSystemException e) {
        String reason = switch (e) {
            case java.nio.file.AccessDeniedException denied -> "permission denied"
                    + (denied.getReason() == null ? "" : " (" + denied.getReason() + ")");
            case java.nio.file.NoSuchFileException missing -> "no such file or folder";
            case java.nio.file.FileAlreadyExistsException exists -> "a file is in the way";
            case java.nio.file.NotDirectoryException notFolder -> "not a folder";
            default -> e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        };
        return "cannot access " + e.getFile() + ": " + reason + "; check the path and its permissions";
    }

    /** "qkeras4j train: " for a subcommand, "qkeras4j: " for the top-level command. */
    private static String prefix(CommandLine commandLine) {
        return commandLine.getParent() == null ? "qkeras4j: " : "qkeras4j " + commandLine.getCommandName() + ": ";
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
