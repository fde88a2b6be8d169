package io.github.qkeras4j.io;

import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.ModelFile;
import io.github.qkeras4j.models.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads and writes models in the format their file extension names: {@code .h5} a Keras
 * full-model file, {@code .json} a Keras architecture with a separate weights file,
 * {@code .qk4j} qkeras4j's own format (Sequential models only).
 */
public final class ModelFormats {
    /** The model file formats, by extension. */
    public enum Format {
        KERAS_H5(".h5"), KERAS_JSON(".json"), QK4J(".qk4j");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** The format of {@code file}, from its extension. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (Format format : values()) {
                if (name.endsWith(format.extension)) {
                    return format;
                }
            }
            throw new IllegalArgumentException(file + ": unknown model format; expected a file ending in .h5 (Keras "
                    + "full model), .json (Keras architecture, with a weights file) or .qk4j (qkeras4j)");
        }
    }

    private ModelFormats() {
    }

    /**
     * Reads a model; {@code weights} is the weights HDF5 file a {@code .json} model needs and must
     * be null for the other formats.
     */
    public static Model read(Path file, Path weights) {
        Format format = Format.of(file);
        if (format != Format.KERAS_JSON && weights != null) {
            throw new IllegalArgumentException(file + ": a separate weights file is only read with a .json model; "
                    + "the " + format.extension + " file contains its weights");
        }
        return switch (format) {
            case KERAS_H5 -> KerasModels.readModel(file);
            case KERAS_JSON -> {
                if (weights == null) {
                    throw new IllegalArgumentException(file + ": a Keras JSON model needs its weights file "
                            + "(model.save_weights output, .h5)");
                }
                yield KerasModels.readModel(file, weights);
            }
            case QK4J -> ModelFile.load(file);
        };
    }

    /** The weights file written next to a {@code .json} model when none is named: {@code <stem>.weights.h5}. */
    public static Path defaultWeightsFile(Path json) {
        String name = json.getFileName().toString();
        return json.resolveSibling(name.substring(0, name.length() - ".json".length()) + ".weights.h5");
    }

    /**
     * Writes a model; a {@code .json} model writes its weights to {@code weights}, or to
     * {@link #defaultWeightsFile} when that is null. Returns the files written.
     *
     * @throws IllegalArgumentException when the model cannot be expressed in that format
     */
    public static java.util.List<Path> write(Model model, Path file, Path weights) throws IOException {
        Format format = Format.of(file);
        if (format != Format.KERAS_JSON && weights != null) {
            throw new IllegalArgumentException(file + ": a separate weights file is only written with a .json model");
        }
        switch (format) {
            case KERAS_H5 -> KerasModelWriter.writeH5(model, file);
            case KERAS_JSON -> {
                Path target = weights == null ? defaultWeightsFile(file) : weights;
                KerasModelWriter.writeJson(model, file, target);
                return java.util.List.of(file, target);
            }
            case QK4J -> {
                if (!(model instanceof Sequential sequential)) {
                    throw new IllegalArgumentException(file + ": qkeras4j's .qk4j format stores Sequential models only; "
                            + "model '" + model.name() + "' is functional, write it as .h5 or .json");
                }
                ModelFile.save(sequential, file);
            }
        }
        return java.util.List.of(file);
    }
}
