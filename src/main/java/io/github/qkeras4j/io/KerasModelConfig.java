package io.github.qkeras4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Keras 2 model architecture as written by {@code model.to_json()} or stored in the
 * {@code model_config} attribute of a full-model HDF5 file (tf.keras 2.x, including the
 * {@code module}, {@code registered_name} and {@code build_config} keys of Keras 2.13+).
 *
 * <p>The top level is {@code {"class_name": "Sequential" | "Functional" | "Model", "config": {...},
 * "keras_version", "backend"}}. A Sequential config lists its layers in call order (older Keras
 * wrote the list itself as the config). A Functional config lists layers with
 * {@code inbound_nodes} (one entry per call of the layer, each a list of
 * {@code [layerName, nodeIndex, tensorIndex, {kwargs}]}) and names its {@code input_layers} and
 * {@code output_layers} the same way. Layer configs stay as JSON trees: building layers from them
 * is the model builder's work.
 *
 * @param source       the file the config came from, named in every error
 * @param modelClass   {@code Sequential}, {@code Functional} or {@code Model}
 * @param name         the model's name
 * @param layers       layers in the order Keras lists them (call order for Sequential)
 * @param inputs       Functional: the model inputs; Sequential: the InputLayer, if the config has one
 * @param outputs      Functional: the model outputs; Sequential: the last layer
 * @param kerasVersion {@code keras_version}, or empty for a nested model
 * @param backend      {@code backend}, or empty for a nested model
 */
