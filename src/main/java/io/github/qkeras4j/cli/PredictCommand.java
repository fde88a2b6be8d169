package io.github.qkeras4j.cli;

import io.github.qkeras4j.io.Npy;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qkeras4j predict}: runs a model on NumPy inputs in inference mode and writes NumPy outputs. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a model on inputs from .npy files and write its outputs as .npy (float32).")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "Input array [samples, ...input shape] (float32, float64 or integers); repeat for each model input.")
    List<Path> inputs;

    @Option(names = "--output", required = true, paramLabel = "Y.npy",
            description = "Where to write the outputs; repeat for each model output.")
    List<Path> outputs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Samples per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new UserError("--batch-size must be >= 1, received " + batchSize);
        }
        inputs.forEach(file -> ModelOptions.requireFile("--input", file));
        Model model = modelOptions.read();
        if (inputs.size() != model.inputShapes().size()) {
            throw new UserError("model '" + model.name() + "' has " + model.inputShapes().size() + " input(s), received "
                    + inputs.size() + " --input file(s)");
        }
        if (outputs.size() != model.outputShapes().size()) {
            throw new UserError("model '" + model.name() + "' has " + model.outputShapes().size() + " output(s), received "
                    + outputs.size() + " --output file(s)");
        }
        List<Tensor> arrays = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = Npy.read(inputs.get(i));
            int[] expected = model.inputShapes().get(i);
            int[] shape = x.shape();
            if (shape.length != expected.length + 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), expected)) {
                throw new UserError("--input " + inputs.get(i) + ": array of shape " + Arrays.toString(shape)
                        + ", expected [samples, " + Arrays.toString(expected).replaceAll("[\\[\\]]", "") + "]");
            }
            arrays.add(x);
        }
        List<Tensor> results = model.predict(arrays, batchSize);
        for (int i = 0; i < results.size(); i++) {
            Npy.write(outputs.get(i), results.get(i));
            System.out.println("Wrote " + outputs.get(i) + " " + Arrays.toString(results.get(i).shape()));
        }
        return 0;
    }
}
