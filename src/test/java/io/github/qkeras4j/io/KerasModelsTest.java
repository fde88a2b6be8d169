package io.github.qkeras4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.Add;
import io.github.qkeras4j.layers.Concatenate;
import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.layers.ReLU;
import io.github.qkeras4j.models.Functional;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasModelsTest {
    @TempDir
    Path folder;

    private static Path golden(String model, String file) {
        return GoldenFiles.model(model).resolve(file);
    }

    private static float[] predict(Model model, String golden) {
        return model.predict(List.of(Npy.read(golden(golden, "inputs.npy"))), 4).getFirst().data();
    }

    @Test
    void sequentialConfigTakesInputShapeFromInputLayer() {
        Model model = KerasModels.readModel(golden("cnn", "model.h5"));

        assertInstanceOf(Sequential.class, model);
        assertArrayEquals(new int[] {8, 8, 2}, model.inputShapes().getFirst());
        assertEquals("conv1", model.layers().getFirst().name());
    }

    @Test
    void functionalConfigWiresInboundNodes() {
        Functional model = (Functional) KerasModels.readModel(golden("functional_skip", "model.h5"));

        Functional.Call add = model.calls().stream().filter(c -> c.layer().name().equals("skip_add")).findFirst()
                .orElseThrow();
        assertEquals(List.of("act_a", "conv_b"), add.inbound());
        assertEquals(List.of("softmax"), model.outputs());
        assertArrayEquals(new int[] {3}, model.outputShapes().getFirst());
    }

    @Test
    void builtFunctionalModelComputesSkipAndConcat() {
        Functional.Builder b = Functional.builder("skip");
        String x = b.input("x", 3);
        String r = b.call(new ReLU("relu", null, 0f, 0f), x);
        String sum = b.call(new Add("sum"), x, r);
        String joined = b.call(new Concatenate("joined", -1), x, sum);
        Functional model = b.build(List.of(joined), 0);

        Tensor y = model.predict(List.of(Tensor.of(new float[] {-1f, 0.5f, 2f}, 1, 3)), 1).getFirst();

        assertArrayEquals(new int[] {1, 6}, y.shape());
        assertArrayEquals(new float[] {-1f, 0.5f, 2f, -1f, 1f, 4f}, y.data());
    }

    @Test
    void functionalBuilderRejectsUnknownTensor() {
        Functional.Builder b = Functional.builder("m");
        b.input("x", 3);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.call(new Add("sum"), "x", "y"));

        assertTrue(e.getMessage().contains("'y'"), e.getMessage());
    }

    /** Every supported zoo model, read, written by qkeras4j in both Keras forms and read back, predicts the same bits. */
    @Test
    void writtenModelsReadBackIdentically() throws IOException {
        List<String> roundTripped = new ArrayList<>();
        for (JsonNode entry : GoldenFiles.models()) {
            String name = entry.get("name").asText();
            if (KerasGoldenTest.unsupported(GoldenFiles.model(name)) != null) {
                continue;
            }
            Model original = KerasModels.readModel(golden(name, "model.h5"));
            Path h5 = folder.resolve(name + ".h5");
            Path json = folder.resolve(name + ".json");
            Path weights = folder.resolve(name + ".weights.h5");
            KerasModelWriter.writeH5(original, h5);
            KerasModelWriter.writeJson(original, json, weights);

            float[] expected = predict(original, name);
            assertArrayEquals(expected, predict(KerasModels.readModel(h5), name), name + " via .h5");
            assertArrayEquals(expected, predict(KerasModels.readModel(json, weights), name), name + " via .json");
            roundTripped.add(name);
        }
        assertTrue(roundTripped.containsAll(List.of("cnn", "functional_skip", "keras_plain")), roundTripped.toString());
    }

    @Test
    void writtenJsonKeepsOnlyKeysQKeras090Knows() throws IOException {
        Model model = KerasModels.readModel(golden("cnn", "model.h5"));

        JsonNode written = KerasModelConfig.JSON.readTree(KerasModelWriter.toJson(model));

        JsonNode bias = written.get("config").get("layers").get(1).get("config").get("bias_quantizer");
        assertEquals("quantized_bits", bias.get("class_name").asText());
        assertTrue(!bias.get("config").has("post_training_scale"), bias.toString());
    }

    @Test
    void writtenActivationQuantizerIsSpecString() throws IOException {
        Model model = KerasModels.readModel(golden("dense_qbits", "model.h5"));

        JsonNode written = KerasModelConfig.JSON.readTree(KerasModelWriter.toJson(model));

        JsonNode activation = written.get("config").get("layers").get(2).get("config").get("activation");
        assertEquals("quantized_relu(4,0)", activation.asText());
    }

    @Test
    void quantizerSettingUnknownToQKeras090IsRejected() {
        Sequential model = new Sequential(4)
                .add(new QDense("dense", 2, QuantizerSpec.parse("quantized_bits(4,0,1,alpha=1,use_ste=False)"), null,
                        ActivationFunction.LINEAR, true, Initializer.HE_NORMAL, Initializer.ZEROS))
                .build(0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasModelWriter.toJson(model));

        assertTrue(e.getMessage().contains("QDense 'dense' kernel_quantizer"), e.getMessage());
        assertTrue(e.getMessage().contains("[use_ste=false]"), e.getMessage());
    }

    @Test
    void oversizedConfigIsRejected() {
        Sequential model = new Sequential(4);
        for (int i = 0; i < 600; i++) {
            model.add(new Flatten("flatten_with_a_long_name_to_fill_the_object_header_" + i));
        }
        model.add(new QDense("dense", 2, null, null, ActivationFunction.LINEAR, true, Initializer.HE_NORMAL,
                Initializer.ZEROS));
        model.build(0);
        Path file = folder.resolve("big.h5");

        KerasFormatException e = assertThrows(KerasFormatException.class, () -> KerasModelWriter.writeH5(model, file));

        assertTrue(e.getMessage().contains("model_config"), e.getMessage());
        assertTrue(e.getMessage().contains("JSON plus a weights file"), e.getMessage());
    }

    @Test
    void wrongWeightShapeIsRejected() throws IOException {
        KerasWeights weights = KerasWeights.read(golden("dense_qbits", "weights.h5"));
        Map<String, List<KerasWeights.Weight>> changed = new LinkedHashMap<>(weights.weights());
        KerasWeights.Weight kernel = weights.layer("dense2").getFirst();
        changed.put("dense2", List.of(new KerasWeights.Weight(kernel.name(), new int[] {3, 6},
                kernel.values(), false), weights.layer("dense2").get(1)));
        Path file = folder.resolve("bad.h5");
        KerasWeightsWriter.write(file, new KerasWeights(file, weights.layerNames(), changed, "", ""));

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> KerasModels.readModel(golden("dense_qbits", "model.json"), file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("layer 'dense2'"), e.getMessage());
        assertTrue(e.getMessage().contains("[3, 6], expected [6, 3]"), e.getMessage());
    }

    @Test
    void missingLayerNamesFileAndLayer() throws IOException {
        KerasWeights weights = KerasWeights.read(golden("dense_qbits", "weights.h5"));
        Map<String, List<KerasWeights.Weight>> changed = new LinkedHashMap<>(weights.weights());
        changed.remove("dense2");
        List<String> names = weights.layerNames().stream().filter(n -> !n.equals("dense2")).toList();
        Path file = folder.resolve("partial.h5");
        KerasWeightsWriter.write(file, new KerasWeights(file, names, changed, "", ""));

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> KerasModels.readModel(golden("dense_qbits", "model.json"), file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no weights for layer 'dense2'"), e.getMessage());
    }

    @Test
    void truncatedModelFileNamesFile() throws IOException {
        byte[] bytes = Files.readAllBytes(golden("cnn", "model.h5"));
        Path file = folder.resolve("cut.h5");
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        KerasFormatException e = assertThrows(KerasFormatException.class, () -> KerasModels.readModel(file));

        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void jsonThatIsNotAKerasModelIsRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("other.json"), "{\"format\": \"something else\"}");

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> KerasModels.readModel(file, golden("cnn", "weights.h5")));

        assertTrue(e.getMessage().startsWith(file + ": not a Keras model config"), e.getMessage());
    }

    @Test
    void unknownLayerClassIsRejected() throws IOException {
        String json = Files.readString(golden("keras_plain", "model.json")).replace("\"ReLU\"", "\"PReLU\"");
        Path file = Files.writeString(folder.resolve("prelu.json"), json);

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> KerasModels.readModel(file, golden("keras_plain", "weights.h5")));

        assertTrue(e.getMessage().contains("unsupported layer class 'PReLU' (layer 'relu')"), e.getMessage());
        assertTrue(e.getMessage().contains("supported: Add, Concatenate, ReLU, Dense, QDense"), e.getMessage());
    }

    @Test
    void unknownQuantizerNamesQuantizerAndLayer() throws IOException {
        String json = Files.readString(golden("dense_qbits", "model.json"))
                .replace("\"class_name\": \"quantized_bits\"", "\"class_name\": \"quantized_bitz\"");
        Path file = Files.writeString(folder.resolve("bitz.json"), json);

        KerasFormatException e = assertThrows(KerasFormatException.class,
                () -> KerasModels.readModel(file, golden("dense_qbits", "weights.h5")));

        assertTrue(e.getMessage().contains("QDense 'dense1'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown quantizer 'quantized_bitz'"), e.getMessage());
    }
}
