package io.github.qkeras4j.cli;

import io.github.qkeras4j.io.ModelFormats;
import io.github.qkeras4j.models.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code qkeras4j convert}: reads a model in one format and writes it in another, formats chosen by extension. */
@Command(name = "convert", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Convert a model between Keras .h5, Keras .json + weights .h5 and qkeras4j .qk4j "
                + "(format from the file extension). Keras files are written for QKeras 0.9.0 (load_qmodel, "
                + "quantized_model_from_json).")
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--output", required = true, paramLabel = "OUT",
            description = "Model file to write: .h5, .json or .qk4j.")
    Path output;

    @Option(names = "--output-weights", paramLabel = "W.h5",
            description = "Weights file written with a .json --output. Default: <output stem>.weights.h5.")
    Path outputWeights;

    @Override
    public Integer call() throws Exception {
        Model model = modelOptions.read();
        List<Path> written;
        try {
            written = ModelFormats.write(model, output, outputWeights);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.oneLine(e.getMessage()));
        }
        System.out.println("Wrote " + String.join(", ", written.stream().map(Path::toString).toList()));
        return 0;
    }
}
