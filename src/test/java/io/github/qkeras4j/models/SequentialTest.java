package io.github.qkeras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {
    @Test
    void buildNamesLayersKerasStyle() {
        Sequential model = TinyModels.quantizedCnn().build(1);

        List<String> names = model.layers().stream().map(Layer::name).toList();

        assertEquals(List.of("q_conv2d", "batch_normalization", "q_activation", "max_pooling2d", "flatten", "q_dense"),
                names);
    }

    @Test
    void outputShapesFollowLayers() {
        Sequential model = TinyModels.quantizedCnn().build(1);

        assertArrayEquals(new int[] {8, 8, 4}, model.layers().get(0).outputShape());
        assertArrayEquals(new int[] {4, 4, 4}, model.layers().get(3).outputShape());
        assertArrayEquals(new int[] {3}, model.outputShape());
    }

    @Test
    void summaryListsShapesParametersAndQuantizers() {
        String summary = TinyModels.quantizedCnn().build(1).summary();

        assertTrue(summary.contains("q_conv2d (QConv2D)"), summary);
        assertTrue(summary.contains("(None, 8, 8, 4)"), summary);
        assertTrue(summary.contains("kernel: quantized_bits(4,0,1,alpha='auto_po2')"), summary);
        assertTrue(summary.contains("activation: quantized_relu(4"), summary);
        // conv 3·3·1·4 + 4, batch norm 4·4, dense 64·3 + 3
        assertTrue(summary.contains("Total params: " + (40 + 16 + 195)), summary);
        assertTrue(summary.contains("Non-trainable params: 8"), summary);
    }

    @Test
    void sameSeedGivesSameWeights() {
        Sequential a = TinyModels.quantizedCnn().build(42);
        Sequential b = TinyModels.quantizedCnn().build(42);

        for (int i = 0; i < a.weights().size(); i++) {
            assertArrayEquals(a.weights().get(i).value().data(), b.weights().get(i).value().data());
        }
    }

    @Test
    void predictRejectsWrongInputShape() {
        Sequential model = TinyModels.quantizedCnn().build(1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Tensor.zeros(2, 8, 9, 1), 4));

        assertEquals("model 'sequential' expects input [batch, 8, 8, 1], received [2, 8, 9, 1]", e.getMessage());
    }

    @Test
    void duplicateLayerNamesAreRejected() {
        Sequential model = new Sequential(4).add(new Flatten("same")).add(new Flatten("same"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.build(1));

        assertEquals("two layers of model 'sequential' are named 'same'; layer names must be unique", e.getMessage());
    }
}
