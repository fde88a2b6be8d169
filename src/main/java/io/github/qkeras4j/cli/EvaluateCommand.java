package io.github.qkeras4j.cli;

import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.data.FashionMnist;
import io.github.qkeras4j.models.Functional;
import io.github.qkeras4j.models.Model;
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
        Model loaded = modelOptions.read();
        checkShapes(loaded);
        Dataset test = FashionMnist.loadTest(datasetOptions.directory());
        Map<String, Double> scores = switch (loaded) {
            case Sequential sequential -> sequential.compile(new Adam(0.001), new SparseCategoricalCrossentropy(true))
                    .evaluate(test, batchSize);
            case Functional functional -> functional.compile(new Adam(0.001), new SparseCategoricalCrossentropy(true))
                    .evaluate(test, batchSize);
            default -> throw new UserError("--model " + modelOptions.model + ": evaluate supports Sequential and "
                    + "functional models, received " + loaded.getClass().getSimpleName());
        };
        System.out.printf(Locale.ROOT, "Test accuracy: %.4f - test loss: %.4f (%d images)%n", scores.get("accuracy"),
                scores.get("loss"), test.size());
        return 0;
    }

    /** Rejects a model that does not map one Fashion-MNIST image to ten class logits. */
    private void checkShapes(Model model) {
        int[] image = {FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1};
        int[] classes = {FashionMnist.CLASS_NAMES.size()};
        boolean fits = model.inputShapes().size() == 1 && model.outputShapes().size() == 1
                && java.util.Arrays.equals(model.inputShapes().get(0), image)
                && java.util.Arrays.equals(model.outputShapes().get(0), classes);
        if (!fits) {
            throw new UserError("--model " + modelOptions.model + " maps "
                    + model.inputShapes().stream().map(java.util.Arrays::toString).toList() + " to "
                    + model.outputShapes().stream().map(java.util.Arrays::toString).toList()
                    + "; evaluating on Fashion-MNIST needs one input [28, 28, 1] and one output [10] (class logits);"
                    + " use 'predict' for other models");
        }
    }
}
