package io.github.qkeras4j.cli;

import io.github.qkeras4j.io.ModelFormats;
import io.github.qkeras4j.models.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} and {@code --weights} options of the commands that read a model file. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "Model file: .h5 (Keras full model), .json (Keras architecture, with --weights) or .qk4j.")
    Path model;

    @Option(names = "--weights", paramLabel = "W.h5",
            description = "Keras weights file (model.save_weights output) for a .json model.")
    Path weights;

    /** Reads the model, checking first that the named files exist. */
    Model read() {
        requireFile("--model", model);
        if (weights != null) {
            requireFile("--weights", weights);
        }
        try {
            return ModelFormats.read(model, weights);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.oneLine(e.getMessage()));
        }
    }

    /** Checks that {@code file} is a readable regular file, naming the option and the problem if not. */
    static void requireFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(option + " " + file + ": is a folder; pass the file inside it");
        }
        if (!Files.isRegularFile(file)) {
            throw new UserError(option + " " + file + ": file not found");
        }
        if (!Files.isReadable(file)) {
            throw new UserError(option + " " + file + ": permission denied; check the file's permissions");
        }
    }
}
