package io.github.qkeras4j.layers;

import io.github.qkeras4j.quantizers.Quantizer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pieces of Keras layer configs shared by several layers. */
final class LayerConfigs {
    private LayerConfigs() {
    }

    /** An initializer as Keras 2 serializes it: {@code {"class_name": "HeNormal", "config": {"seed": null}}}. */
    static Map<String, Object> initializer(Initializer initializer) {
        Map<String, Object> serialized = new LinkedHashMap<>();
        String className = switch (initializer) {
            case ZEROS -> "Zeros";
            case ONES -> "Ones";
            case GLOROT_UNIFORM -> "GlorotUniform";
            case HE_NORMAL -> "HeNormal";
            case HE_UNIFORM -> "HeUniform";
        };
        serialized.put("class_name", className);
        Map<String, Object> config = new LinkedHashMap<>();
        if (initializer != Initializer.ZEROS && initializer != Initializer.ONES) {
            config.put("seed", null);
        }
        serialized.put("config", config);
        return serialized;
    }

    /** A quantizer as Keras serializes it, or null. */
    static Object quantizer(Quantizer quantizer) {
        return quantizer == null ? null : ActivationFunction.serialize(quantizer);
    }
}
