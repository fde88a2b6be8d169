package io.github.qkeras4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/qkeras4j}. Exit codes: 0 success, 1 internal error, 2 invalid input. */
@Command(name = "qkeras4j", mixinStandardHelpOptions = true, version = "qkeras4j 0.1.0",
        description = "Quantization-aware training and deployment of quantized neural networks (QKeras semantics).",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ConvertCommand.class,
                SummaryCommand.class, QuantizeCommand.class, BenchmarkCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code. */
    public static int run(String... args) {
        try {
            return ExitCodes.configure(new CommandLine(new Main())).execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("qkeras4j: out of memory (" + e.getMessage() + "); lower --batch-size or give the JVM "
                    + "more heap, for example QKERAS4J_JAVA_OPTS=-Xmx16g");
            return ExitCodes.USER_ERROR;
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
