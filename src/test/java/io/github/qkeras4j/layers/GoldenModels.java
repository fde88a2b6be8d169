package io.github.qkeras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.io.KerasWeights;
import io.github.qkeras4j.io.Npy;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a sequential golden model of the test resources {@code interop/<model>/} (written with QKeras
 * 0.9.0) layer by layer: each layer is made by {@link LayerFactory} from its saved config, gets the
 * saved weights in Keras's order, and runs in inference on {@code inputs.npy}. This checks single
 * layers against real QKeras outputs without the model loader.
 */
final class GoldenModels {
    private GoldenModels() {
    }

    static Path directory(String model) {
        try {
            return Path.of(GoldenModels.class.getClassLoader().getResource("interop/" + model + "/model.json").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds the model's layers and loads the saved weights into them. */
    @SuppressWarnings("unchecked")
    static List<Layer> layers(String model) {
        Path dir = directory(model);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(dir.resolve("model.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KerasWeights weights = KerasWeights.read(dir.resolve("weights.h5"));
        List<Layer> layers = new ArrayList<>();
        int[] shape = null;
        for (JsonNode node : root.get("config").get("layers")) {
            String className = node.get("class_name").asText();
            Map<String, Object> config = new ObjectMapper().convertValue(node.get("config"), Map.class);
            if (className.equals("InputLayer")) {
                List<Integer> batchShape = (List<Integer>) config.get("batch_input_shape");
                shape = batchShape.subList(1, batchShape.size()).stream().mapToInt(Integer::intValue).toArray();
                continue;
            }
            Layer layer = LayerFactory.fromConfig(className, config);
            shape = layer.build(shape, new SplittableRandom(0));
            List<Parameter> own = layer.weights();
            if (!own.isEmpty()) {
                List<KerasWeights.Weight> saved = weights.layer(layer.name());
                assertEquals(saved.size(), own.size(), "weight count of layer " + layer.name());
                for (int i = 0; i < own.size(); i++) {
                    assertArrayEquals(saved.get(i).shape(), own.get(i).shape(), "shape of " + saved.get(i).name());
                    System.arraycopy(saved.get(i).values(), 0, own.get(i).value().data(), 0, saved.get(i).values().length);
                }
            }
            layers.add(layer);
        }
        return layers;
    }

    /** Runs the layers in inference on the saved inputs and returns the output. */
    static Tensor predict(List<Layer> layers, String model) {
        Variable x = Variable.constant(Npy.read(directory(model).resolve("inputs.npy")));
        ForwardContext context = ForwardContext.inference();
        for (Layer layer : layers) {
            x = layer.forward(x, context);
        }
        return x.value();
    }

    /** Reads the saved QKeras outputs. */
    static Tensor expected(String model) {
        return Npy.read(directory(model).resolve("outputs.npy"));
    }

    /** Asserts bit-equal outputs, reporting how many elements differ and the largest difference. */
    static void assertBitEqual(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "output shape");
        int differing = 0;
        double largest = 0;
        for (int i = 0; i < expected.size(); i++) {
            if (Float.floatToIntBits(expected.data()[i]) != Float.floatToIntBits(actual.data()[i])) {
                differing++;
                largest = Math.max(largest, Math.abs(expected.data()[i] - actual.data()[i]));
            }
        }
        assertEquals(0, differing, differing + " of " + expected.size() + " outputs differ, by up to " + largest
                + "; first values expected " + Arrays.toString(Arrays.copyOf(expected.data(), 6)) + ", received "
                + Arrays.toString(Arrays.copyOf(actual.data(), 6)));
    }
}
