package io.github.qkeras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QLayerTest {
    private static ForwardContext training(Tape tape) {
        return new ForwardContext(tape, true, QuantizerContext.training(1), new SplittableRandom(1));
    }

    /** QKeras's literal case: quantized_bits(2,0,alpha=1.0) maps weights 10 and 20 to 0.5, so [1,1,1,1] gives [2,2]. */
    @Test
    void qdenseUsesQuantizedKernelAndBias() {
        QDense dense = new QDense(null, 2, QuantizerSpec.parse("quantized_bits(2,0,alpha=1.0)"),
                QuantizerSpec.parse("quantized_bits(2,0,alpha=1.0)"), ActivationFunction.LINEAR, true,
                Initializer.ONES, Initializer.ZEROS);
        dense.setName("q_dense");
        dense.build(new int[] {4}, new SplittableRandom(1));
        dense.kernel().value().fill(10f);
        dense.kernel().value().data()[1] = 20f;

        float[] y = dense.forward(Variable.constant(Tensor.of(new float[] {1, 1, 1, 1}, 1, 4)),
                ForwardContext.inference()).value().data();

        assertArrayEquals(new float[] {2f, 2f}, y);
    }

    @Test
    void qdenseKernelQuantizerBecomesAutoPo2() {
        QDense dense = new QDense(3, QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR);

        String spec = dense.quantizers().get("kernel_quantizer").spec();

        assertTrue(spec.contains("auto_po2"), "kernel quantizer spec was " + spec);
    }

    @Test
    void qdenseKernelGradientIsStraightThrough() {
        QDense dense = new QDense(null, 2, QuantizerSpec.parse("quantized_bits(4,0,1,alpha=1)"), null,
                ActivationFunction.LINEAR, false, Initializer.HE_NORMAL, Initializer.ZEROS);
        dense.setName("q_dense");
        dense.build(new int[] {3}, new SplittableRandom(2));
        Tensor x = Tensor.of(new float[] {1f, -2f, 0.5f}, 1, 3);
        Tape tape = Tape.training();

        Variable y = dense.forward(Variable.constant(x), training(tape));
        Variable loss = sum(tape, y);
        tape.backward(loss);

        // d sum(x · Q(W)) / dW[i][j] = x[i] under the straight-through estimator, whatever Q does.
        float[] grad = dense.kernel().grad().data();
        assertArrayEquals(new float[] {1f, 1f, -2f, -2f, 0.5f, 0.5f}, grad);
    }

    @Test
    void constraintClipsQuantizedWeightsToQuantizerMax() {
        QDense dense = new QDense(null, 1, QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), null,
                ActivationFunction.LINEAR, false, Initializer.HE_NORMAL, Initializer.ZEROS);
        dense.setName("q_dense");
        dense.build(new int[] {2}, new SplittableRandom(2));
        dense.kernel().value().data()[0] = 9f;
        dense.kernel().value().data()[1] = -0.5f;

        dense.applyConstraints();

        assertEquals(4f, dense.kernel().value().data()[0], "max(1, 2^integer) bounds the float weight");
        assertEquals(-0.5f, dense.kernel().value().data()[1]);
    }

    @Test
    void qactivationQuantizesOutput() {
        QActivation activation = new QActivation(QuantizerSpec.parse("quantized_relu(2)"));
        activation.setName("q_activation");
        activation.build(new int[] {4}, new SplittableRandom(1));

        float[] y = activation.forward(Variable.constant(Tensor.of(new float[] {-1f, 0.3f, 0.6f, 2f}, 1, 4)),
                ForwardContext.inference()).value().data();

        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f}, y);
    }

    private static Variable sum(Tape tape, Variable y) {
        float total = 0f;
        for (float v : y.value().data()) {
            total += v;
        }
        Variable loss = tape.result(Tensor.scalar(total), y);
        tape.record(t -> {
            float[] dy = t.gradient(y).data();
            java.util.Arrays.fill(dy, loss.grad().data()[0]);
        });
        return loss;
    }
}
