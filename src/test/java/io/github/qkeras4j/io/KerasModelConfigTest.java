package io.github.qkeras4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KerasModelConfigTest {
    private static final Path SOURCE = Path.of("model.json");

    private static KerasFormatException parseFails(String json) {
        KerasFormatException e = assertThrows(KerasFormatException.class, () -> KerasModelConfig.parse(SOURCE, json));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void functionalSkipHasInboundNodesAndEndpoints() {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model("functional_skip").resolve("model.json"));

        List<KerasModelConfig.NodeRef> add = config.layer("skip_add").inboundNodes().getFirst();
        assertEquals("Functional", config.modelClass());
        assertEquals(List.of("act_a", "conv_b"), add.stream().map(KerasModelConfig.NodeRef::layerName).toList());
        assertEquals(0, add.get(1).nodeIndex());
        assertEquals(0, add.get(1).tensorIndex());
        assertEquals(List.of("x"), config.inputs().stream().map(KerasModelConfig.NodeRef::layerName).toList());
        assertEquals(List.of("softmax"), config.outputs().stream().map(KerasModelConfig.NodeRef::layerName).toList());
        assertTrue(config.layer("x").inboundNodes().isEmpty());
    }

    @Test
    void sequentialStartsWithInputLayer() {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model("cnn").resolve("model.json"));

        assertTrue(config.isSequential());
        assertEquals("InputLayer", config.layers().getFirst().className());
        assertEquals("x", config.inputs().getFirst().layerName());
        assertEquals("dense", config.outputs().getFirst().layerName());
        assertEquals(3, config.layer("conv1").configMap().get("kernel_size") instanceof List<?> l ? l.get(0) : null);
    }

    @Test
    void quantizerFormsAreRead() {
        KerasModelConfig objects = KerasModelConfig.read(GoldenFiles.model("dense_qbits").resolve("model.json"));
        KerasModelConfig strings = KerasModelConfig.read(GoldenFiles.model("dense_qbits_strings").resolve("model.json"));
        KerasModelConfig autoPo2 = KerasModelConfig.read(
                GoldenFiles.model("dense_qbits_auto_po2_default").resolve("model.json"));

        QuantizerConfig kernel = objects.layer("dense1").quantizer("kernel_quantizer").orElseThrow();
        QuantizerConfig.Serialized serialized = assertInstanceOf(QuantizerConfig.Serialized.class, kernel);
        assertEquals("quantized_bits", serialized.className());
        assertEquals(4, serialized.config().get("bits"));
        assertEquals(1, serialized.config().get("alpha"));

        // QDense serializes even a string argument as an object; QActivation keeps the string.
        QuantizerConfig fromString = strings.layer("dense1").quantizer("kernel_quantizer").orElseThrow();
        assertEquals("quantized_bits", assertInstanceOf(QuantizerConfig.Serialized.class, fromString).name());
        assertEquals("quantized_relu", strings.layer("dense1").quantizers().get("activation").name());
        QuantizerConfig text = autoPo2.layer("act1").quantizer("activation").orElseThrow();
        assertEquals("quantized_bits(6,2,1)", assertInstanceOf(QuantizerConfig.Spec.class, text).text());
        assertEquals("quantized_bits", text.name());
        assertTrue(objects.layer("dense2").quantizer("kernel_range").isEmpty());
    }

    @Test
    void autoPo2RewriteIsVisibleInSerializedConfig() {
        KerasModelConfig config = KerasModelConfig.read(
                GoldenFiles.model("dense_qbits_auto_po2_default").resolve("model.json"));

        QuantizerConfig.Serialized kernel = (QuantizerConfig.Serialized) config.layer("dense2")
                .quantizer("kernel_quantizer").orElseThrow();

        assertEquals("auto_po2", kernel.config().get("alpha"));
    }

    @Test
    void unknownQuantizerNamesLayerKeyAndSupportedList() {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model("dense_po2").resolve("model.json"));
        QuantizerConfig po2 = config.layer("dense1").quantizer("kernel_quantizer").orElseThrow();

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> po2.requireKnown(List.of("quantized_bits", "quantized_relu")));

        assertTrue(e.getMessage().endsWith("dense_po2/model.json: layer 'dense1' kernel_quantizer: unknown quantizer "
                + "'quantized_po2'; supported: [quantized_bits, quantized_relu]"), e.getMessage());
    }

    @Test
    void unsupportedLayerClassNamesLayerAndList() {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model("rnn_gru").resolve("model.json"));

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> config.requireLayerClasses(List.of("QDense", "InputLayer")));

        assertTrue(e.getMessage().endsWith("rnn_gru/model.json: layer 'gru' has class QGRU, which is not supported; "
                + "supported layer classes: [InputLayer, QDense]"), e.getMessage());
    }

    @Test
    void rejectsJsonThatIsNotAModel() {
        KerasFormatException e = parseFails("{\"layers\": [], \"name\": \"x\"}");

        assertEquals("model.json: not a Keras model config: expected a JSON object with class_name one of "
                + "[Sequential, Functional, Model] and a config, found {\"layers\":[],\"name\":\"x\"}", e.getMessage());
    }

    @Test
    void rejectsLayerConfigAtTopLevel() {
        KerasFormatException e = parseFails("{\"class_name\": \"QDense\", \"config\": {\"units\": 3}}");

        assertTrue(e.getMessage().startsWith("model.json: not a Keras model config: expected"), e.getMessage());
    }

    @Test
    void rejectsInvalidJson() {
        KerasFormatException e = parseFails("{\"class_name\": \"Sequential\", ");

        assertTrue(e.getMessage().startsWith("model.json: not a Keras model config: invalid JSON at line 1"),
                e.getMessage());
    }

    @Test
    void rejectsKeras3InboundNodes() {
        KerasFormatException e = parseFails("""
                {"class_name": "Functional", "config": {"name": "m",
                 "layers": [{"class_name": "InputLayer", "name": "x", "config": {"name": "x"}, "inbound_nodes": []},
                            {"class_name": "Dense", "name": "d", "config": {"name": "d"},
                             "inbound_nodes": [{"args": [], "kwargs": {}}]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["d", 0, 0]]}}""");

        assertEquals("model.json: layer 'd': inbound_nodes use the Keras 3 format ({\"args\", \"kwargs\"}); only "
                + "Keras 2 (tf.keras) configs are supported", e.getMessage());
    }

    @Test
    void rejectsReferenceToMissingLayer() {
        KerasFormatException e = parseFails("""
                {"class_name": "Functional", "config": {"name": "m",
                 "layers": [{"class_name": "InputLayer", "name": "x", "config": {"name": "x"}, "inbound_nodes": []},
                            {"class_name": "Dense", "name": "d", "config": {"name": "d"},
                             "inbound_nodes": [[["y", 0, 0, {}]]]}],
                 "input_layers": [["x", 0, 0]], "output_layers": [["d", 0, 0]]}}""");

        assertEquals("model.json: layer 'd' inbound_nodes refers to layer 'y', which the model does not contain",
                e.getMessage());
    }

    @Test
    void readsSingleEndpointAndOldSequentialList() {
        KerasModelConfig functional = KerasModelConfig.parse(SOURCE, """
                {"class_name": "Model", "config": {"name": "m",
                 "layers": [{"class_name": "InputLayer", "name": "x", "config": {"name": "x"}, "inbound_nodes": []},
                            {"class_name": "Dense", "name": "d", "config": {"name": "d"},
                             "inbound_nodes": [[["x", 0, 0]]]}],
                 "input_layers": ["x", 0, 0], "output_layers": ["d", 0, 0]}}""");
        KerasModelConfig sequential = KerasModelConfig.parse(SOURCE,
                "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\"}}]}");

        assertEquals("x", functional.inputs().getFirst().layerName());
        assertTrue(functional.layer("d").inboundNodes().getFirst().getFirst().kwargs().isEmpty());
        assertEquals(List.of("d"), sequential.layers().stream().map(KerasModelConfig.Layer::name).toList());
        assertTrue(sequential.inputs().isEmpty());
    }

    @Test
    void rejectsQuantizerOfWrongType() {
        KerasModelConfig config = KerasModelConfig.parse(SOURCE, """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "QDense", "config": {"name": "d", "kernel_quantizer": 4}}]}}""");

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> config.layer("d").quantizer("kernel_quantizer"));

        assertEquals("model.json: layer 'd' kernel_quantizer: expected a quantizer (a spec string such as "
                + "\"quantized_bits(4,0,1)\", {\"class_name\": ..., \"config\": {...}} or null), found 4", e.getMessage());
    }

    @Test
    void serializedQuantizerKeepsModuleKeysOut() {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model("dense_binary").resolve("model.json"));

        Map<String, Object> binary = ((QuantizerConfig.Serialized) config.layer("dense_fixed")
                .quantizer("kernel_quantizer").orElseThrow()).config();

        assertFalse(binary.containsKey("module"));
        assertEquals(1, binary.get("alpha"));
    }
}
