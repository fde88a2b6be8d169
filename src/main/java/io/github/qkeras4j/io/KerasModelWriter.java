package io.github.qkeras4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.models.Functional;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes qkeras4j models in the Keras 2 formats that QKeras 0.9.0 reads ({@code load_qmodel},
 * {@code quantized_model_from_json} + {@code load_weights}): the JSON of {@code model.to_json()},
 * the weights-only HDF5 file and the full-model HDF5 file.
 *
 * <p>Configs are written for QKeras 0.9.0 with tf.keras 2.15. A config key that those versions do
 * not write for a layer or quantizer class is left out when it has its default value, and is an
 * error naming the key otherwise, because QKeras 0.9.0 would reject or silently drop it. The known
 * keys come from the resource {@code qkeras-0.9.0-config-keys.json}, the union of the keys QKeras
 * 0.9.0 wrote for the interop model zoo. A quantizer used as an {@code activation} is written as
 * its spec string, because QKeras 0.9.0's {@code QActivation.from_config} cannot deserialize the
 * {@code {"class_name", "config"}} form.
 */
public final class KerasModelWriter {
    /** The Keras version written into files; QKeras 0.9.0 runs with tf.keras up to 2.15. */
    public static final String KERAS_VERSION = "2.15.0";

    private static final KnownKeys KNOWN = KnownKeys.load();

    private KerasModelWriter() {
    }

