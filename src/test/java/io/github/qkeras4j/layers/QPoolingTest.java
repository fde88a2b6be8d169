package io.github.qkeras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QPoolingTest {
    private static ForwardContext training(Tape tape) {
        return new ForwardContext(tape, true, QuantizerContext.training(1), new SplittableRandom(1));
    }

    private static float[] infer(Layer layer, Tensor x) {
        return layer.forward(Variable.constant(x), ForwardContext.inference()).value().data();
    }

    private static Tensor ones(int... shape) {
        Tensor x = Tensor.zeros(shape);
        x.fill(1f);
        return x;
    }

    /** QKeras's test_QAveragePooling_output: quantized_bits(8,1,1) maps 1/9 to 0.109375. */
    @Test
    void averagePoolingMultipliesSumByQuantizedReciprocal() {
        QAveragePooling2D layer = new QAveragePooling2D("pool", new int[] {3, 3}, null, Padding.VALID,
                QuantizerSpec.parse("quantized_bits(8,1,1)"), null);
        layer.build(new int[] {6, 6, 1}, new SplittableRandom(0));
        Tensor x = ones(2, 6, 6, 1);
        for (int w = 0; w < 6; w++) {
            x.set(0f, 0, 0, w, 0);
        }

        float[] y = infer(layer, x);

        assertArrayEquals(new float[] {0.65625f, 0.65625f, 0.984375f, 0.984375f,
                0.984375f, 0.984375f, 0.984375f, 0.984375f}, y);
    }

    /** QKeras's test_QGlobalAveragePooling_output with the same quantizer. */
    @Test
    void globalPoolingMultipliesSumByQuantizedReciprocal() {
        QGlobalAveragePooling2D layer = new QGlobalAveragePooling2D("gap", false,
                QuantizerSpec.parse("quantized_bits(8,1,1)"), null);
        layer.build(new int[] {3, 3, 2}, new SplittableRandom(0));
        Tensor x = ones(2, 3, 3, 2);
        x.set(0f, 0, 0, 1, 0);
        x.set(0f, 0, 0, 1, 1);

        float[] y = infer(layer, x);

        assertArrayEquals(new float[] {0.875f, 0.875f, 0.984375f, 0.984375f}, y);
    }

    @Test
    void samePaddingBorderUsesValidCountMean() {
        // A 2x2 window at stride 2 over a 3x3 image: the corner window at (1, 1) contains one pixel, so
        // its output is x · 4 / 1 · Q(1/4) = 4·x·0.25, not the sum times Q(1/4).
        QAveragePooling2D layer = new QAveragePooling2D("pool", new int[] {2, 2}, new int[] {2, 2}, Padding.SAME,
                QuantizerSpec.parse("quantized_bits(8,1,1)"), null);
        layer.build(new int[] {3, 3, 1}, new SplittableRandom(0));
        Tensor x = ones(1, 3, 3, 1);
        x.set(0.5f, 0, 2, 2, 0);

        float[] y = infer(layer, x);

        assertEquals(0.5f, y[3]);
        assertEquals(1f, y[0]);
    }

    @Test
    void activationQuantizesPooledValues() {
        QAveragePooling2D layer = new QAveragePooling2D("pool", new int[] {2, 2}, null, Padding.VALID, null,
                ActivationFunction.parse("quantized_bits(2,0,1,alpha=1)", true));
        layer.build(new int[] {2, 2, 1}, new SplittableRandom(0));

        float[] y = infer(layer, Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.9f}, 1, 2, 2, 1));

        // Plain mean 0.375, then quantized_bits(2,0,1) with step 0.5 rounds it to 0.5.
        assertArrayEquals(new float[] {0.5f}, y);
    }

    @Test
    void globalPoolingKeepsDimensions() {
        QGlobalAveragePooling2D layer = new QGlobalAveragePooling2D("gap", true, null, null);

        int[] shape = layer.build(new int[] {2, 2, 3}, new SplittableRandom(0));
        float[] y = infer(layer, ones(1, 2, 2, 3));

        assertArrayEquals(new int[] {1, 1, 3}, shape);
        assertArrayEquals(new float[] {1f, 1f, 1f}, y);
    }

    @Test
    void averagePoolingInputGradientMatchesFiniteDifferences() {
        QAveragePooling2D layer = new QAveragePooling2D("pool", new int[] {2, 2}, new int[] {1, 1}, Padding.SAME,
                QuantizerSpec.parse("quantized_bits(4,0,1)"), null);
        layer.build(new int[] {3, 4, 2}, new SplittableRandom(0));
        Tensor x = GradientCheck.random(new SplittableRandom(3), 1f, 2, 3, 4, 2);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 2e-3);
    }

    @Test
    void globalPoolingInputGradientMatchesFiniteDifferences() {
        QGlobalAveragePooling2D layer = new QGlobalAveragePooling2D("gap", false,
                QuantizerSpec.parse("quantized_bits(4,0,1)"), null);
        layer.build(new int[] {3, 2, 2}, new SplittableRandom(0));
        Tensor x = GradientCheck.random(new SplittableRandom(4), 1f, 2, 3, 2, 2);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 2e-3);
    }

    @Test
    void factoryRejectsChannelsFirst() {
        Map<String, Object> config = new HashMap<>();
        config.put("name", "pool");
        config.put("data_format", "channels_first");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerFactory.fromConfig("QAveragePooling2D", config));

        assertEquals("QAveragePooling2D 'pool': invalid data_format channels_first; expected 'channels_last' (the only"
                + " layout qkeras4j computes)", e.getMessage());
    }

    @Test
    void factoryReadsQKerasConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("name", "avg_q_valid");
        config.put("pool_size", List.of(3, 3));
        config.put("strides", List.of(3, 3));
        config.put("padding", "valid");
        config.put("average_quantizer", Map.of("class_name", "quantized_bits", "config",
                Map.of("bits", 8, "integer", 1, "keep_negative", true, "symmetric", 1)));
        config.put("activation", null);

        Layer layer = LayerFactory.fromConfig("QAveragePooling2D", config);
        layer.build(new int[] {6, 6, 2}, new SplittableRandom(0));

        assertEquals(List.of("average_quantizer"), List.copyOf(layer.quantizers().keySet()));
        assertNull(layer.config().get("activation"));
        assertEquals(List.of(3, 3), layer.config().get("strides"));
    }
}
