package io.github.qkeras4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every zoo model written by QKeras 0.9.0 reads back consistently through the io readers. */
class GoldenFilesTest {

    static Stream<String> modelNames() {
        return GoldenFiles.models().stream().map(m -> m.get("name").asText());
    }

    private static JsonNode entry(String model) {
        return GoldenFiles.models().stream().filter(m -> m.get("name").asText().equals(model)).findFirst()
                .orElseThrow();
    }

    /** zoo.json's layers without InputLayer (Keras lists it for functional models only). */
    private static List<JsonNode> indexedLayers(String model) {
        List<JsonNode> layers = new ArrayList<>();
        entry(model).get("layers").forEach(layer -> {
            if (!layer.get("class_name").asText().equals("InputLayer")) {
                layers.add(layer);
            }
        });
        return layers;
    }

    private static List<String> configLayerNames(KerasModelConfig config) {
        return config.layers().stream().filter(l -> !l.className().equals("InputLayer"))
                .map(KerasModelConfig.Layer::name).toList();
    }

    @Test
    void indexListsEveryModelDirectory() {
        List<String> names = modelNames().toList();

        assertTrue(names.size() >= 25, "zoo size " + names.size());
        for (String name : names) {
            assertTrue(GoldenFiles.model(name).resolve("model.h5").toFile().isFile(), name);
        }
    }

    @ParameterizedTest
    @MethodSource("modelNames")
    void jsonConfigListsIndexedLayers(String model) {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model(model).resolve("model.json"));
        List<JsonNode> indexed = indexedLayers(model);

        assertEquals(entry(model).get("model_class").asText(), config.modelClass());
        assertEquals(indexed.stream().map(l -> l.get("name").asText()).toList(), configLayerNames(config));
        for (JsonNode layer : indexed) {
            assertEquals(layer.get("class_name").asText(), config.layer(layer.get("name").asText()).className());
        }
        assertEquals("2.15.0", config.kerasVersion());
        assertEquals("tensorflow", config.backend());
    }

    @ParameterizedTest
    @MethodSource("modelNames")
    void weightsOnlyFileHasIndexedWeights(String model) {
        KerasWeights weights = KerasWeights.read(GoldenFiles.model(model).resolve("weights.h5"));

        for (JsonNode layer : indexedLayers(model)) {
            List<KerasWeights.Weight> read = weights.layer(layer.get("name").asText());
            JsonNode expected = layer.get("weights");
            assertEquals(expected.size(), read.size(), layer.get("name").asText());
            for (int i = 0; i < read.size(); i++) {
                assertEquals(expected.get(i).get(0).asText(), read.get(i).name());
                int[] shape = new ObjectMapper().convertValue(expected.get(i).get(1), int[].class);
                assertArrayEquals(shape, read.get(i).shape(), read.get(i).name());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("modelNames")
    void fullModelFileAgreesWithJsonAndWeightsOnlyFile(String model) {
        Path dir = GoldenFiles.model(model);
        KerasModelFile full = KerasModelFile.read(dir.resolve("model.h5"));
        KerasModelConfig json = KerasModelConfig.read(dir.resolve("model.json"));
        KerasWeights weightsOnly = KerasWeights.read(dir.resolve("weights.h5"));

        assertEquals(configLayerNames(json), configLayerNames(full.config()));
        assertEquals(weightsOnly.layerNames(), full.weights().layerNames());
        for (String layer : weightsOnly.layerNames()) {
            List<KerasWeights.Weight> expected = weightsOnly.layer(layer);
            List<KerasWeights.Weight> actual = full.weights().layer(layer);
            assertEquals(expected.size(), actual.size(), layer);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).name(), actual.get(i).name());
                assertArrayEquals(expected.get(i).shape(), actual.get(i).shape(), expected.get(i).name());
                assertArrayEquals(expected.get(i).values(), actual.get(i).values(), expected.get(i).name());
            }
        }
        assertFalse(full.trainingConfig().isPresent(), "the zoo models are saved uncompiled");
    }

    @ParameterizedTest
    @MethodSource("modelNames")
    void inputsAndOutputsHaveIndexedShapes(String model) {
        JsonNode zoo = entry(model);
        Tensor inputs = Npy.read(GoldenFiles.model(model).resolve("inputs.npy"));
        Tensor outputs = Npy.read(GoldenFiles.model(model).resolve("outputs.npy"));
        int batch = GoldenFiles.index().get("batch").asInt();

        int[] inputShape = new ObjectMapper().convertValue(zoo.get("input_shape"), int[].class);
        inputShape[0] = batch;
        assertArrayEquals(inputShape, inputs.shape());
        assertArrayEquals(new ObjectMapper().convertValue(zoo.get("output_shape"), int[].class), outputs.shape());
        for (float value : outputs.data()) {
            assertTrue(Float.isFinite(value), model + " output " + value);
        }
    }

    @ParameterizedTest
    @MethodSource("modelNames")
    void quantizerConfigsNameIndexedQuantizers(String model) {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model(model).resolve("model.json"));

        for (JsonNode layer : indexedLayers(model)) {
            if (layer.get("class_name").asText().equals("QBidirectional")) {
                continue; // its quantizers sit in the wrapped layer's config
            }
            Set<String> expected = new TreeSet<>();
            layer.get("quantizers").forEach(q -> expected.add(q.asText()));
            Set<String> found = new TreeSet<>();
            for (QuantizerConfig quantizer : config.layer(layer.get("name").asText()).quantizers().values()) {
                if (QuantizerConfig.QKERAS_QUANTIZERS.contains(quantizer.name())) {
                    found.add(quantizer.name());
                }
            }
            assertEquals(expected, found, model + " layer " + layer.get("name").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("modelNames")
    void quantizedWeightsNameModelLayers(String model) throws IOException {
        KerasModelConfig config = KerasModelConfig.read(GoldenFiles.model(model).resolve("model.json"));
        JsonNode saved = new ObjectMapper().readTree(GoldenFiles.model(model).resolve("quantized_weights.json")
                .toFile());

        saved.fieldNames().forEachRemaining(layer -> {
            assertEquals(layer, config.layer(layer).name());
            assertTrue(saved.get(layer).get("weights").isArray(), layer);
        });
    }
}
