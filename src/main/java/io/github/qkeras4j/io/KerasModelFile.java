package io.github.qkeras4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A full Keras 2 model saved with {@code model.save("model.h5")} (tf.keras 2.x legacy HDF5
 * format): the root attribute {@code model_config} contains the architecture as JSON, the group
 * {@code model_weights} the weights, and {@code training_config} (present only for a compiled
 * model) the loss and optimizer settings.
 *
 * @param config         the architecture
 * @param weights        the weights, in the same layout as a weights-only file
 * @param trainingConfig the parsed {@code training_config}, if the model was compiled
 */
public record KerasModelFile(KerasModelConfig config, KerasWeights weights, Optional<JsonNode> trainingConfig) {

    /** Reads a full-model HDF5 file. */
    public static KerasModelFile read(Path file) {
        return Hdf5.read(file, hdf -> {
            if (hdf.getAttributes().get("model_config") == null) {
                throw new KerasFormatException(file + ": not a full Keras model file: missing root attribute "
                        + "model_config (a weights-only file? read it with KerasWeights and the model JSON)");
            }
            KerasModelConfig config = KerasModelConfig.parse(file, Hdf5.stringOr(file, hdf, "model_config", ""));
            KerasWeights weights = KerasWeights.fromRoot(file, hdf);
            Optional<JsonNode> training = Optional.empty();
            String trainingText = Hdf5.stringOr(file, hdf, "training_config", null);
            if (trainingText != null) {
                try {
                    training = Optional.of(KerasModelConfig.JSON.readTree(trainingText));
                } catch (JsonProcessingException e) {
                    throw new KerasFormatException(file + ": training_config is not valid JSON: "
                            + e.getOriginalMessage(), e);
                }
            }
            return new KerasModelFile(config, weights, training);
        });
    }
}
