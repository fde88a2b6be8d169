package io.github.qkeras4j.cli;

import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.data.FashionMnist;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.train.Adam;
import io.github.qkeras4j.train.SparseCategoricalCrossentropy;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qkeras4j evaluate}: loads a saved model and prints its test accuracy and loss. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a saved model on the test split of a dataset.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DatasetOptions datasetOptions;

    @Option(names = "--batch-size", defaultValue = "64", description = "Samples per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--threads", description = "Worker threads for the kernels. Default: the number of cores.")
    Integer threads;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new UserError("--batch-size must be >= 1, received " + batchSize);
        }
        ThreadOption.apply(threads);
        if (!(modelOptions.read() instanceof Sequential loaded)) {
            throw new UserError("--model " + modelOptions.model + ": evaluate supports Sequential models");
        }
        Dataset test = FashionMnist.loadTest(datasetOptions.directory());
        loaded.compile(new Adam(0.001), new SparseCategoricalCrossentropy(true));
        Map<String, Double> scores = loaded.evaluate(test, batchSize);
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f - test loss: %.4f (%d images)%n", scores.get("accuracy"),
                scores.get("loss"), test.size());
        return 0;
    }
}