public record KerasModelConfig(Path source, String modelClass, String name, List<Layer> layers,
        List<NodeRef> inputs, List<NodeRef> outputs, String kerasVersion, String backend) {

    /** Model classes a Keras 2 config may have at its top level. */
    public static final List<String> MODEL_CLASSES = List.of("Sequential", "Functional", "Model");

    static final ObjectMapper JSON = JsonMapper.builder()
            // Python's json module writes NaN and Infinity for non-finite floats.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    public KerasModelConfig {
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * One layer entry.
     *
     * @param source       the file the config came from, named in errors
     * @param className    the Keras or QKeras class, e.g. {@code QDense}
     * @param name         the layer name (unique in its model)
     * @param config       the layer's {@code config} object, unchanged
     * @param inboundNodes per call of the layer, the tensors it was called on; empty for Sequential
     *                     layers and input layers
     */
    public record Layer(Path source, String className, String name, JsonNode config,
            List<List<NodeRef>> inboundNodes) {

        public Layer {
            inboundNodes = inboundNodes.stream().map(List::copyOf).toList();
        }

        /** The config as plain Java values (Map, List, String, Integer, Long, Double, Boolean, null). */
        public Map<String, Object> configMap() {
            return JSON.convertValue(config, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        }

        /**
         * The quantizer stored under {@code key} ({@code kernel_quantizer}, {@code activation}, …),
         * empty when the key is absent or null.
         *
         * @throws KerasFormatException when the value is neither a string nor a
         *                              {@code {"class_name", "config"}} object
         */
        public Optional<QuantizerConfig> quantizer(String key) {
            return QuantizerConfig.of(config.get(key), source, name, key);
        }

        /**
         * Every quantizer of this layer: the keys ending in {@code _quantizer}, and
         * {@code activation} / {@code recurrent_activation}, which QKeras layers resolve with the
         * same function. Keys with a null value are left out. Keys keep the config's order.
         */
        public Map<String, QuantizerConfig> quantizers() {
            Map<String, QuantizerConfig> found = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : config.properties()) {
                String key = field.getKey();
                if (key.endsWith("_quantizer") || key.equals("activation") || key.equals("recurrent_activation")) {
                    quantizer(key).ifPresent(q -> found.put(key, q));
                }
            }
            return found;
        }
    }

    /**
     * A reference to a layer output: the {@code tensorIndex}-th output of the
     * {@code nodeIndex}-th call of {@code layerName}, with the call's keyword arguments (an empty
     * object when Keras wrote none).
     */
    public record NodeRef(String layerName, int nodeIndex, int tensorIndex, JsonNode kwargs) {
    }

    /** Reads a JSON model config file such as the output of {@code model.to_json()}. */
    public static KerasModelConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new KerasFormatException(file + ": cannot read model config: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /** Parses a JSON model config; {@code source} is named in errors. */
    public static KerasModelConfig parse(Path source, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new KerasFormatException(source + ": not a Keras model config: invalid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        return fromNode(source, root);
    }

    /**
     * Reads a model from its JSON tree: the top level of a config, or the {@code {"class_name",
     * "config"}} entry of a model nested as a layer in another model.
     */
    public static KerasModelConfig fromNode(Path source, JsonNode root) {
        String modelClass = root == null || !root.isObject() ? null : text(root.get("class_name"));
        if (modelClass == null || !MODEL_CLASSES.contains(modelClass) || !root.has("config")) {
            throw new KerasFormatException(source + ": not a Keras model config: expected a JSON object with "
                    + "class_name one of " + MODEL_CLASSES + " and a config, found " + describe(root));
        }
        JsonNode config = root.get("config");
        String kerasVersion = textOr(root.get("keras_version"), "");
        String backend = textOr(root.get("backend"), "");
        if (modelClass.equals("Sequential")) {
            return sequential(source, config, kerasVersion, backend);
        }
        return functional(source, modelClass, config, kerasVersion, backend);
    }

    private static KerasModelConfig sequential(Path source, JsonNode config, String kerasVersion,
            String backend) {
        // Keras before 2.2.3 wrote a Sequential config as the bare list of layers.
        JsonNode layerList = config.isArray() ? config : config.get("layers");
        String name = config.isObject() ? textOr(config.get("name"), "sequential") : "sequential";
        List<Layer> layers = layers(source, layerList, false);
        List<NodeRef> inputs = new ArrayList<>();
        if (!layers.isEmpty() && layers.getFirst().className().equals("InputLayer")) {
            inputs.add(new NodeRef(layers.getFirst().name(), 0, 0, JSON.createObjectNode()));
        }
        List<NodeRef> outputs = layers.isEmpty() ? List.of()
                : List.of(new NodeRef(layers.getLast().name(), 0, 0, JSON.createObjectNode()));
        return new KerasModelConfig(source, "Sequential", name, layers, inputs, outputs, kerasVersion, backend);
    }

    private static KerasModelConfig functional(Path source, String modelClass, JsonNode config,
            String kerasVersion, String backend) {
        if (!config.isObject()) {
            throw new KerasFormatException(source + ": model config of " + modelClass
                    + " must be a JSON object with layers, input_layers and output_layers, found " + describe(config));
        }
        String name = textOr(config.get("name"), "model");
        List<Layer> layers = layers(source, config.get("layers"), true);
        List<NodeRef> inputs = endpoints(source, config.get("input_layers"), "input_layers");
        List<NodeRef> outputs = endpoints(source, config.get("output_layers"), "output_layers");
        KerasModelConfig model = new KerasModelConfig(source, modelClass, name, layers, inputs, outputs,
                kerasVersion, backend);
        model.checkReferences();
        return model;
    }

    private static List<Layer> layers(Path source, JsonNode layerList, boolean functional) {
        if (layerList == null || !layerList.isArray()) {
            throw new KerasFormatException(source + ": model config has no layers list (expected config.layers "
                    + "to be a JSON array), found " + describe(layerList));
        }
        List<Layer> layers = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < layerList.size(); i++) {
            Layer layer = layer(source, layerList.get(i), i, functional);
            if (seen.put(layer.name(), i) != null) {
                throw new KerasFormatException(source + ": layer name '" + layer.name() + "' occurs twice (layers "
                        + seen.get(layer.name()) + " and " + i + "); Keras layer names are unique within a model");
            }
            layers.add(layer);
        }
        return layers;
    }

    private static Layer layer(Path source, JsonNode entry, int index, boolean functional) {
        String className = entry == null || !entry.isObject() ? null : text(entry.get("class_name"));
        JsonNode config = entry == null ? null : entry.get("config");
        if (className == null || config == null || !config.isObject()) {
            throw new KerasFormatException(source + ": layer " + index + " is not a Keras layer entry (expected an "
                    + "object with class_name and a config object), found " + describe(entry));
        }
        String name = text(config.get("name"));
        if (name == null) {
            name = text(entry.get("name"));
        }
        if (name == null) {
            throw new KerasFormatException(source + ": layer " + index + " (" + className + ") has no name");
        }
        List<List<NodeRef>> inbound = functional
                ? inboundNodes(source, name, entry.get("inbound_nodes"))
                : List.of();
        return new Layer(source, className, name, config, inbound);
    }

    private static List<List<NodeRef>> inboundNodes(Path source, String layer, JsonNode nodes) {
        if (nodes == null || nodes.isNull()) {
            return List.of();
        }
        if (!nodes.isArray()) {
            throw new KerasFormatException(source + ": layer '" + layer + "': inbound_nodes must be a list, found "
                    + describe(nodes));
        }
        List<List<NodeRef>> calls = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (node.isObject() && node.has("args")) {
                throw new KerasFormatException(source + ": layer '" + layer + "': inbound_nodes use the Keras 3 "
                        + "format ({\"args\", \"kwargs\"}); only Keras 2 (tf.keras) configs are supported");
            }
            if (!node.isArray()) {
                throw new KerasFormatException(source + ": layer '" + layer + "': each inbound node must be a list "
                        + "of [layer, nodeIndex, tensorIndex, kwargs], found " + describe(node));
            }
            List<NodeRef> tensors = new ArrayList<>();
            for (JsonNode ref : node) {
                tensors.add(nodeRef(source, "layer '" + layer + "' inbound_nodes", ref));
            }
            calls.add(tensors);
        }
        return calls;
    }

    private static List<NodeRef> endpoints(Path source, JsonNode refs, String key) {
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            throw new KerasFormatException(source + ": functional model config has no " + key
                    + " (expected a list of [layer, nodeIndex, tensorIndex]), found " + describe(refs));
        }
        // A model with one input or output may store the bare [layer, node, tensor] triple.
        if (refs.get(0).isTextual()) {
            return List.of(nodeRef(source, key, refs));
        }
        List<NodeRef> result = new ArrayList<>();
        for (JsonNode ref : refs) {
            result.add(nodeRef(source, key, ref));
        }
        return result;
    }

    private static NodeRef nodeRef(Path source, String where, JsonNode ref) {
        boolean valid = ref != null && ref.isArray() && (ref.size() == 3 || ref.size() == 4)
                && ref.get(0).isTextual() && ref.get(1).canConvertToInt() && ref.get(2).canConvertToInt()
                && (ref.size() == 3 || ref.get(3).isObject());
        if (!valid) {
            throw new KerasFormatException(source + ": " + where + ": expected [layerName, nodeIndex, tensorIndex"
                    + ", {kwargs}], found " + describe(ref));
        }
        JsonNode kwargs = ref.size() == 4 ? ref.get(3) : JSON.createObjectNode();
        return new NodeRef(ref.get(0).asText(), ref.get(1).asInt(), ref.get(2).asInt(), kwargs);
    }

    /** Checks that every inbound node, input and output names a layer of this model. */
    private void checkReferences() {
        for (Layer layer : layers) {
            for (List<NodeRef> call : layer.inboundNodes()) {
                for (NodeRef ref : call) {
                    requireLayer(ref.layerName(), "layer '" + layer.name() + "' inbound_nodes");
                }
            }
        }
        inputs.forEach(ref -> requireLayer(ref.layerName(), "input_layers"));
        outputs.forEach(ref -> requireLayer(ref.layerName(), "output_layers"));
    }

    private void requireLayer(String layerName, String where) {
        if (layers.stream().noneMatch(l -> l.name().equals(layerName))) {
            throw new KerasFormatException(source + ": " + where + " refers to layer '" + layerName
                    + "', which the model does not contain");
        }
    }

    public boolean isSequential() {
        return modelClass.equals("Sequential");
    }

    /**
     * The layer named {@code layerName}.
     *
     * @throws KerasFormatException when there is none
     */
    public Layer layer(String layerName) {
        return layers.stream().filter(l -> l.name().equals(layerName)).findFirst()
                .orElseThrow(() -> new KerasFormatException(source + ": model has no layer '" + layerName
                        + "'; layers: " + layers.stream().map(Layer::name).toList()));
    }

    /**
     * Checks that every layer's class is in {@code supported}.
     *
     * @throws KerasFormatException naming the first unsupported class, its layer and the supported list
     */
    public void requireLayerClasses(Collection<String> supported) {
        for (Layer layer : layers) {
            if (!supported.contains(layer.className())) {
                throw new KerasFormatException(source + ": layer '" + layer.name() + "' has class "
                        + layer.className() + ", which is not supported; supported layer classes: "
                        + supported.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static String textOr(JsonNode node, String fallback) {
        String value = text(node);
        return value == null ? fallback : value;
    }

    /** A short one-line rendering of a JSON value for error messages. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