    /** Returns the architecture as {@code model.to_json()} writes it, pretty printed. */
    public static String toJson(Model model) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (model instanceof Sequential sequential) {
            document.put("class_name", "Sequential");
            document.put("config", sequentialConfig(sequential));
        } else if (model instanceof Functional functional) {
            document.put("class_name", "Functional");
            document.put("config", functionalConfig(functional));
        } else {
            throw new IllegalArgumentException("cannot write a " + model.getClass().getSimpleName() + " as Keras JSON");
        }
        document.put("keras_version", KERAS_VERSION);
        document.put("backend", "tensorflow");
        try {
            return KerasModelConfig.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model '" + model.name() + "': config is not serializable: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code model.to_json()} to {@code json} and the weights to {@code weights}. */
    public static void writeJson(Model model, Path json, Path weights) throws IOException {
        if (json.toAbsolutePath().normalize().equals(weights.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(json + ": the architecture and the weights need two different files; "
                    + "pass another weights path");
        }
        byte[] text = toJson(model).getBytes(StandardCharsets.UTF_8);
        KerasWeightsWriter.write(weights, KerasModels.weightsOf(model, weights));
        try {
            AtomicFiles.write(json, text);
        } catch (IOException | RuntimeException e) {
            // Leave no weights file without its architecture behind.
            Files.deleteIfExists(weights);
            throw e;
        }
    }

    /** Writes a full-model HDF5 file that {@code load_qmodel} reads. */
    public static void writeH5(Model model, Path file) throws IOException {
        KerasWeightsWriter.writeModel(file, toJson(model), KerasModels.weightsOf(model, file));
    }

    private static Map<String, Object> sequentialConfig(Sequential model) {
        List<Object> layers = new ArrayList<>();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("class_name", "InputLayer");
        input.put("config", Functional.inputLayerConfig(model.name() + "_input", model.inputShape()));
        layers.add(input);
        for (Layer layer : model.layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class_name", layer.className());
            entry.put("config", layerConfig(layer));
            layers.add(entry);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        config.put("layers", layers);
        return config;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> functionalConfig(Functional model) {
        Map<String, Object> config = new LinkedHashMap<>(((Map<String, Object>) model.config().get("config")));
        List<Object> layers = new ArrayList<>();
        for (Object item : (List<Object>) config.get("layers")) {
            Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) item);
            if (!"InputLayer".equals(entry.get("class_name"))) {
                entry.put("config", layerConfig(model.layer((String) entry.get("name"))));
            }
            layers.add(entry);
        }
        config.put("layers", layers);
        return config;
    }

    /** Returns a layer's config restricted to what QKeras 0.9.0 and tf.keras 2.15 read. */
    static Map<String, Object> layerConfig(Layer layer) {
        Map<String, Object> config = new LinkedHashMap<>();
        List<String> knownKeys = KNOWN.layers().get(layer.className());
        Map<String, Quantizer> quantizers = layer.quantizers();
        for (Map.Entry<String, Object> entry : layer.config().entrySet()) {
            String key = entry.getKey();
            Object value = entry.getValue();
            if (knownKeys != null && !knownKeys.contains(key)) {
                if (value == null || Boolean.FALSE.equals(value)) {
                    continue;
                }
                throw new IllegalArgumentException(layer.className() + " '" + layer.name() + "': config key " + key
                        + " = " + value + " cannot be written for QKeras 0.9.0, which does not know " + key
                        + "; remove the setting or save in qkeras4j's .qk4j format");
            }
            Quantizer quantizer = quantizers.get(key);
            if (quantizer != null && value instanceof Map<?, ?>) {
                value = key.equals("activation")
                        ? quantizerSpec(layer, key, quantizer)
                        : quantizerConfig(layer, key, quantizer);
            }
            config.put(key, value);
        }
        return config;
    }

    private static String quantizerSpec(Layer layer, String key, Quantizer quantizer) {
        // QKeras functions such as hard_sigmoid take no arguments; their spec is the name.
        if (!QuantizerSpec.functionNames().contains(quantizer.name())) {
            quantizerConfig(layer, key, quantizer);
        }
        return quantizer.spec();
    }

    /** Serializes a quantizer as {@code {"class_name", "config"}} with the config keys QKeras 0.9.0 reads. */
    private static Map<String, Object> quantizerConfig(Layer layer, String key, Quantizer quantizer) {
        String where = layer.className() + " '" + layer.name() + "' " + key + " " + quantizer.spec();
        List<String> knownKeys = KNOWN.quantizers().get(quantizer.name());
        if (knownKeys == null) {
            throw new IllegalArgumentException(where + ": QKeras 0.9.0 has no registered quantizer "
                    + quantizer.name() + "; it knows " + KNOWN.quantizers().keySet());
        }
        Map<String, Object> full = quantizer.config();
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : full.entrySet()) {
            if (knownKeys.contains(entry.getKey())) {
                kept.put(entry.getKey(), entry.getValue());
            }
        }
        // A left-out key has its default value when the quantizer rebuilt without it is the same quantizer.
        List<String> lost = new ArrayList<>();
        for (String unknown : full.keySet()) {
            if (!knownKeys.contains(unknown)) {
                Map<String, Object> without = new LinkedHashMap<>(full);
                without.remove(unknown);
                if (!QuantizerSpec.fromConfig(quantizer.name(), without).equals(quantizer)) {
                    lost.add(unknown + "=" + full.get(unknown));
                }
            }
        }
        if (!lost.isEmpty()) {
            throw new IllegalArgumentException(where + ": config key(s) " + lost + " cannot be expressed in QKeras "
                    + "0.9.0, which does not know them; use their defaults or save in qkeras4j's .qk4j format");
        }
        Map<String, Object> serialized = new LinkedHashMap<>();
        serialized.put("class_name", quantizer.name());
        serialized.put("config", kept);
        return serialized;
    }

    /** The config keys QKeras 0.9.0 writes, per layer class and per quantizer class. */
    private record KnownKeys(Map<String, List<String>> layers, Map<String, List<String>> quantizers) {
        static KnownKeys load() {
            String resource = "qkeras-0.9.0-config-keys.json";
            try (InputStream in = KerasModelWriter.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing from the qkeras4j jar");
                }
                Map<String, Object> document = KerasModelConfig.JSON.readValue(in,
                        new TypeReference<LinkedHashMap<String, Object>>() {
                        });
                return new KnownKeys(table(document.get("layers")), table(document.get("quantizers")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, List<String>> table(Object value) {
            return (Map<String, List<String>>) value;
        }
    }
}
