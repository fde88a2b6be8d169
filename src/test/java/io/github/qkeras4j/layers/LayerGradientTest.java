package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradients through whole float layers (input to output) against finite differences; the ops have
 * their own tests, these check that layers wire them correctly.
 */
class LayerGradientTest {
    private static ForwardContext training(Tape tape) {
        return new ForwardContext(tape, true, QuantizerContext.training(1), new SplittableRandom(1));
    }

    private static void checkInputGradient(Layer layer, int... inputShape) {
        layer.setName("layer_under_test");
        int[] sample = java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length);
        layer.build(sample, new SplittableRandom(3));
        Tensor x = GradientCheck.random(new SplittableRandom(4), 1f, inputShape);
        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 5e-3);
    }

    @Test
    void denseWithTanhPassesInputGradient() {
        checkInputGradient(new Dense(null, 4, ActivationFunction.parse("tanh", false), true, Initializer.GLOROT_UNIFORM,
                Initializer.ZEROS), 3, 5);
    }

    @Test
    void conv2dSameStride2PassesInputGradient() {
        checkInputGradient(new Conv2D(null, 3, new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, new int[] {1, 1},
                ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS), 2, 5, 6, 2);
    }

    @Test
    void batchNormalizationTrainingPassesInputGradient() {
        checkInputGradient(new BatchNormalization(), 4, 3, 3, 2);
    }

    @Test
    void averagePoolingPassesInputGradient() {
        checkInputGradient(Pooling2D.average(2), 2, 4, 4, 3);
    }

    @Test
    void flattenPassesInputGradient() {
        checkInputGradient(new Flatten(), 2, 3, 2, 2);
    }

    @Test
    void denseKernelGradientMatchesFiniteDifferences() {
        Dense dense = new Dense(null, 3, ActivationFunction.parse("sigmoid", false), true, Initializer.GLOROT_UNIFORM,
                Initializer.ZEROS);
        dense.setName("dense");
        dense.build(new int[] {4}, new SplittableRandom(5));
        Tensor x = GradientCheck.random(new SplittableRandom(6), 1f, 2, 4);
        Tensor kernel = dense.kernel().value();

        GradientCheck.check(vars -> tape -> {
            Variable product = io.github.qkeras4j.autograd.ops.MatMulOp.apply(tape, Variable.constant(x), vars.get(0));
            return dense.activation().apply(product, training(tape));
        }, List.of(kernel), 1e-2, 5e-3);
    }

    @Test
    void conv2dDilatedValidPassesInputGradient() {
        checkInputGradient(new Conv2D(null, 2, new int[] {2, 3}, new int[] {1, 1}, Padding.VALID, new int[] {2, 2},
                ActivationFunction.parse("tanh", false), false, Initializer.GLOROT_UNIFORM, Initializer.ZEROS), 2, 6, 7, 3);
    }

    @Test
    void maxPoolingSamePassesInputGradient() {
        checkInputGradient(new Pooling2D(null, Pooling2D.Kind.MAX, new int[] {2, 2}, new int[] {2, 2}, Padding.SAME),
                2, 5, 5, 2);
    }

    @Test
    void globalAveragePoolingPassesInputGradient() {
        checkInputGradient(new GlobalAveragePooling2D(), 2, 3, 4, 3);
    }

    @Test
    void reshapePassesInputGradient() {
        checkInputGradient(new Reshape(null, 3, -1), 2, 2, 3);
    }

    @Test
    void dropoutPassesInputGradient() {
        checkInputGradient(new Dropout(0.3f), 3, 8);
    }

    @Test
    void softmaxActivationPassesInputGradient() {
        checkInputGradient(new Activation(ActivationFunction.parse("softmax", false)), 3, 5);
    }

    @Test
    void qconv2dPassesInputGradientThroughQuantizedKernel() {
        checkInputGradient(new QConv2D(null, 3, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, new int[] {1, 1},
                QuantizerSpec.parse("quantized_bits(4,0,1,alpha='auto_po2')"), QuantizerSpec.parse("quantized_bits(8,3,1)"),
                ActivationFunction.LINEAR, true, Initializer.HE_NORMAL, Initializer.ZEROS), 2, 4, 4, 2);
    }
}
