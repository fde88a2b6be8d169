package io.github.qkeras4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code qkeras4j summary}: prints a model's layers, output shapes, parameter counts and quantizers. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's summary: layers, output shapes, parameter counts and quantizers.")
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Override
    public Integer call() {
        System.out.print(modelOptions.read().summary());
        return 0;
    }
}
