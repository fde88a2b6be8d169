package io.github.qkeras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DepthwiseLayersTest {
    private static final int[] ONE = {1, 1};

    private static ForwardContext training(Tape tape) {
        return new ForwardContext(tape, true, QuantizerContext.training(1), new SplittableRandom(1));
    }

    private static float[] infer(Layer layer, Tensor x) {
        return layer.forward(Variable.constant(x), ForwardContext.inference()).value().data();
    }

    @Test
    void depthwiseAddsBiasPerOutputChannel() {
        DepthwiseConv2D layer = new DepthwiseConv2D("dw", new int[] {1, 1}, ONE, Padding.VALID, 2, ONE,
                ActivationFunction.LINEAR, true, Initializer.ONES, Initializer.ZEROS);
        layer.build(new int[] {1, 1, 2}, new SplittableRandom(0));
        layer.depthwiseKernel().value().copyFrom(Tensor.of(new float[] {1f, 2f, 3f, 4f}, 1, 1, 2, 2));
        layer.bias().value().copyFrom(Tensor.of(new float[] {0.5f, 0f, 0f, -1f}, 4));

        float[] y = infer(layer, Tensor.of(new float[] {10f, 100f}, 1, 1, 1, 2));

        assertArrayEquals(new float[] {10.5f, 20f, 300f, 399f}, y);
    }

    @Test
    void qdepthwiseQuantizesKernelAndBias() {
        // quantized_bits(4,2,1,alpha=1) has step 0.5: kernel 0.3 → 0.5, bias 0.7 → 0.5.
        QDepthwiseConv2D layer = new QDepthwiseConv2D("dw", new int[] {1, 1}, ONE, Padding.VALID, 1, ONE,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"),
                ActivationFunction.LINEAR, true, Initializer.ONES, Initializer.ZEROS);
        layer.build(new int[] {1, 1, 1}, new SplittableRandom(0));
        layer.depthwiseKernel().value().fill(0.3f);
        layer.bias().value().fill(0.7f);

        float[] y = infer(layer, Tensor.of(new float[] {2f}, 1, 1, 1, 1));

        assertArrayEquals(new float[] {1.5f}, y);
    }

    @Test
    void qdepthwiseQuantizerGetsAlphaRewrite() {
        QDepthwiseConv2D layer = new QDepthwiseConv2D("dw", new int[] {3, 3}, ONE, Padding.VALID, 1, ONE,
                QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR, false,
                Initializer.HE_NORMAL, Initializer.ZEROS);

        String spec = layer.quantizers().get("depthwise_quantizer").spec();

        assertTrue(spec.contains("auto_po2"), "depthwise quantizer spec was " + spec);
    }

    @Test
    void separableRunsDepthwiseThenPointwise() {
        SeparableConv2D layer = new SeparableConv2D("sep", 1, new int[] {1, 2}, ONE, Padding.VALID, 1, ONE,
                ActivationFunction.LINEAR, true, Initializer.ONES, Initializer.ONES, Initializer.ZEROS);
        layer.build(new int[] {1, 2, 2}, new SplittableRandom(0));
        layer.depthwiseKernel().value().copyFrom(Tensor.of(new float[] {1f, 2f, 3f, 4f}, 1, 2, 2, 1));
        layer.pointwiseKernel().value().copyFrom(Tensor.of(new float[] {1f, -1f}, 1, 1, 2, 1));
        layer.bias().value().fill(0.5f);

        // Depthwise: channel 0 = 1·1 + 3·3 = 10, channel 1 = 2·2 + 4·4 = 20; pointwise 10 − 20; bias.
        float[] y = infer(layer, Tensor.of(new float[] {1f, 2f, 3f, 4f}, 1, 1, 2, 2));

        assertArrayEquals(new float[] {-9.5f}, y);
    }

    @Test
    void qseparableListsQuantizersInQKerasOrder() {
        QSeparableConv2D layer = new QSeparableConv2D("sep", 2, new int[] {2, 2}, ONE, Padding.SAME, 1, ONE,
                QuantizerSpec.parse("quantized_bits(4,0,1)"), QuantizerSpec.parse("ternary()"),
                QuantizerSpec.parse("quantized_bits(4,0,1)"), ActivationFunction.LINEAR, true,
                Initializer.GLOROT_UNIFORM, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
        layer.build(new int[] {3, 3, 2}, new SplittableRandom(0));

        Map<String, ?> quantizers = layer.quantizers();

        assertEquals(List.of("depthwise_quantizer", "pointwise_quantizer", "bias_quantizer"),
                List.copyOf(quantizers.keySet()));
        assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"),
                layer.weights().stream().map(Parameter::name).toList());
    }

    @Test
    void qseparableClipsEveryQuantizedWeight() {
        QSeparableConv2D layer = new QSeparableConv2D("sep", 1, new int[] {1, 1}, ONE, Padding.VALID, 1, ONE,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), QuantizerSpec.parse("quantized_bits(4,0,1,alpha=1)"),
                null, ActivationFunction.LINEAR, true, Initializer.ONES, Initializer.ONES, Initializer.ZEROS);
        layer.build(new int[] {1, 1, 1}, new SplittableRandom(0));
        layer.depthwiseKernel().value().fill(9f);
        layer.pointwiseKernel().value().fill(-9f);
        layer.bias().value().fill(9f);

        layer.applyConstraints();

        assertEquals(4f, layer.depthwiseKernel().value().data()[0]);
        assertEquals(-1f, layer.pointwiseKernel().value().data()[0]);
        assertEquals(9f, layer.bias().value().data()[0], "the bias has no quantizer, so no constraint");
    }

    @Test
    void separableInputGradientMatchesFiniteDifferences() {
        SeparableConv2D layer = new SeparableConv2D("sep", 3, new int[] {3, 2}, new int[] {2, 2}, Padding.SAME, 2, ONE,
                ActivationFunction.parse("tanh", false), true, Initializer.GLOROT_UNIFORM, Initializer.GLOROT_UNIFORM,
                Initializer.ZEROS);
        layer.build(new int[] {5, 4, 2}, new SplittableRandom(2));
        Tensor x = GradientCheck.random(new SplittableRandom(3), 1f, 2, 5, 4, 2);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 5e-3);
    }

    @Test
    void depthwiseKernelGradientIsStraightThrough() {
        // d Σ y / d kernel[0, 0, c, 0] = Σ x[..., c] for a 1×1 kernel, whatever the quantizer does.
        QDepthwiseConv2D layer = new QDepthwiseConv2D("dw", new int[] {1, 1}, ONE, Padding.VALID, 1, ONE,
                QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR, false,
                Initializer.HE_NORMAL, Initializer.ZEROS);
        layer.build(new int[] {1, 2, 2}, new SplittableRandom(0));
        Tape tape = Tape.training();
        Variable y = layer.forward(Variable.constant(Tensor.of(new float[] {1f, -2f, 0.5f, 3f}, 1, 1, 2, 2)),
                training(tape));
        Variable loss = tape.result(Tensor.scalar(0f), y);
        tape.record(t -> t.gradient(y).fill(1f));

        tape.backward(loss);

        assertArrayEquals(new float[] {1.5f, 1f}, layer.depthwiseKernel().grad().data());
    }

    @Test
    void stridesWithDilationAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DepthwiseConv2D("dw",
                new int[] {3, 3}, new int[] {2, 2}, Padding.VALID, 1, new int[] {2, 2}, ActivationFunction.LINEAR, true,
                Initializer.ONES, Initializer.ZEROS));

        assertEquals("DepthwiseConv2D: strides [2, 2] > 1 cannot be combined with dilation_rate [2, 2] > 1"
                + " (TensorFlow rejects it); set one of them to 1", e.getMessage());
    }
}
