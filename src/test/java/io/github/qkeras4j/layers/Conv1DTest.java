package io.github.qkeras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.TimePadOp;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Conv1DTest {
    private static ForwardContext training(Tape tape) {
        return new ForwardContext(tape, true, QuantizerContext.training(1), new SplittableRandom(1));
    }

    private static Conv1D sumKernel(int kernelSize, int stride, String padding, int dilation, int steps) {
        Conv1D layer = new Conv1D("conv", 1, kernelSize, stride, padding, dilation, ActivationFunction.LINEAR, false,
                Initializer.ONES, Initializer.ZEROS);
        layer.build(new int[] {steps, 1}, new SplittableRandom(0));
        return layer;
    }

    private static float[] infer(Layer layer, float... sequence) {
        Tensor x = Tensor.of(sequence, 1, sequence.length, 1);
        return layer.forward(Variable.constant(x), ForwardContext.inference()).value().data();
    }

    @Test
    void causalPaddingReadsOnlyPastSteps() {
        // Kernel of ones, size 2, dilation 2: y[t] = x[t − 2] + x[t].
        float[] y = infer(sumKernel(2, 1, "causal", 2, 5), 1f, 2f, 4f, 8f, 16f);

        assertArrayEquals(new float[] {1f, 2f, 5f, 10f, 20f}, y);
    }

    @Test
    void samePaddingCentersTheWindow() {
        float[] y = infer(sumKernel(3, 1, "same", 1, 4), 1f, 2f, 4f, 8f);

        assertArrayEquals(new float[] {3f, 7f, 14f, 12f}, y);
    }

    @Test
    void validStridedSkipsSteps() {
        float[] y = infer(sumKernel(2, 2, "valid", 1, 5), 1f, 2f, 4f, 8f, 16f);

        assertArrayEquals(new float[] {3f, 12f}, y);
    }

    @Test
    void kernelMixesChannelsIntoFilters() {
        Conv1D layer = new Conv1D("conv", 2, 1, 1, "valid", 1, ActivationFunction.LINEAR, true, Initializer.ONES,
                Initializer.ZEROS);
        layer.build(new int[] {1, 2}, new SplittableRandom(0));
        layer.kernel().value().copyFrom(Tensor.of(new float[] {1f, 2f, 3f, 4f}, 1, 2, 2));
        layer.bias().value().copyFrom(Tensor.of(new float[] {0.5f, -1f}, 2));

        float[] y = layer.forward(Variable.constant(Tensor.of(new float[] {10f, 100f}, 1, 1, 2)),
                ForwardContext.inference()).value().data();

        assertArrayEquals(new float[] {310.5f, 419f}, y);
    }

    @Test
    void qconv1dQuantizesKernel() {
        // quantized_bits(4,2,1,alpha=1) has step 0.5: 0.3 → 0.5.
        QConv1D layer = new QConv1D("conv", 1, 1, 1, "valid", 1, QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"),
                null, ActivationFunction.LINEAR, false, Initializer.ONES, Initializer.ZEROS);
        layer.build(new int[] {2, 1}, new SplittableRandom(0));
        layer.kernel().value().fill(0.3f);

        assertArrayEquals(new float[] {1f, 2f}, infer(layer, 2f, 4f));
    }

    @Test
    void causalInputGradientMatchesFiniteDifferences() {
        Conv1D layer = new Conv1D("conv", 3, 3, 1, "causal", 2, ActivationFunction.parse("tanh", false), true,
                Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
        layer.build(new int[] {7, 2}, new SplittableRandom(2));
        Tensor x = GradientCheck.random(new SplittableRandom(3), 1f, 2, 7, 2);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 5e-3);
    }

    @Test
    void separableSameInputGradientMatchesFiniteDifferences() {
        SeparableConv1D layer = new SeparableConv1D("sep", 2, 3, 2, "same", 2, 1, ActivationFunction.LINEAR, true,
                Initializer.GLOROT_UNIFORM, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
        layer.build(new int[] {6, 3}, new SplittableRandom(4));
        Tensor x = GradientCheck.random(new SplittableRandom(5), 1f, 2, 6, 3);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 5e-3);
    }

    @Test
    void timePadGradientMatchesFiniteDifferences() {
        Tensor x = GradientCheck.random(new SplittableRandom(6), 1f, 2, 3, 2);

        GradientCheck.check(vars -> tape -> TimePadOp.apply(tape, vars.get(0), 2, 1), List.of(x), 1e-2, 2e-3);
    }

    @Test
    void timePadPlacesSequenceAfterZeros() {
        float[] y = TimePadOp.apply(Tape.inference(), Variable.constant(Tensor.of(new float[] {1f, 2f}, 1, 2, 1)), 2, 1)
                .value().data();

        assertArrayEquals(new float[] {0f, 0f, 1f, 2f, 0f}, y);
    }

    @Test
    void unknownPaddingIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv1D("conv", 1, 2, 1,
                "full", 1, ActivationFunction.LINEAR, true, Initializer.ONES, Initializer.ZEROS));

        assertEquals("Conv1D: padding must be 'valid', 'same' or 'causal', received 'full'", e.getMessage());
    }

    @Test
    void factoryReadsListSizes() {
        Map<String, Object> config = new HashMap<>();
        config.put("name", "conv_causal");
        config.put("filters", 4);
        config.put("kernel_size", List.of(3));
        config.put("strides", List.of(1));
        config.put("padding", "causal");
        config.put("dilation_rate", List.of(2));

        Layer layer = LayerFactory.fromConfig("QConv1D", config);
        int[] outputShape = layer.build(new int[] {10, 3}, new SplittableRandom(0));

        assertArrayEquals(new int[] {10, 4}, outputShape);
        assertEquals("causal", layer.config().get("padding"));
        assertEquals(List.of(2), layer.config().get("dilation_rate"));
    }
}
