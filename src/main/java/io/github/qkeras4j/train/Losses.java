package io.github.qkeras4j.train;

import java.util.List;
import java.util.Locale;

/** Looks losses up by their Keras names. */
public final class Losses {
    /** Names that {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("categorical_crossentropy", "sparse_categorical_crossentropy",
            "binary_crossentropy", "mean_squared_error", "mse");

    private Losses() {
    }

    /**
     * Returns the loss with Keras name {@code name}; {@code fromLogits} applies to the crossentropies
     * and must be false for mean squared error.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Loss byName(String name, boolean fromLogits) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "categorical_crossentropy" -> new CategoricalCrossentropy(fromLogits);
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(fromLogits);
            case "binary_crossentropy" -> new BinaryCrossentropy(fromLogits);
            case "mean_squared_error", "mse" -> {
                if (fromLogits) {
                    throw new IllegalArgumentException("loss '" + name + "' has no from_logits option;"
                            + " pass fromLogits = false");
                }
                yield new MeanSquaredError();
            }
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; expected one of "
                    + String.join(", ", NAMES));
        };
    }
}
