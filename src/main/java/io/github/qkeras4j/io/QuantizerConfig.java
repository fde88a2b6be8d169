package io.github.qkeras4j.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A quantizer as a QKeras layer config stores it, not yet turned into a quantizer object. QKeras
 * writes a quantizer argument back in the form it was given:
 * <ul>
 *   <li>a spec string such as {@code "quantized_bits(4,0,1,alpha='auto_po2')"}, {@code "binary"}
 *       or a Keras activation name such as {@code "relu"} ({@link Spec});</li>
 *   <li>a serialized object {@code {"class_name": "quantized_bits", "config": {...}}}, to which
 *       tf.keras 2.13+ adds {@code module} and {@code registered_name} ({@link Serialized});</li>
 *   <li>{@code null} for no quantizer (returned as an empty Optional).</li>
 * </ul>
 * The serialized config already contains QKeras' silent rewrites (a weight quantizer's
 * {@code alpha: null} saved as {@code "auto_po2"}); a spec string does not.
 */
public sealed interface QuantizerConfig {

    /** Quantizer classes defined by QKeras 0.9.0 (quantized_hswish is defined but not registered). */
    List<String> QKERAS_QUANTIZERS = List.of("quantized_bits", "bernoulli", "ternary", "stochastic_ternary",
            "binary", "stochastic_binary", "quantized_relu", "quantized_ulaw", "quantized_tanh", "quantized_sigmoid",
            "quantized_po2", "quantized_relu_po2", "quantized_hswish");

    /** The quantizer or activation name: a class such as {@code quantized_bits}, or {@code relu}. */
    String name();

    /** The layer and config key this quantizer came from, for error messages. */
    Origin origin();

    /** The file, layer and config key a quantizer config was read from. */
    record Origin(Path source, String layer, String key) {
        @Override
        public String toString() {
            return source + ": layer '" + layer + "' " + key;
        }
    }

    /** A QKeras spec string, kept verbatim for the quantizer parser. */
    record Spec(String text, Origin origin) implements QuantizerConfig {
        /** The text before the first {@code (}, untrimmed, as QKeras' safe_eval looks it up. */
        @Override
        public String name() {
            int open = text.indexOf('(');
            return open < 0 ? text : text.substring(0, open);
        }
    }

    /**
     * A quantizer serialized by Keras.
     *
     * @param className the quantizer class, e.g. {@code quantized_bits}
     * @param config    constructor arguments as plain Java values (Integer, Long, Double, Boolean,
     *                  String, null, List, Map)
     */
    record Serialized(String className, Map<String, Object> config, Origin origin) implements QuantizerConfig {
        public Serialized {
            config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        }

        @Override
        public String name() {
            return className;
        }
    }

    /**
     * Reads the quantizer stored under {@code key} of a layer config.
     *
     * @param value the JSON value, or null when the key is absent
     * @throws KerasFormatException when the value is neither null, a string nor a serialized object
     */
    static Optional<QuantizerConfig> of(JsonNode value, Path source, String layer, String key) {
        Origin origin = new Origin(source, layer, key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return Optional.of(new Spec(value.asText(), origin));
        }
        JsonNode className = value.get("class_name");
        JsonNode config = value.get("config");
        if (value.isObject() && className != null && className.isTextual()
                && (config == null || config.isObject() || config.isNull())) {
            Map<String, Object> arguments = config == null || config.isNull() ? Map.of()
                    : KerasModelConfig.JSON.convertValue(config, new TypeReference<LinkedHashMap<String, Object>>() {
                    });
            return Optional.of(new Serialized(className.asText(), arguments, origin));
        }
        throw new KerasFormatException(origin + ": expected a quantizer (a spec string such as "
                + "\"quantized_bits(4,0,1)\", {\"class_name\": ..., \"config\": {...}} or null), found "
                + KerasModelConfig.describe(value));
    }

    /**
     * Checks that this quantizer's name is in {@code supported}.
     *
     * @throws KerasFormatException naming the quantizer, the layer, the key and the supported list
     */
    default QuantizerConfig requireKnown(Collection<String> supported) {
        if (!supported.contains(name())) {
            throw new KerasFormatException(origin() + ": unknown quantizer '" + name() + "'; supported: "
                    + supported.stream().sorted().toList());
        }
        return this;
    }
}
